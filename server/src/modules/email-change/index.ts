import { EmailChangeRequest } from './email-change.entity';
import { AccountEmailChangesResolver, EmailChangeResolver } from './email-change.resolver';
export { EmailChangeService } from './email-change.service';
export const entities = [EmailChangeRequest];
export const resolvers: Function[] = [EmailChangeResolver, AccountEmailChangesResolver];
