import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Actor } from '../shared/request-context';

/**
 * Subscription execution shared between subscribers. graphql-js executes the
 * selection once per event per subscriber, and graphql-ws encodes a frame per
 * subscriber; a status change watched by a thousand consoles would run the
 * same resolvers and the same JSON.stringify a thousand times. Here an event
 * is executed and encoded once per distinct (query, variables, permissions)
 * and the result handed to every subscriber with that key.
 *
 * Sound because subscription resolvers depend only on the event, their
 * arguments and what the caller's role or scopes allow — never on who the
 * caller is. A subscription that returns per-person data must not be added
 * without putting the person into `permissionKey`.
 */
export function permissionKey(actor: Actor): string {
  switch (actor.kind) {
    case 'STAFF':
      // A regional officer's events are their unit's (complaintUpdated): the unit is part of the permission.
      return `STAFF:${actor.role}:${actor.unitScope ?? 'ALL'}`;
    case 'API_KEY':
      return `API_KEY:${[...actor.scopes].sort().join(',')}`;
    default:
      return actor.kind;
  }
}

type Results = Map<string, Promise<ExecutionResult>>;

/**
 * Where the events of one subscription go when the fan-out writes them itself:
 * the protocol's operation id and a raw write to the subscriber's socket.
 */
export interface Delivery {
  id: string;
  /** Writes one already encoded frame (a no-op once the socket is closed). */
  send(frame: string): void;
}

/** The payload of a `next` message, errors formatted, encoded as JSON. */
export type EncodeResult = (result: ExecutionResult) => string;

interface Member {
  args: ExecutionArgs;
  /** `{"id":<id>,"type":"next","payload":` — the only per-subscriber part of a frame. */
  head: string;
  delivery: Delivery;
  finish(outcome: { error?: unknown }): void;
}

interface Group {
  members: Set<Member>;
  source: AsyncIterator<unknown>;
}

/**
 * @param actorOf the caller of a subscription (from its context)
 * @param eventContext the context one event is executed with: the same caller
 *   with a fresh unit of work and time budget, so that the budget of one
 *   operation never ends a subscription that lives for hours
 * @param fanOut when given, subscriptions whose context has a `Delivery` are
 *   served by a fan-out: subscribers with the same key share ONE source
 *   stream, each event is executed once and encoded once per key, and the
 *   same payload bytes are written to every socket (only the operation id is
 *   spliced in). The iterator handed back to the protocol yields nothing; it
 *   ends when the subscriber completes or the shared source ends.
 */
export function sharedSubscribe(
  actorOf: (contextValue: unknown) => Actor,
  eventContext: (contextValue: unknown) => unknown = (c) => c,
  fanOut?: { deliveryOf(contextValue: unknown): Delivery | undefined; encode: EncodeResult },
) {
  const byEvent = new WeakMap<object, Results>();
  const groups = new Map<string, Group>();

  const pump = async (key: string, group: Group, encode: EncodeResult) => {
    let ended: { error?: unknown } = {};
    try {
      for (;;) {
        const r = await group.source.next();
        if (r.done || !group.members.size) break;
        // Executed as one of the subscribers still there: they share the key, so they share the answer.
        const [first] = group.members;
        const result = await execute({
          ...first.args,
          contextValue: eventContext(first.args.contextValue),
          rootValue: r.value,
        });
        const payload = encode(result);
        for (const m of group.members) m.delivery.send(`${m.head}${payload}}`);
      }
    } catch (error) {
      ended = { error };
    } finally {
      if (groups.get(key) === group) groups.delete(key);
      for (const m of group.members) m.finish(ended);
      group.members.clear();
    }
  };

  const join = (key: string, args: ExecutionArgs, source: AsyncIterator<unknown>, delivery: Delivery) => {
    let group = groups.get(key);
    if (group) {
      // Its own stream was only opened to run the subscribe step (arguments, rights) for this caller.
      void source.return?.();
    } else {
      group = { members: new Set(), source };
      groups.set(key, group);
    }
    let settle!: (r: IteratorResult<ExecutionResult>) => void;
    let fail!: (err: unknown) => void;
    const ended = new Promise<IteratorResult<ExecutionResult>>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    ended.catch(() => undefined); // a member that never asked for its next event must not leave an unhandled rejection
    const member: Member = {
      args,
      head: `{"id":${JSON.stringify(delivery.id)},"type":"next","payload":`,
      delivery,
      finish: ({ error }) => (error === undefined ? settle({ done: true, value: undefined }) : fail(error)),
    };
    group.members.add(member);
    if (group.members.size === 1) void pump(key, group, fanOut!.encode);
    const g = group;
    const leave = async () => {
      g.members.delete(member);
      settle({ done: true, value: undefined });
      if (!g.members.size && groups.get(key) === g) {
        groups.delete(key);
        await g.source.return?.();
      }
    };
    const stream: AsyncIterableIterator<ExecutionResult> = {
      next: () => ended,
      async return() {
        await leave();
        return { done: true, value: undefined };
      },
      async throw(err) {
        await leave();
        throw err;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return stream;
  };

  return async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source; // errors before any event
    const key = JSON.stringify([
      print(args.document),
      args.operationName ?? null,
      args.variableValues ?? {},
      permissionKey(actorOf(args.contextValue)),
    ]);
    const delivery = fanOut?.deliveryOf(args.contextValue);
    if (delivery) return join(key, args, source[Symbol.asyncIterator](), delivery);
    const run = (event: unknown) =>
      Promise.resolve(execute({ ...args, contextValue: eventContext(args.contextValue), rootValue: event }));
    const it = source[Symbol.asyncIterator]();
    const stream: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        const r = await it.next();
        if (r.done) return { done: true, value: undefined };
        const event: unknown = r.value;
        if (typeof event !== 'object' || event === null) return { done: false, value: await run(event) };
        let results = byEvent.get(event);
        if (!results) byEvent.set(event, (results = new Map()));
        let result = results.get(key);
        if (!result) results.set(key, (result = run(event)));
        return { done: false, value: await result };
      },
      async return() {
        await it.return?.();
        return { done: true, value: undefined };
      },
      async throw(err) {
        await it.return?.();
        throw err;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return stream;
  };
}
