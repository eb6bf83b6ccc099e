import type { EntityManager } from '@mikro-orm/postgresql';
import type { SessionService } from '../modules/auth/session.service';
import { RequestContext, requestContext } from '../shared/request-context';

/**
 * The GraphQL context is the transport-neutral request context itself:
 * resolvers hand it to services unchanged.
 */
export type Context = RequestContext;

/** Builds the context of one HTTP request or WebSocket operation from its bearer token. */
export async function contextFor(
  em: EntityManager,
  sessions: SessionService,
  authorization: string | undefined,
  ip: string | null,
): Promise<RequestContext> {
  return requestContext(em, await sessions.resolve(em, authorization), ip);
}
