import { Client as PgClient } from 'pg';
import WebSocket from 'ws';
import { seedAccount, staffSession } from '../support/flows';
import { errorCode, gql, gqlOk, waitFor, wsClient } from '../support/graphql';
import { useStack } from '../support/stack';
import type { Client } from 'graphql-ws';

/** Runs one operation over an open graphql-ws client and resolves with its first result. */
function over(client: Client, query: string, variables?: Record<string, unknown>): Promise<any> {
  return new Promise((resolve) => {
    let first: any;
    client.subscribe(
      { query, variables },
      {
        next: (r) => (first ??= r),
        error: (e) => resolve({ errors: Array.isArray(e) ? e : [e] }),
        complete: () => resolve(first),
      },
    );
  });
}

/** Opens a socket and records how it closes. */
function watchedClient(url: string, token: string) {
  const client = wsClient(url, token);
  const state: { closed?: { code: number; at: number } } = {};
  client.on('closed', (e: any) => (state.closed ??= { code: e.code, at: Date.now() }));
  return { client, state };
}

const STATUS_SUB = 'subscription { accountStatusChanged { accountId status } }';

describe('one request pipeline: WebSocket operations are checked like HTTP ones', () => {
  // The periodic safety check is slow on purpose: every "within 2 s" below must come from the
  // change notification or the session's own end, not from polling.
  const stack = useStack({ env: { SESSION_RECHECK_SECONDS: '60', API_KEY_REQUESTS_PER_MINUTE: '5' } });

  it('keeps a subscription live past the per-operation time budget (10 s)', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app, 'HELPDESK');
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const account = await seedAccount(app);
    const client = wsClient(app.url, helpdesk.token);
    const events: any[] = [];
    client.subscribe(
      { query: STATUS_SUB, variables: {} },
      { next: (r) => events.push(r), error: (e) => events.push({ errors: e }), complete: () => {} },
    );
    const toggle = async (suspend: boolean) =>
      gqlOk(
        app.url,
        suspend
          ? 'mutation($id: ID!) { suspendAccount(id: $id, reason: "uji coba") { status } }'
          : 'mutation($id: ID!) { reactivateAccount(id: $id, reason: "uji coba") { status } }',
        { id: account.id },
        supervisor.token,
      );
    // No acknowledgement of a subscription exists: change the status until an event arrives.
    let suspended = false;
    await waitFor(async () => {
      suspended = !suspended;
      await toggle(suspended);
      await new Promise((r) => setTimeout(r, 150));
      return events.length > 0;
    }, 'first event');
    await new Promise((r) => setTimeout(r, 10_500));
    events.length = 0;
    suspended = !suspended;
    await toggle(suspended);
    const late = await waitFor(() => events[0], 'event after 10.5 s');
    expect(late.errors).toBeUndefined();
    expect(late.data.accountStatusChanged).toEqual({
      accountId: account.id,
      status: suspended ? 'SUSPENDED' : 'ACTIVE',
    });
    await client.dispose();
  }, 40_000);

  it('refuses a disabled ADMIN on its open socket and closes the socket within 2 s', async () => {
    const { app } = stack;
    const admin = await staffSession(app, 'ADMIN');
    const other = await staffSession(app, 'ADMIN');
    const { client, state } = watchedClient(app.url, admin.token);
    client.subscribe({ query: STATUS_SUB }, { next: () => {}, error: () => {}, complete: () => {} });
    const before = await over(client, '{ staffUsers { username } }');
    expect(before.data.staffUsers.length).toBeGreaterThan(0);
    const disabledAt = Date.now();
    await gqlOk(app.url, 'mutation($id: ID!) { disableStaff(id: $id) { active } }', { id: admin.id }, other.token);
    // Refused either by the per-operation check or because the socket is already closed.
    const created = await over(client, 'mutation { createStaff(username: "penyusup", role: ADMIN) { password } }');
    expect(created.data).toBeUndefined();
    await waitFor(() => state.closed, 'socket closed', 2000);
    expect(state.closed!.code).toBe(4403);
    expect(state.closed!.at - disabledAt).toBeLessThan(2000);
    expect(await stack.sql(`select count(*)::int as n from staff_user where username = 'penyusup'`)).toEqual([
      { n: 0 },
    ]);
    await client.dispose();
  });

  it('re-reads the session for every WebSocket operation (a change no notification announces)', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const client = wsClient(app.url, helpdesk.token);
    // An open subscription keeps the one socket open for the operations that follow.
    client.subscribe({ query: STATUS_SUB }, { next: () => {}, error: () => {}, complete: () => {} });
    expect((await over(client, '{ accounts(first: 1) { totalCount } }')).errors).toBeUndefined();
    // Expiry moved by hand: no trigger fires and the socket's own timer is hours away.
    await stack.sql(`update auth_session set expires_at = now() - interval '1 second' where subject_id = ?`, [
      helpdesk.id,
    ]);
    const after = await over(client, '{ accounts(first: 1) { totalCount } }');
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(after.data).toBeUndefined();
    await client.dispose();
  });

  it('closes the subscriptions of a logged-out staff token within 2 s, without polling', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const { client, state } = watchedClient(app.url, helpdesk.token);
    client.subscribe({ query: STATUS_SUB }, { next: () => {}, error: () => {}, complete: () => {} });
    await waitFor(() => state.closed === undefined && (client as any), 'open');
    await over(client, '{ provinces { code } }');
    const t0 = Date.now();
    await gqlOk(app.url, 'mutation { logout }', {}, helpdesk.token);
    await waitFor(() => state.closed, 'socket closed', 2000);
    expect(state.closed!.code).toBe(4403);
    expect(state.closed!.at - t0).toBeLessThan(2000);
    await client.dispose();
  });

  it('closes the socket of an officer whose role changed within 2 s and refuses their next operation', async () => {
    const { app } = stack;
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const { client, state } = watchedClient(app.url, supervisor.token);
    client.subscribe({ query: STATUS_SUB }, { next: () => {}, error: () => {}, complete: () => {} });
    expect((await over(client, '{ provinces { code } }')).errors).toBeUndefined();
    const t0 = Date.now();
    // No operation changes a role today; an operator doing it in the database must still end the rights at once.
    await stack.sql(`update staff_user set role = 'HELPDESK' where id = ?`, [supervisor.id]);
    await waitFor(() => state.closed, 'socket closed', 2000);
    expect(state.closed!.code).toBe(4403);
    expect(state.closed!.at - t0).toBeLessThan(2000);
    // The session lives on with the new role's rights only: a supervisor's figures are refused at once.
    const metrics =
      '{ registrationMetrics(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z", interval: DAY) { totals { completed } } }';
    expect(errorCode(await gql(app.url, metrics, {}, supervisor.token))).toBe('FORBIDDEN');
    const again = wsClient(app.url, supervisor.token);
    expect(errorCode(await over(again, metrics))).toBe('FORBIDDEN');
    await again.dispose();
    await client.dispose();
  });

  it('closes a socket when its staff session reaches its expiry, though the socket was busy', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    await stack.sql(`update auth_session set expires_at = now() + interval '1500 milliseconds' where subject_id = ?`, [
      helpdesk.id,
    ]);
    const { client, state } = watchedClient(app.url, helpdesk.token);
    client.subscribe({ query: STATUS_SUB }, { next: () => {}, error: () => {}, complete: () => {} });
    const t0 = Date.now();
    expect((await over(client, '{ provinces { code } }')).errors).toBeUndefined();
    await waitFor(() => state.closed, 'socket closed', 4000);
    expect(state.closed!.code).toBe(4403);
    expect(state.closed!.at - t0).toBeLessThan(3500);
    await client.dispose();
  });

  it('refuses a revoked pii:read key on its open socket at once', async () => {
    const { app } = stack;
    const { key } = await app.services.apiKeys.create(app.orm.em.fork(), 'dasbor-ws', ['accounts:read', 'pii:read']);
    await seedAccount(app);
    const { client, state } = watchedClient(app.url, key);
    const read = await over(client, '{ accounts(first: 1) { edges { node { id nik } } } }');
    expect(read.data.accounts.edges).toHaveLength(1);
    const t0 = Date.now();
    expect(await app.services.apiKeys.revoke(app.orm.em.fork(), 'dasbor-ws')).toBe(true);
    const after = await over(client, '{ accounts(first: 1) { edges { node { id nik } } } }');
    expect(after.data).toBeUndefined();
    await waitFor(() => state.closed, 'socket closed', 2000);
    expect(state.closed!.at - t0).toBeLessThan(2000);
    await client.dispose();
  });

  it('counts API-key calls over WebSocket against the per-minute limit and audits each one', async () => {
    const { app } = stack;
    const { key, apiKey } = await app.services.apiKeys.create(app.orm.em.fork(), 'ws-batas', ['accounts:read']);
    const client = wsClient(app.url, key);
    // The budget is a calendar minute (fixed window): seven calls must not straddle two minutes.
    const second = new Date().getSeconds();
    if (second >= 50) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await over(client, '{ accounts(first: 1) { totalCount } }');
      codes.push(r.errors?.[0]?.extensions?.code);
    }
    // The limit is 5 a minute; the connection check itself is not a call.
    expect(codes.slice(0, 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(codes.slice(5)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    const rows = await stack.sql(
      `select count(*)::int as n from audit_event where action = 'API_CALL' and actor_id = ?`,
      [apiKey.id],
    );
    expect(rows).toEqual([{ n: 7 }]);
    await client.dispose();
  });

  it('applies the token limit to WebSocket documents and refuses a message over 1 MiB without stalling', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const client = wsClient(app.url, helpdesk.token);
    const doc = `{ provinces { ${Array.from({ length: 2100 }, () => 'code').join(' ')} } }`;
    const r = await over(client, doc);
    expect(r.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(r.errors[0].message).toMatch(/terlalu besar/);
    // Aliases, depth and cost: the same validation as over HTTP, in the same words.
    const refused: [string, string][] = [
      [
        `{ ${Array.from({ length: 11 }, (_, i) => `p${i}: provinces { code }`).join(' ')} }`,
        'Terlalu banyak alias dalam satu permintaan (maksimal 10).',
      ],
      [
        '{ complaints(first: 1) { edges { node { account { complaints { account { complaints { account { id } } } } } } } } }',
        'Permintaan terlalu dalam (maksimal 8 tingkat).',
      ],
      [
        '{ complaints(first: 100) { edges { node { account { complaints { id } registrations { step } messages { id } } } } } }',
        'Permintaan terlalu berat. Pecah menjadi beberapa permintaan.',
      ],
    ];
    for (const [document, message] of refused) {
      const overSocket = await over(client, document);
      expect(overSocket.errors[0]).toMatchObject({ message, extensions: { code: 'VALIDATION_FAILED' } });
      expect((await gql(app.url, document, {}, helpdesk.token)).errors![0]).toEqual(overSocket.errors[0]);
    }
    await client.dispose();

    const raw = new WebSocket(app.url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${helpdesk.token}` } }));
    await new Promise((resolve) => raw.once('message', resolve));
    const closed = new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)));
    const huge = JSON.stringify({
      id: '1',
      type: 'subscribe',
      payload: { query: `{ ${'provinces { code } '.repeat(330_000)} }` },
    });
    expect(huge.length).toBeGreaterThan(6_000_000);
    const t0 = performance.now();
    raw.send(huge);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await closed).toBe(1009); // message too big
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('does not count socket checks and WebSocket operations as activity for the idle limit', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    await stack.sql(`update auth_session set last_seen_at = now() - interval '10 minutes' where revoked_at is null`);
    const client = wsClient(app.url, helpdesk.token);
    expect((await over(client, '{ provinces { code } }')).errors).toBeUndefined();
    const [ws] = await stack.sql(
      `select extract(epoch from now() - last_seen_at)::int as idle from auth_session s
         join staff_user u on u.id = s.subject_id where u.username = ?`,
      [helpdesk.username],
    );
    expect(ws.idle).toBeGreaterThanOrEqual(599);
    // A request the officer makes in the console (HTTP) is activity.
    await gqlOk(app.url, '{ accounts(first: 1) { totalCount } }', {}, helpdesk.token);
    const [http] = await stack.sql(
      `select extract(epoch from now() - last_seen_at)::int as idle from auth_session s
         join staff_user u on u.id = s.subject_id where u.username = ?`,
      [helpdesk.username],
    );
    expect(http.idle).toBeLessThan(5);
    await client.dispose();
  });

  it('closes a socket when its staff session reaches the idle limit, though the socket was busy', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    // 30 minutes idle is the limit: this session has 1.5 s left.
    await stack.sql(
      `update auth_session set last_seen_at = now() - interval '30 minutes' + interval '1500 milliseconds'
        where subject_id = ?`,
      [helpdesk.id],
    );
    const { client, state } = watchedClient(app.url, helpdesk.token);
    client.subscribe({ query: STATUS_SUB }, { next: () => {}, error: () => {}, complete: () => {} });
    const t0 = Date.now();
    await waitFor(() => state.closed, 'socket closed', 4000);
    expect(state.closed!.code).toBe(4403);
    expect(state.closed!.at - t0).toBeLessThan(3500);
    expect(errorCode(await gql(app.url, '{ accounts(first: 1) { totalCount } }', {}, helpdesk.token))).toBe(
      'UNAUTHENTICATED',
    );
    await client.dispose();
  });
});

describe('bounded telemetry and client mistakes', () => {
  const stack = useStack();

  it('labels HTTP metrics from a fixed set of routes, whatever paths anonymous clients invent', async () => {
    const { app } = stack;
    for (let i = 0; i < 40; i++) await fetch(`${app.url}/probe-${i}-${'x'.repeat(50)}`);
    await fetch(`${app.url}/healthz`);
    const { key } = await app.services.apiKeys.create(app.orm.em.fork(), 'prometheus', ['metrics:read']);
    const text = await (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${key}` } })).text();
    expect(text).not.toMatch(/probe-/);
    expect(text).toMatch(/hak_akses_http_requests_total\{method="GET",route="other",status="404"\} 40/);
    expect(text).toMatch(/hak_akses_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
  });

  it('answers a malformed cursor, an aborted validation and an unknown persisted query with VALIDATION_FAILED', async () => {
    const { app } = stack;
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const after of [cursor(['bukan-waktu', 'bukan-uuid']), cursor(['2026-12-04 10:00:00+00', 'x']), 'zz!!']) {
      const r = await gql(
        app.url,
        'query($a: String) { auditEvents(first: 5, after: $a) { totalCount } }',
        { a: after },
        supervisor.token,
      );
      expect(r.errors?.[0]?.extensions).toEqual({ code: 'VALIDATION_FAILED', fields: { after: expect.any(String) } });
    }
    const accounts = await gql(
      app.url,
      'query($a: String) { accounts(first: 5, after: $a, sort: { field: CREATED_AT, direction: DESC }) { totalCount } }',
      { a: cursor(['kemarin', '00000000-0000-4000-8000-000000000000']) },
      supervisor.token,
    );
    expect(errorCode(accounts)).toBe('VALIDATION_FAILED');
    // More than 100 validation errors: graphql-js aborts validation; still the caller's mistake.
    const aborted = await gql(app.url, `{ ${Array.from({ length: 120 }, (_, i) => `f${i}: nope${i}`).join(' ')} }`);
    expect(aborted.errors?.length).toBeGreaterThan(0);
    expect(aborted.errors!.every((e) => e.extensions?.code === 'VALIDATION_FAILED')).toBe(true);
    const abortedWs = await new Promise<any>((resolve) => {
      const client = wsClient(app.url, supervisor.token);
      client.subscribe(
        { query: `{ ${Array.from({ length: 120 }, (_, i) => `nope${i}`).join(' ')} }` },
        { next: () => {}, error: (e) => resolve(e), complete: () => resolve(undefined) },
      );
    });
    expect(Array.isArray(abortedWs) && abortedWs.every((e: any) => e.extensions?.code === 'VALIDATION_FAILED')).toBe(
      true,
    );
    const apq = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }),
    });
    const body = (await apq.json()) as any;
    expect(body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(body.errors[0].message).not.toMatch(/kode insiden/);
  });

  it('answers /healthz within 2 s and reports a database that refuses writes', async () => {
    const { app } = stack;
    expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({
      status: 'ok',
      database: 'ok',
      listener: 'ok',
    });
    // As the database owner (the test cluster's superuser), not through the application's connection.
    const owner = new PgClient({ connectionString: app.databaseUrl });
    await owner.connect();
    await owner.query('alter system set default_transaction_read_only = on');
    await owner.query('select pg_reload_conf()');
    try {
      await waitFor(async () => (await fetch(`${app.url}/healthz`)).status === 503, 'health degraded', 5000);
      const t0 = performance.now();
      const res = await fetch(`${app.url}/healthz`);
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'degraded', database: 'read_only', listener: 'ok' });
    } finally {
      await owner.query('alter system reset default_transaction_read_only');
      await owner.query('select pg_reload_conf()');
      await owner.end();
    }
    await waitFor(async () => (await fetch(`${app.url}/healthz`)).status === 200, 'health back', 5000);
  });

  it('answers /healthz within 2 s while PostgreSQL does not answer, and recovers after', async () => {
    const { app } = stack;
    // A transaction that holds the probe's table stands for a frozen database: the probe's write waits.
    const owner = new PgClient({ connectionString: app.databaseUrl });
    await owner.connect();
    await owner.query('begin');
    await owner.query('lock table health_probe in access exclusive mode');
    try {
      const t0 = performance.now();
      const res = await fetch(`${app.url}/healthz`);
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'degraded', database: 'timeout', listener: 'ok' });
    } finally {
      await owner.query('rollback');
      await owner.end();
    }
    await waitFor(async () => (await fetch(`${app.url}/healthz`)).status === 200, 'health back', 5000);
  });
});
