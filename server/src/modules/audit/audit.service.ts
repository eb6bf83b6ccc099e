import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor, RequestContext } from '../../shared/request-context';
import { maskDetails } from '../../domain/mask';
import { AuditEvent } from './audit.entity';

export interface AuditInput {
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

function actorColumns(a: Actor): Pick<AuditEvent, 'actorType' | 'actorId'> {
  switch (a.kind) {
    case 'ANONYMOUS':
      return { actorType: 'PUBLIC', actorId: null };
    case 'ACCOUNT':
      return { actorType: 'ACCOUNT', actorId: a.accountId };
    case 'STAFF':
      return { actorType: 'STAFF', actorId: a.staffId };
    case 'API_KEY':
      return { actorType: 'API_KEY', actorId: a.apiKeyId };
    case 'SYSTEM':
      return { actorType: 'SYSTEM', actorId: a.name };
  }
}

/**
 * Details as they are stored: NIK, email and phone in any string masked
 * (dates kept) and no hash of a value. The log is append-only and chained by
 * hash, so it can never be cleaned later: a personal value written here
 * would outlive the anonymisation of its account (docs/security.md,
 * "Deletion and anonymisation").
 */
function storedDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  return maskDetails(details ?? {}) as Record<string, unknown>;
}

/**
 * Append-only audit trail (UU PDP: access to personal data must be accountable; see docs/security.md).
 * The database chains every row by hash as it is inserted (audit-chain.ts).
 */
export class AuditService {
  /**
   * Writes an event at once, in one statement (in `em`'s transaction when it
   * has one): for reads, whose only write is their audit row.
   */
  async write(ctx: Pick<RequestContext, 'actor' | 'ip'>, em: EntityManager, e: AuditInput): Promise<void> {
    const actor = actorColumns(ctx.actor);
    await em.execute(
      `insert into audit_event (id, actor_type, actor_id, action, target_type, target_id, ip, details, at)
       values (?, ?, ?, ?, ?, ?, ?, ?, now())`,
      [
        randomUUID(),
        actor.actorType,
        actor.actorId,
        e.action,
        e.targetType ?? null,
        e.targetId ?? null,
        ctx.ip,
        JSON.stringify(storedDetails(e.details)),
      ],
    );
  }

  /**
   * Records an event by the context's actor in `em`'s unit of work: it is
   * written by the caller's next flush or commit, together with the change
   * (or read) it describes.
   */
  record(ctx: Pick<RequestContext, 'actor' | 'ip'>, em: EntityManager, e: AuditInput): void {
    em.persist(
      em.create(AuditEvent, {
        ...actorColumns(ctx.actor),
        action: e.action,
        targetType: e.targetType ?? null,
        targetId: e.targetId ?? null,
        ip: ctx.ip,
        details: storedDetails(e.details),
      }),
    );
  }
}
