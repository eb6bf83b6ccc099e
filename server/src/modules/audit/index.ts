import { AuditEvent } from './audit.entity';
import { AccountAuditTrailResolver, AuditActorNameResolver, AuditResolver } from './audit.resolver';
export { AuditService } from './audit.service';
export { AuditChain } from './audit-chain';
export { AuditQueries } from './audit-query.service';
export const entities = [AuditEvent];
export const resolvers: Function[] = [AuditResolver, AccountAuditTrailResolver, AuditActorNameResolver];
