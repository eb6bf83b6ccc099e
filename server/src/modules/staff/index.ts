import { StaffUser } from './staff.entity';
import { StaffResolver } from './staff.resolver';
export { StaffService } from './staff.service';
export const entities = [StaffUser];
export const resolvers: Function[] = [StaffResolver];
