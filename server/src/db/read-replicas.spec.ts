import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Actor, RequestContext } from '../shared/request-context';
import { isConnectionError, ReadReplicas } from './read-replicas';

/** An ORM whose driver holds `n` replica pools that answer `health` queries as told. */
function fakeOrm(n: number, answer: (i: number) => Promise<unknown[]>) {
  const replicas = Array.from({ length: n }, (_, i) => ({ execute: () => answer(i) }));
  const primary = { execute: async () => [] };
  const driver = { replicas, getConnection: (_type?: 'read' | 'write'): unknown => primary };
  return { orm: { em: { getDriver: () => driver } } as unknown as MikroORM, driver, primary, replicas };
}

function ctx(actor: Actor = { kind: 'STAFF', staffId: 's', role: 'HELPDESK', sessionId: 'sess-1' }, inTx = false) {
  const methods = {
    find: () => 0,
    findOne: () => 0,
    findAndCount: () => 0,
    count: () => 0,
    createQueryBuilder: () => 0,
  };
  // Its fork (the replica's view) is marked, so a test can tell where the work ran.
  const em = { ...methods, isInTransaction: () => inTx, fork: () => ({ ...methods, view: true }) };
  return { em: em as unknown as EntityManager, actor, ip: null, requestId: 'r' } as RequestContext;
}

describe('read replica routing', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('sends nothing to a replica when none is configured, and outside `run` the read connection is the primary', () => {
    const reads = new ReadReplicas({ stickySeconds: 5, retrySeconds: 30 }, clock);
    reads.attach(fakeOrm(0, async () => []).orm);
    expect(reads.target(ctx())).toBe('primary');
    const f = fakeOrm(1, async () => []);
    new ReadReplicas({ stickySeconds: 5, retrySeconds: 30 }, clock).attach(f.orm);
    expect(f.driver.getConnection('read')).toBe(f.primary);
  });

  it('takes turns between healthy replicas; a mutation pins its own and its caller’s reads to the primary for the window', async () => {
    const reads = new ReadReplicas({ stickySeconds: 5, retrySeconds: 30 }, clock);
    const f = fakeOrm(2, async () => []);
    reads.attach(f.orm);
    expect(reads.target(ctx())).toBe('replica-1');
    // Inside `run`, MikroORM's read connection is the replica chosen for that work.
    const used: unknown[] = [];
    for (let k = 0; k < 4; k++) used.push(await reads.run(ctx(), async () => f.driver.getConnection('read')));
    expect(used).toEqual([f.replicas[0], f.replicas[1], f.replicas[0], f.replicas[1]]);
    expect(f.driver.getConnection('read')).toBe(f.primary);
    const c = ctx();
    expect(c.readPrimary).toBeUndefined();
    reads.wrote(c);
    expect(c.readPrimary).toBe(true);
    expect(reads.target(c)).toBe('primary');
    // The same session in its next operation: primary until the window ends, to the millisecond.
    expect(reads.target(ctx())).toBe('primary');
    now += 4999;
    expect(reads.target(ctx())).toBe('primary');
    now += 1;
    expect(reads.target(ctx())).toBe('replica-1');
    // A mutation that takes long: the window counts from its answer, not its start.
    const slow = ctx();
    reads.wrote(slow);
    now += 8000;
    reads.finished(slow);
    now += 4999;
    expect(reads.target(ctx())).toBe('primary');
    now += 1;
    expect(reads.target(ctx())).toBe('replica-1');
    // A read-only operation's end starts nothing.
    reads.finished(ctx());
    expect(reads.target(ctx())).toBe('replica-1');
    // Another session and callers without one (system work) were never pinned; a transaction always is.
    reads.wrote(ctx());
    expect(reads.target(ctx({ kind: 'STAFF', staffId: 's', role: 'HELPDESK', sessionId: 'sess-2' }))).toBe('replica-1');
    expect(reads.target(ctx({ kind: 'SYSTEM', name: 'job' }))).toBe('replica-1');
    expect(reads.target(ctx({ kind: 'SYSTEM', name: 'job' }, true))).toBe('primary');
  });

  it('retries a read on the primary when the replica cannot be reached, and leaves that replica alone for the retry time', async () => {
    const reads = new ReadReplicas({ stickySeconds: 5, retrySeconds: 30 }, clock);
    const f = fakeOrm(2, async () => [{ standby: true, lag: 0 }]);
    reads.attach(f.orm);
    const c = ctx({ kind: 'SYSTEM', name: 'job' });
    const seen: string[] = [];
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const answer = await reads.run(c, async (em) => {
      const onView = (em as unknown as { view?: boolean }).view === true;
      seen.push(onView ? 'replica' : 'primary');
      if (onView) throw refused;
      return 42;
    });
    expect({ answer, seen }).toEqual({ answer: 42, seen: ['replica', 'primary'] });
    // replica-1 failed: the next reads go to replica-2 only, until 30 s have passed.
    expect(reads.target(c)).toBe('replica-2');
    expect(reads.target(c)).toBe('replica-2');
    now += 30_000;
    expect(['replica-1', 'replica-2']).toContain(reads.target(c));
    // A statement's own error is the caller's: not retried, the replica stays in use.
    const wrong = Object.assign(new Error('syntax error'), { code: '42601' });
    await expect(reads.run(c, async () => Promise.reject(wrong))).rejects.toBe(wrong);
  });

  it('reports each replica in /healthz, and a replica found answering again is used at once', async () => {
    let down = true;
    const reads = new ReadReplicas({ stickySeconds: 5, retrySeconds: 600 }, clock);
    reads.attach(
      fakeOrm(1, async () => {
        if (down) throw Object.assign(new Error('Connection terminated unexpectedly'), {});
        return [{ standby: true, lag: 0.25 }];
      }).orm,
    );
    expect(await reads.health()).toEqual([{ name: 'replica-1', ok: false, lagSeconds: null, error: 'unavailable' }]);
    expect(reads.target(ctx())).toBe('primary');
    down = false;
    expect(await reads.health()).toEqual([{ name: 'replica-1', ok: true, lagSeconds: 0.25 }]);
    expect(reads.target(ctx())).toBe('replica-1');
  });

  it('knows connection failures from statement errors', () => {
    const e = (props: object) => Object.assign(new Error('x'), props);
    for (const err of [
      e({ code: 'ECONNREFUSED' }),
      e({ code: '57P01' }),
      e({ code: '08006' }),
      e({ name: 'KnexTimeoutError' }),
      new Error('Connection terminated unexpectedly'),
      e({ cause: e({ code: 'ETIMEDOUT' }) }),
    ]) {
      expect(isConnectionError(err)).toBe(true);
    }
    for (const err of [e({ code: '42601' }), e({ code: '25006' }), e({ code: '23505' }), new Error('x'), undefined]) {
      expect(isConnectionError(err)).toBe(false);
    }
  });
});
