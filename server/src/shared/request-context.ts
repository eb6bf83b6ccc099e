import { randomUUID } from 'node:crypto';
import { forbidden } from './errors';
import { currentLogScope } from './logger';
import type { EntityManager } from '@mikro-orm/postgresql';

export type StaffRole = 'OUTREACH' | 'HELPDESK' | 'SUPERVISOR' | 'ADMIN';
/**
 * `@Authorized(role)` admits that role and the ones ranked above it. OUTREACH (the officers at an outreach
 * desk) ranks below HELPDESK: it reaches only the outreach desk, never account data or the outbox.
 */
export const STAFF_ROLE_RANK: Record<StaffRole, number> = { OUTREACH: 0, HELPDESK: 1, SUPERVISOR: 2, ADMIN: 3 };

/**
 * Who is acting: anonymous, an applicant, a staff user, another tool's API key, or the system (jobs, CLIs).
 * `validUntil` (epoch ms) is when a session ends by itself (expiry, staff idle limit) unless used again.
 */
export type Actor =
  | { kind: 'ANONYMOUS' }
  | {
      kind: 'ACCOUNT';
      accountId: string;
      sessionId: string;
      validUntil?: number;
      /**
       * Set while the account must accept a newer terms and privacy notice: the session is then
       * limited to accepting it (shared/limited-session.ts, docs/security.md "Re-acceptance").
       */
      consentRequired?: { version: number; summaryUrl: string | null };
    }
  | {
      kind: 'STAFF';
      staffId: string;
      role: StaffRole;
      sessionId: string;
      validUntil?: number;
      /** The regional unit the officer's complaints are limited to; null or absent: every unit (national). */
      unitScope?: string | null;
      /**
       * Set while the officer still signs in with a password an administrator generated: the session is
       * then limited to choosing their own (shared/limited-session.ts, docs/security.md "Staff and API keys").
       */
      passwordChangeRequired?: true;
    }
  | { kind: 'API_KEY'; apiKeyId: string; name: string; scopes: string[]; throttledForSeconds: number }
  | { kind: 'SYSTEM'; name: string };

/**
 * What every service call carries, whatever the transport: an HTTP request,
 * a WebSocket operation, a job or a command-line run. Services never see
 * GraphQL; resolvers, the WebSocket server, jobs and CLIs build this.
 */
export interface RequestContext {
  /** A forked EntityManager: one unit of work per request or operation. */
  em: EntityManager;
  actor: Actor;
  /** Client address as far as it can be trusted; null for jobs and CLIs. */
  ip: string | null;
  /** Correlates log lines and the id an unexpected error shows to the client. */
  requestId: string;
  /** The operation writes (a mutation): its reads must see that write, so none goes to a read replica. */
  readPrimary?: boolean;
}

export const ANONYMOUS: Actor = { kind: 'ANONYMOUS' };

export function requestContext(em: EntityManager, actor: Actor = ANONYMOUS, ip: string | null = null): RequestContext {
  return { em, actor, ip, requestId: currentLogScope()?.requestId ?? randomUUID() };
}

/** A context for work the system does on its own (scheduled jobs, command-line tools). */
export function systemContext(em: EntityManager, name: string): RequestContext {
  return requestContext(em, { kind: 'SYSTEM', name });
}

/** Whether an API key actor holds a scope. */
export function hasScope(actor: Actor, scope: string): boolean {
  return actor.kind === 'API_KEY' && actor.scopes.includes(scope);
}

/**
 * Decisions that bind every unit (breach notices to applicants, the canned
 * responses every officer sends) are the national helpdesk's: an officer of a
 * regional service unit is FORBIDDEN.
 */
export function nationalOnly(ctx: RequestContext): void {
  if (ctx.actor.kind === 'STAFF' && ctx.actor.unitScope) throw forbidden();
}

/**
 * The regional service unit a staff caller's work is limited to, or null when
 * they see every unit (national officers; also the system and API keys).
 */
export function unitScopeOf(ctx: RequestContext): string | null {
  return ctx.actor.kind === 'STAFF' ? (ctx.actor.unitScope ?? null) : null;
}

/** The staff user behind the context, or undefined. */
export function staffActor(ctx: RequestContext): Extract<Actor, { kind: 'STAFF' }> | undefined {
  return ctx.actor.kind === 'STAFF' ? ctx.actor : undefined;
}
