import type http from 'node:http';
import { execute, getOperationAST, GraphQLError, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { EventBus, PrincipalChange } from '../db/event-bus';
import { formatError, unauthenticated } from '../shared/errors';
import { logger, withLogScope } from '../shared/logger';
import type { Actor } from '../shared/request-context';
import type { Context } from './context';
import { QUERY_LIMITS } from './limits';
import type { RequestPipeline } from './pipeline';
import { type Delivery, sharedSubscribe } from './shared-subscriptions';

/** Close code when the credential of a socket no longer carries the rights it was opened with. */
export const SESSION_ENDED = CloseCode.Forbidden; // 4403

/** A subscriber whose socket holds more unsent bytes than this is too slow for the fan-out. */
export const MAX_UNSENT_BYTES = 4 * 1024 * 1024;
/** "Try again later" (RFC 6455): the console's client reconnects and reloads what it shows. */
export const TOO_SLOW = 1013;

/**
 * Writes one encoded frame to a subscriber's socket. A subscriber that does
 * not read (a stalled browser tab, a hostile client) would otherwise make the
 * server buffer every event for it without limit: past MAX_UNSENT_BYTES its
 * socket is closed instead, and it may reconnect.
 */
export function writeFrame(
  socket: Pick<WebSocket, 'readyState' | 'bufferedAmount' | 'send' | 'close'>,
  frame: string,
): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  if (socket.bufferedAmount + frame.length > MAX_UNSENT_BYTES) {
    logger.warn('WebSocket subscriber too slow: closed', { unsentBytes: socket.bufferedAmount });
    socket.close(TOO_SLOW, 'Terlalu lambat menerima pembaruan; sambungkan ulang.');
    return;
  }
  socket.send(frame);
}

interface Watched {
  socket: WebSocket;
  authorization: string;
  actor: Actor;
  timer?: NodeJS.Timeout;
}

type Extra = {
  request: http.IncomingMessage;
  socket: WebSocket;
  watched?: Watched;
};

/**
 * GraphQL over WebSocket (graphql-ws), through the same pipeline as HTTP:
 * every subscribe message is parsed and validated with the document limits,
 * its principal is read again (a revoked key or ended session is refused, an
 * API key's call counted and audited), and each event of a subscription gets
 * its own unit of work and time budget.
 *
 * Open sockets are watched: a PRINCIPAL_CHANGED notification (any instance),
 * the session's own end (expiry, staff idle limit) or the periodic safety check
 * re-reads the credential, and a socket whose rights changed is closed (4403)
 * — its subscriptions end with it. None of these checks counts as activity.
 */
