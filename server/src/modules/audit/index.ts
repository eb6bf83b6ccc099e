import { AuditEvent } from './audit.entity';
export { AuditService } from './audit.service';
export const entities = [AuditEvent];
export const resolvers: Function[] = [];
