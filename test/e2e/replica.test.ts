import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { query, startTestApp } from '../support/app';
import { seedAccount, staffSession } from '../support/flows';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { Cluster, Replica, startPrimary, startReplica } from '../support/replica';
import { requestContext, systemContext } from '../../server/src/shared/request-context';

/**
 * A real streaming replica of a PostgreSQL of its own (db/read-replicas.ts,
 * docs/architecture.md "Read replicas"). A read is proven to come from the
 * replica by pausing its replay: a row written on the primary afterwards is
 * missing from the answer.
 */
const SEARCH = `query($f: AccountFilter) { accounts(filter: $f) { totalCount edges { node { id status } } } }`;
const DETAIL = `query($id: ID!) { account(id: $id, reveal: false) { id status } }`;
const SUSPEND = `mutation($id: ID!, $r: String!) { suspendAccount(id: $id, reason: $r) { id status } }`;
const METRICS = `query($from: DateTime!, $to: DateTime!) {
  registrationMetrics(from: $from, to: $to, interval: DAY) { totals { flowsStarted } } }`;

jest.setTimeout(60_000);

describe('read replicas', () => {
  const root = path.resolve('.test-data', `replica-${process.pid}-${randomBytes(3).toString('hex')}`);
  let primary: Cluster;
  let replica: Replica;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let helpdesk: { token: string };
  let supervisor: { token: string };
  const onPrimary = (sql: string, params: unknown[] = []) => query(primary.url('hak_akses'), sql, params);
  const health = async () => {
    const res = await fetch(`${app.url}/healthz`);
    return { code: res.status, body: (await res.json()) as Record<string, any> };
  };
  let key: string | undefined;
  const scrape = async () => {
    key ??= (await app.services.apiKeys.create(app.orm.em.fork(), 'prometheus', ['metrics:read'])).key;
    const text = await (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${key}` } })).text();
    return text.split('\n').filter((l) => l.startsWith('hak_akses_db_replica_'));
  };
  const period = {
    from: new Date(Date.now() - 86400_000).toISOString(),
    to: new Date(Date.now() + 86400_000).toISOString(),
  };

  beforeAll(async () => {
    primary = await startPrimary(root);
    await query(primary.url(), 'create database hak_akses');
    replica = await startReplica(primary.url(), path.join(root, 'replica'));
    app = await startTestApp({
      databaseUrl: primary.url('hak_akses'),
      env: {
        // No user in the URL: the server connects to the replica as its own role (made on the primary, replicated).
        DATABASE_REPLICA_URLS: `postgres://127.0.0.1:${replica.port}/hak_akses`,
        DATABASE_REPLICA_STICKY_SECONDS: '2',
        DATABASE_REPLICA_RETRY_SECONDS: '600',
      },
    });
    helpdesk = await staffSession(app);
    supervisor = await staffSession(app, 'SUPERVISOR');
  });

  afterAll(async () => {
    await app?.close();
    await replica?.destroy();
    await primary?.stop('immediate');
    fs.rmSync(root, { recursive: true, force: true });
  });

  let a: { id: string; username: string };
  let b: { id: string; username: string };

  it('serves search, detail and metrics from the replica, and writes (their audit rows) on the primary', async () => {
    a = await seedAccount(app);
    await replica.caughtUp();
    const before = await health();
    expect(before).toEqual({
      code: 200,
      body: expect.objectContaining({
        status: 'ok',
        database: 'ok',
        listener: 'ok',
        replicas: [{ name: 'replica-1', ok: true, lagSeconds: expect.any(Number) }],
      }),
    });
    expect(await scrape()).toEqual([
      'hak_akses_db_replica_up{replica="replica-1"} 1',
      expect.stringMatching(/^hak_akses_db_replica_lag_seconds\{replica="replica-1"\} [0-9.e-]+$/),
    ]);
    const metricsBefore = (await gqlOk(app.url, METRICS, period, supervisor.token)).registrationMetrics.totals;

    await replica.pause();
    b = await seedAccount(app);
    await app.orm.em.fork().transactional((em) => app.services.metrics.bump(em, 'flow_started'));
    expect(await onPrimary('select id from account where id = $1', [b.id])).toHaveLength(1);

    // The replica answers: what was written after its replay stopped is not there yet.
    const search = (username: string, token = helpdesk.token) =>
      gqlOk(app.url, SEARCH, { f: { username } }, token).then((r) => r.accounts);
    expect((await search(a.username)).edges.map((e: any) => e.node.id)).toEqual([a.id]);
    expect(await search(b.username)).toEqual({ totalCount: 0, edges: [] });
    expect((await gqlOk(app.url, DETAIL, { id: a.id }, helpdesk.token)).account).toEqual({
      id: a.id,
      status: 'ACTIVE',
    });
    expect(errorCode(await gql(app.url, DETAIL, { id: b.id }, helpdesk.token))).toBe('NOT_FOUND');
    expect((await gqlOk(app.url, METRICS, period, supervisor.token)).registrationMetrics.totals).toEqual(metricsBefore);
    // The search's audit rows went to the primary (a replica refuses writes).
    const audits = await onPrimary(`select count(*)::int as n from audit_event where action = 'ACCOUNT_SEARCH'`);
    expect(audits[0].n).toBeGreaterThanOrEqual(2);
  });

  it("reads a mutation's own write, and its caller's next reads for the sticky window, from the primary", async () => {
    // Replay is still paused: the replica keeps showing `a` as ACTIVE.
    const suspended = await gqlOk(
      app.url,
      SUSPEND,
      { id: a.id, r: 'Diminta pemilik akun lewat telepon' },
      supervisor.token,
    );
    expect(suspended.suspendAccount).toEqual({ id: a.id, status: 'SUSPENDED' });
    const detail = async (token: string) => (await gqlOk(app.url, DETAIL, { id: a.id }, token)).account.status;
    // The caller who changed it sees the change; someone else, reading the replica, does not yet.
    expect(await detail(supervisor.token)).toBe('SUSPENDED');
    expect(await detail(helpdesk.token)).toBe('ACTIVE');
    // Work the system does on its own (no caller) and reads inside a transaction never go to a replica.
    expect(app.services.reads.target(systemContext(app.orm.em.fork(), 'test'))).toBe('replica-1');
    await app.orm.em.fork().transactional(async (em) => {
      expect(app.services.reads.target(requestContext(em))).toBe('primary');
    });
    // The window ends: the supervisor's reads go back to the (still paused) replica.
    await new Promise((r) => setTimeout(r, 2300));
    expect(await detail(supervisor.token)).toBe('ACTIVE');

    await replica.resume();
    await replica.caughtUp();
    expect(await detail(helpdesk.token)).toBe('SUSPENDED');
    expect(
      (await gqlOk(app.url, SEARCH, { f: { username: b.username } }, helpdesk.token)).accounts.edges.map(
        (e: any) => e.node.id,
      ),
    ).toEqual([b.id]);
  });

  it('falls back to the primary while the replica is down, says so in /healthz, and returns to it when it is back', async () => {
    await replica.stop('immediate');
    const c = await seedAccount(app);
    const started = Date.now();
    // The first read fails on the replica and is answered by the primary; the breaker keeps the next ones there.
    expect((await gqlOk(app.url, DETAIL, { id: c.id }, helpdesk.token)).account.id).toBe(c.id);
    expect(app.services.reads.target(systemContext(app.orm.em.fork(), 'test'))).toBe('primary');
    expect(
      (await gqlOk(app.url, SEARCH, { f: { username: c.username } }, helpdesk.token)).accounts.edges.map(
        (e: any) => e.node.id,
      ),
    ).toEqual([c.id]);
    expect(
      (await gqlOk(app.url, METRICS, period, supervisor.token)).registrationMetrics.totals.flowsStarted,
    ).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await health()).toEqual({
      code: 200,
      body: expect.objectContaining({
        status: 'ok',
        database: 'ok',
        replicas: [{ name: 'replica-1', ok: false, lagSeconds: null, error: 'unavailable' }],
      }),
    });

    expect(await scrape()).toEqual(['hak_akses_db_replica_up{replica="replica-1"} 0']);

    // Back: /healthz finds it answering and closes the breaker before its 600 s are up.
    replica = await replica.restart();
    expect((await health()).body.replicas).toEqual([{ name: 'replica-1', ok: true, lagSeconds: expect.any(Number) }]);
    expect(app.services.reads.target(systemContext(app.orm.em.fork(), 'test'))).toBe('replica-1');
  });
});