export function startWebSocket(
  httpServer: http.Server,
  schema: GraphQLSchema,
  pipeline: RequestPipeline,
  events: EventBus,
  recheckSeconds: number,
  /** The client's address as HTTP requests see it (the same trusted proxies). */
  clientAddress: (request: http.IncomingMessage) => string | null = (r) => r.socket.remoteAddress ?? null,
): { dispose(): Promise<void> } {
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: QUERY_LIMITS.maxPayloadBytes,
  });
  const watched = new Set<Watched>();

  const check = async (w: Watched) => {
    if (w.socket.readyState !== WebSocket.OPEN) return;
    let now: Actor;
    try {
      now = await pipeline.recheck(w.authorization);
    } catch (err) {
      // Database unreachable: keep the socket (its next operation is checked anyway) and look again later.
      logger.warn('WebSocket session check failed; retrying later', { error: String(err) });
      return;
    }
    if (!samePrincipal(w.actor, now)) {
      w.socket.close(SESSION_ENDED, 'Sesi berakhir');
      return;
    }
    w.actor = now;
    schedule(w);
  };
  // A session ends by itself at its expiry or idle limit: check again right then.
  const schedule = (w: Watched) => {
    clearTimeout(w.timer);
    const until = 'validUntil' in w.actor ? w.actor.validUntil : undefined;
    if (until === undefined) return;
    // setTimeout holds at most ~24.8 days; the periodic check covers anything further.
    const delay = Math.min(Math.max(0, until - Date.now()) + 50, 2 ** 31 - 1);
    w.timer = setTimeout(() => void check(w), delay);
  };
  const affected = (w: Watched, c: PrincipalChange) =>
    (c.kind === 'SESSION' && 'sessionId' in w.actor && w.actor.sessionId === c.id) ||
    (c.kind === 'STAFF' && w.actor.kind === 'STAFF' && w.actor.staffId === c.id) ||
    (c.kind === 'API_KEY' && w.actor.kind === 'API_KEY' && w.actor.apiKeyId === c.id);

  const offChange = events.onPrincipalChanged((c) => {
    for (const w of watched) if (affected(w, c)) void check(w);
  });
  // Notifications sent while the listener was down are lost: look at every socket.
  const offReconnect = events.onReconnect(() => {
    for (const w of watched) void check(w);
  });
  const safety = setInterval(() => {
    for (const w of watched) void check(w);
  }, recheckSeconds * 1000);
  safety.unref();

  const format = (errors: readonly GraphQLError[]) => errors.map((e) => formatError(e.toJSON(), e));
  // The socket and operation id of each subscription's context: the fan-out writes events itself.
  const deliveries = new WeakMap<object, Delivery>();

  // Lines logged while an operation runs carry its request id, principal kind and root field.
  const scoped = <T>(args: ExecutionArgs, work: () => T): T => {
    const c = args.contextValue as Context;
    const op = getOperationAST(args.document, args.operationName);
    const first = op?.selectionSet.selections[0];
    const field = first?.kind === 'Field' ? first.name.value : 'unknown';
    return withLogScope(
      { requestId: c.requestId, principal: c.actor.kind, operation: `${op?.operation} ${field}` },
      work,
    );
  };
  const subscribeShared = sharedSubscribe(
    (c) => (c as Context).actor,
    (c) => pipeline.eventContext(c as Context),
    {
      deliveryOf: (c) => deliveries.get(c as object),
      encode: (result) => JSON.stringify(result.errors ? { ...result, errors: format(result.errors) } : result),
    },
  );

  const cleanup = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      execute: (args) => scoped(args, () => execute(args)),
      subscribe: (args) => scoped(args, () => subscribeShared(args)),
      // Subscriptions are for staff and tools: a missing or bad token closes the socket (4403).
      onConnect: async (ctx) => {
        const auth = ctx.connectionParams?.authorization;
        if (typeof auth !== 'string') return false;
        const actor = await pipeline.recheck(auth);
        if (actor.kind === 'ANONYMOUS') return false;
        const w: Watched = { socket: ctx.extra.socket, authorization: auth, actor };
        ctx.extra.watched = w;
        watched.add(w);
        schedule(w);
        ctx.extra.socket.once('close', () => {
          clearTimeout(w.timer);
          watched.delete(w);
        });
        return true;
      },
      onSubscribe: async (ctx, id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        const document = pipeline.checkDocument(schema, payload.query);
        if (!('kind' in document)) return document; // formatted by onError
        const w = ctx.extra.watched!;
        const em = pipeline.context({ kind: 'ANONYMOUS' }, null).em;
        try {
          const actor = await pipeline.principal(em, w.authorization, 'WS');
          if (!samePrincipal(w.actor, actor)) {
            // The rights this socket was opened with are gone: refuse, then close it.
            setImmediate(() => w.socket.close(SESSION_ENDED, 'Sesi berakhir'));
            throw unauthenticated();
          }
          const context = pipeline.context(actor, clientAddress(ctx.extra.request), em);
          const operation = pipeline.operation(document, payload.operationName);
          await pipeline.admit(context, operation, document);
          const socket = ctx.extra.socket;
          deliveries.set(context, {
            id,
            send: (frame) => writeFrame(socket, frame),
          });
          return {
            schema,
            document,
            operationName: payload.operationName,
            variableValues: payload.variables,
            contextValue: context,
          };
        } catch (err) {
          const e = err instanceof Error ? err : new Error(String(err));
          return [new GraphQLError(e.message, { originalError: e })]; // formatted by onError
        }
      },
      onNext: (_ctx, _id, _payload, args, result) => {
        pipeline.finish(args.contextValue as Context);
        return result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : undefined;
      },
      onError: (_ctx, _id, _payload, errors) => format(errors),
    },
    wsServer,
  );
  return {
    async dispose() {
      offChange();
      offReconnect();
      clearInterval(safety);
      for (const w of watched) clearTimeout(w.timer);
      await cleanup.dispose();
    },
  };
}

/** Whether a re-read credential still carries exactly the rights the socket was opened with. */
export function samePrincipal(before: Actor, now: Actor): boolean {
  if (now.kind !== before.kind) return false;
  switch (before.kind) {
    case 'STAFF':
      return (
        now.kind === 'STAFF' &&
        now.staffId === before.staffId &&
        now.role === before.role &&
        (now.unitScope ?? null) === (before.unitScope ?? null)
      );
    case 'ACCOUNT':
      return now.kind === 'ACCOUNT' && now.accountId === before.accountId;
    case 'API_KEY':
      return (
        now.kind === 'API_KEY' &&
        now.apiKeyId === before.apiKeyId &&
        [...now.scopes].sort().join(',') === [...before.scopes].sort().join(',')
      );
    default:
      return false;
  }
}
