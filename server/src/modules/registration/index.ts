import { RegistrationFlow } from './registration.entity';
import { RegistrationResolver } from './registration.resolver';
import { AccountRegistrationsResolver } from './registration-history.resolver';
import { RegistrationStaffResolver } from './registration-staff.resolver';
export { RegistrationService } from './registration.service';
export { RegistrationStaff } from './registration-staff.service';
export const entities = [RegistrationFlow];
export const resolvers: Function[] = [RegistrationResolver, AccountRegistrationsResolver, RegistrationStaffResolver];
