import { ServiceUnit } from './service-unit.entity';
import { ComplaintUnitResolver, ServiceUnitResolver, StaffUnitResolver } from './service-unit.resolver';
export { NATIONAL_UNIT_ID, ServiceUnit } from './service-unit.entity';
export { ServiceUnitService } from './service-unit.service';
export const entities = [ServiceUnit];
export const resolvers: Function[] = [ServiceUnitResolver, StaffUnitResolver, ComplaintUnitResolver];
