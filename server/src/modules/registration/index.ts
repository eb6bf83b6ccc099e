import { RegistrationFlow } from './registration.entity';
import { RegistrationResolver } from './registration.resolver';
import { AccountRegistrationsResolver } from './registration-history.resolver';
export { RegistrationService } from './registration.service';
export const entities = [RegistrationFlow];
export const resolvers: Function[] = [RegistrationResolver, AccountRegistrationsResolver];
