import { Account } from './account.entity';
import { AccountResolver } from './account.resolver';
import { ApplicantKind } from './applicant-kind';
export { AccountQueries, contactFor, identifierWhere } from './account-query.service';
export { AccountLifecycle, ACCOUNT_GRACE_DAYS } from './account-lifecycle.service';
export { ApplicantAuthService } from './applicant-auth.service';
export const entities = [Account, ApplicantKind];
export const resolvers: Function[] = [AccountResolver];
