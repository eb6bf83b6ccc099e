import { createPubSub, filter, pipe } from '@graphql-yoga/subscription';
import {
  GraphQLID,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import type { Actor } from '../shared/request-context';
import { type Delivery, sharedSubscribe } from './shared-subscriptions';

type Event = { id: string; email: string };

/** A subscription whose answer depends on the caller's role (the email is masked for HELPDESK). */
function setup() {
  const pubSub = createPubSub<{ CHANGED: [Event] }>();
  const counts = { resolved: 0, encoded: 0, sources: 0, sourcesClosed: 0 };
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        changed: {
          type: new GraphQLObjectType({
            name: 'Changed',
            fields: { id: { type: GraphQLID }, email: { type: GraphQLString } },
          }),
          args: { id: { type: GraphQLID } },
          subscribe: (_root, args: { id?: string }) => {
            counts.sources++;
            const it = pipe(
              pubSub.subscribe('CHANGED'),
              filter((e: Event) => !args.id || e.id === args.id),
            )[Symbol.asyncIterator]();
            const ret = it.return!.bind(it);
            it.return = (v?: void) => {
              counts.sourcesClosed++;
              return ret(v);
            };
            return { [Symbol.asyncIterator]: () => it };
          },
          resolve: (event: Event, _args, ctx: { actor: Actor }) => {
            counts.resolved++;
            const masked = ctx.actor.kind === 'STAFF' && ctx.actor.role === 'HELPDESK';
            return { id: event.id, email: masked ? 'bu****@example.id' : event.email };
          },
        },
      },
    }),
  });
  const frames = new Map<string, string[]>();
  const deliveries = new WeakMap<object, Delivery>();
  const subscribe = sharedSubscribe(
    (c) => (c as { actor: Actor }).actor,
    (c) => c,
    {
      deliveryOf: (c) => deliveries.get(c as object),
      encode: (r: ExecutionResult) => (counts.encoded++, JSON.stringify(r)),
    },
  );
  let next = 0;
  /** One subscriber on its own "socket"; `fanOut: false` leaves the delivery out (the per-subscriber path). */
  const subscriber = async (actor: Actor, variables: Record<string, unknown> = {}, fanOut = true) => {
    const id = `op-${++next}`;
    const contextValue = { actor };
    if (fanOut) deliveries.set(contextValue, { id, send: (f) => frames.set(id, [...(frames.get(id) ?? []), f]) });
    const args: ExecutionArgs = {
      schema,
      document: parse('subscription($id: ID) { changed(id: $id) { id email } }'),
      variableValues: variables,
      contextValue,
    };
    const stream = (await subscribe(args)) as AsyncIterableIterator<ExecutionResult>;
    return { id, stream, received: () => (frames.get(id) ?? []).map((f) => JSON.parse(f)) };
  };
  const publish = async (e: Event) => {
    pubSub.publish('CHANGED', e);
    await new Promise((r) => setTimeout(r, 20));
  };
  return { counts, subscriber, publish, frames };
}

describe('subscription fan-out: executed and encoded once per distinct result, the same bytes to every socket', () => {
  it('executes and encodes an event once per key; subscribers with other rights get their own result', async () => {
    const { counts, subscriber, publish, frames } = setup();
    const h1 = await subscriber(staff('HELPDESK', 1));
    const h2 = await subscriber(staff('HELPDESK', 2));
    const h3 = await subscriber(staff('HELPDESK', 3));
    const sup = await subscriber(staff('SUPERVISOR', 4));
    // Three HELPDESK subscribers share one source stream: the extra ones are closed at once.
    expect(counts.sources).toBe(4);
    expect(counts.sourcesClosed).toBe(2);
    await publish({ id: 'a1', email: 'budi@example.id' });
    expect(counts.resolved).toBe(2);
    expect(counts.encoded).toBe(2);
    const masked = { data: { changed: { id: 'a1', email: 'bu****@example.id' } } };
    for (const s of [h1, h2, h3]) expect(s.received()).toEqual([{ id: s.id, type: 'next', payload: masked }]);
    expect(sup.received()).toEqual([
      { id: sup.id, type: 'next', payload: { data: { changed: { id: 'a1', email: 'budi@example.id' } } } },
    ]);
    // Byte for byte the same frame but for the operation id.
    const strip = (s: { id: string }) => frames.get(s.id)![0].replace(JSON.stringify(s.id), '""');
    expect(strip(h1)).toBe(strip(h3));
    expect(strip(h1)).not.toBe(strip(sup));
  });

  it('keeps other variables apart, and the filter still applies', async () => {
    const { counts, subscriber, publish } = setup();
    const all = await subscriber(staff('SUPERVISOR', 1));
    const one = await subscriber(staff('SUPERVISOR', 2), { id: 'b2' });
    await publish({ id: 'b1', email: 'x@example.id' });
    await publish({ id: 'b2', email: 'y@example.id' });
    expect(all.received().map((f) => f.payload.data.changed.id)).toEqual(['b1', 'b2']);
    expect(one.received().map((f) => f.payload.data.changed.id)).toEqual(['b2']);
    expect(counts.resolved).toBe(3);
  });

  it('stops writing to a subscriber that completed; the group lives on without its first member', async () => {
    const { counts, subscriber, publish } = setup();
    const first = await subscriber(staff('HELPDESK', 1));
    const second = await subscriber(staff('HELPDESK', 2));
    const pending = first.stream.next();
    await first.stream.return!();
    expect(await pending).toEqual({ done: true, value: undefined });
    await publish({ id: 'c1', email: 'c@example.id' });
    expect(first.received()).toEqual([]);
    expect(second.received()).toHaveLength(1);
    expect(counts.sourcesClosed).toBe(1); // the second one's own stream, closed at join
    await second.stream.return!();
    expect(counts.sourcesClosed).toBe(2); // the last one out closes the shared stream
    // A new subscriber after that starts a new group of its own.
    const third = await subscriber(staff('HELPDESK', 3));
    await publish({ id: 'c2', email: 'c@example.id' });
    expect(third.received().map((f) => f.payload.data.changed.id)).toEqual(['c2']);
    expect(second.received()).toHaveLength(1);
  });

  it('without a delivery (no socket) yields results through the iterator, still executed once per key', async () => {
    const { counts, subscriber, publish } = setup();
    const a = await subscriber(staff('HELPDESK', 1), {}, false);
    const b = await subscriber(staff('HELPDESK', 2), {}, false);
    const na = a.stream.next();
    const nb = b.stream.next();
    await publish({ id: 'd1', email: 'd@example.id' });
    expect((await na).value).toEqual({ data: { changed: { id: 'd1', email: 'bu****@example.id' } } });
    expect((await nb).value).toEqual((await na).value);
    expect(counts.resolved).toBe(1);
    expect(counts.encoded).toBe(0);
  });
});

function staff(role: 'HELPDESK' | 'SUPERVISOR', n: number): Actor {
  return { kind: 'STAFF', role, staffId: `s${n}`, sessionId: `x${n}` };
}
