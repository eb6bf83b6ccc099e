import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context';
import { AuditEvent } from './audit.entity';

export interface AuditInput {
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/** Append-only audit trail (UU PDP: access to personal data must be accountable). */
export class AuditService {
  /** Records an event by the current principal, in the caller's unit of work. */
  record(ctx: Pick<Context, 'principal' | 'ip'>, em: EntityManager, e: AuditInput): void {
    const p = ctx.principal;
    em.persist(
      em.create(AuditEvent, {
        actorType: p.kind === 'ANONYMOUS' ? 'PUBLIC' : p.kind,
        actorId: p.kind === 'ACCOUNT' ? p.accountId : p.kind === 'STAFF' ? p.staffId : null,
        action: e.action,
        targetType: e.targetType ?? null,
        targetId: e.targetId ?? null,
        ip: ctx.ip,
        details: e.details ?? {},
      }),
    );
  }
}
