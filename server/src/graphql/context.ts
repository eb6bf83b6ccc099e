import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApiKeyService } from '../modules/api-key/api-key.service';
import { isApiKeyToken } from '../modules/api-key/api-key.service';
import type { SessionService } from '../modules/auth/session.service';
import { QUERY_LIMITS } from './limits';
import { ANONYMOUS, Actor, RequestContext, requestContext } from '../shared/request-context';

/**
 * The GraphQL context: the transport-neutral request context that resolvers
 * hand to services, plus per-request batching caches for nested fields.
 */
export interface Context extends RequestContext {
  loaders: Map<string, unknown>;
  /** After this instant (ms) no further resolver starts (QUERY_LIMITS.operationMs). */
  deadline: number;
  /** Things a request may do once (e.g. issue a captcha). */
  once: Set<string>;
}

export interface Authenticators {
  sessions: SessionService;
  apiKeys: ApiKeyService;
}

export interface PrincipalOptions {
  /** The person used the session (keeps a staff session from going idle). */
  activity: boolean;
  /** Count the call against an API key's per-minute budget. */
  count: boolean;
}

/**
 * `Bearer <token>` (or a bare token) → who is calling: a session (applicant,
 * staff) or another tool's API key. Read again for every operation; nothing is cached.
 */
export async function principalFor(
  em: EntityManager,
  auth: Authenticators,
  authorization: string | null | undefined,
  opts: PrincipalOptions = { activity: true, count: true },
): Promise<Actor> {
  const token = authorization?.replace(/^Bearer\s+/i, '').trim();
  if (!token || token.length > 200) return ANONYMOUS;
  if (isApiKeyToken(token)) return opts.count ? auth.apiKeys.resolve(em, token) : auth.apiKeys.check(em, token);
  return auth.sessions.resolve(em, token, opts.activity);
}

/** Builds the context of one HTTP request or WebSocket operation. */
export function contextFor(em: EntityManager, actor: Actor, ip: string | null): Context {
  return {
    ...requestContext(em, actor, ip),
    loaders: new Map(),
    deadline: Date.now() + QUERY_LIMITS.operationMs,
    once: new Set(),
  };
}
