import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Actor } from '../shared/request-context';

/**
 * Subscription execution shared between subscribers. graphql-js executes the
 * selection once per event per subscriber; a status change watched by a
 * thousand consoles would run the same resolvers a thousand times. Here an
 * event object is executed once per distinct (query, variables, permissions)
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
      return `STAFF:${actor.role}`;
    case 'API_KEY':
      return `API_KEY:${[...actor.scopes].sort().join(',')}`;
    default:
      return actor.kind;
  }
}

type Results = Map<string, Promise<ExecutionResult>>;

/**
 * @param actorOf the caller of a subscription (from its context)
 * @param eventContext the context one event is executed with: the same caller
 *   with a fresh unit of work and time budget, so that the budget of one
 *   operation never ends a subscription that lives for hours
 */
export function sharedSubscribe(
  actorOf: (contextValue: unknown) => Actor,
  eventContext: (contextValue: unknown) => unknown = (c) => c,
) {
  const byEvent = new WeakMap<object, Results>();
  return async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source; // errors before any event
    const key = JSON.stringify([
      print(args.document),
      args.operationName ?? null,
      args.variableValues ?? {},
      permissionKey(actorOf(args.contextValue)),
    ]);
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
