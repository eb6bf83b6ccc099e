import { makeEmail, makeNik, makePhone, makeProfile, STRONG_PASSWORD, toE164 } from '../support/factories';
import { COMPLETE, individualInput, SET_PASSWORD, staffSession, START, VERIFY } from '../support/flows';
import { errorCode, gql, gqlOk, waitFor, wsClient } from '../support/graphql';
import { codeFromWhatsApp } from '../support/receivers';
import { useStack } from '../support/stack';

const METRICS = `query($from: DateTime!, $to: DateTime!, $i: MetricsInterval!) {
  registrationMetrics(from: $from, to: $to, interval: $i) {
    totals { flowsStarted codesSent codesDelivered verified completed activated }
    conversion { verifiedPerStarted completedPerVerified completedPerStarted }
    buckets { start counts { flowsStarted completed } }
    byChannel { key counts { codesSent codesDelivered } }
    byProvince { key counts { completed flowsStarted } }
    byScale { key counts { flowsStarted } }
    byActorType { key counts { flowsStarted } }
    complaints { opened resolved open overdue ikm }
  } }`;

/** Runs `n` tasks with at most `width` at a time. */
async function pool<T>(n: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let i = next++; i < n; i = next++) out[i] = await task(i);
    }),
  );
  return out;
}

const DISTRICTS = ['317101', '327301', '357801', '517101', '737101'];

describe('supervisor metrics from aggregates', () => {
  // 500 registrations come from one test client: the per-address limit is raised for them.
  const stack = useStack({ whatsapp: true, smtp: false, env: { REGISTRATION_SENDS_PER_IP_PER_HOUR: '10000' } });
  const { sql } = stack;

  it('equal the counts computed from the rows after a scripted mix of 500 registrations', async () => {
    const { app, wa } = stack;
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const from = new Date(Date.now() - 3600_000);
    await pool(500, 8, async (i) => {
      const whatsapp = i % 10 < 3;
      const phone = makePhone();
      const input = individualInput({
        nik: makeNik({ district: DISTRICTS[i % DISTRICTS.length] }),
        channel: whatsapp ? 'WHATSAPP' : 'EMAIL',
        email: whatsapp ? undefined : makeEmail(),
        phone: whatsapp ? phone : undefined,
        ...(i % 50 === 1 ? { scale: 'NON_UMK', nonUmkKind: 'MENENGAH' } : {}),
      });
      const { startRegistration: reg } = await gqlOk(app.url, START, { input });
      if (i % 2 !== 0) return;
      const code = whatsapp
        ? codeFromWhatsApp(await wa.waitForMessage(toE164(phone)))
        : (await sql(`select params from outbox_message where registration_id = ?`, [reg.id]))[0].params[0];
      await gqlOk(app.url, VERIFY, { id: reg.id, code });
      if (i % 4 !== 0) return;
      await gqlOk(app.url, SET_PASSWORD, { id: reg.id, p: STRONG_PASSWORD, c: STRONG_PASSWORD });
      const village = `${DISTRICTS[(i + 1) % DISTRICTS.length]}1001`;
      await gqlOk(app.url, COMPLETE, { id: reg.id, accept: true, profile: makeProfile({ villageCode: village }) });
    });
    // Every WhatsApp code is delivered (and counted) by the worker.
    await waitFor(
      async () => {
        const [r] = await sql(
          `select count(*)::int as n from outbox_message where channel = 'WHATSAPP' and template = 'registration_code' and status <> 'SENT'`,
        );
        return r.n === 0 ? true : undefined;
      },
      'WhatsApp codes delivered',
      30_000,
    );

    const to = new Date(Date.now() + 3600_000);
    const { registrationMetrics: m } = await gqlOk(app.url, METRICS, { from, to, i: 'HOUR' }, supervisor.token);
    const one = async (q: string) => Number((await sql(q))[0].n);
    const byKey = (rows: { key: string; counts: any }[], field: string) =>
      Object.fromEntries(rows.filter((r) => r.counts[field] > 0).map((r) => [r.key, r.counts[field]]));
    const grouped = async (q: string) => Object.fromEntries((await sql(q)).map((r: any) => [r.k, Number(r.n)]));

    expect(m.totals.flowsStarted).toBe(500);
    expect(m.totals.flowsStarted).toBe(await one('select count(*) as n from registration_flow'));
    expect(m.totals.codesSent).toBe(
      await one(`select count(*) as n from outbox_message where template = 'registration_code'`),
    );
    expect(m.totals.verified).toBe(
      await one('select count(*) as n from registration_flow where verified_at is not null'),
    );
    expect(m.totals.completed).toBe(await one(`select count(*) as n from account`));
    expect(m.totals.completed).toBe(await one(`select count(*) as n from registration_flow where step = 'DONE'`));
    expect(m.totals).toMatchObject({ verified: 250, completed: 125, activated: 125 });
    expect(m.conversion).toEqual({ verifiedPerStarted: 0.5, completedPerVerified: 0.5, completedPerStarted: 0.25 });
    expect(byKey(m.byChannel, 'codesSent')).toEqual(
      await grouped(
        `select channel as k, count(*) as n from outbox_message where template = 'registration_code' group by 1`,
      ),
    );
    expect(byKey(m.byChannel, 'codesDelivered')).toEqual(
      await grouped(
        `select channel as k, count(*) as n from outbox_message where template = 'registration_code' and status = 'SENT' group by 1`,
      ),
    );
    expect(byKey(m.byProvince, 'completed')).toEqual(
      await grouped('select province_code as k, count(*) as n from account group by 1'),
    );
    expect(byKey(m.byProvince, 'flowsStarted')).toEqual(
      await grouped('select substr(nik, 1, 2) as k, count(*) as n from registration_flow group by 1'),
    );
    expect(byKey(m.byScale, 'flowsStarted')).toEqual(
      await grouped('select scale as k, count(*) as n from registration_flow group by 1'),
    );
    expect(byKey(m.byActorType, 'flowsStarted')).toEqual({ INDIVIDUAL: 500 });
    expect(m.buckets.reduce((s: number, b: any) => s + b.counts.flowsStarted, 0)).toBe(500);
    const { registrationMetrics: daily } = await gqlOk(app.url, METRICS, { from, to, i: 'DAY' }, supervisor.token);
    expect(daily.totals).toEqual(m.totals);
    // Over whole days the figures come from the daily counters: the same numbers.
    const wide = { from: new Date(Date.now() - 2 * 86_400_000), to: new Date(Date.now() + 86_400_000) };
    const { registrationMetrics: days } = await gqlOk(app.url, METRICS, { ...wide, i: 'DAY' }, supervisor.token);
    expect((await sql('select count(*)::int as n from metric_counter_daily'))[0].n).toBeGreaterThan(0);
    expect(days.totals).toEqual(m.totals);
    expect(byKey(days.byProvince, 'completed')).toEqual(byKey(m.byProvince, 'completed'));
    expect(byKey(days.byChannel, 'codesSent')).toEqual(byKey(m.byChannel, 'codesSent'));
    // Only the breakdowns a query selects are computed; a selected one (here through a fragment) is whole.
    const { registrationMetrics: only } = await gqlOk(
      app.url,
      `query($from: DateTime!, $to: DateTime!) { registrationMetrics(from: $from, to: $to, interval: DAY) {
         ... on RegistrationMetrics { byProvince { key counts { completed } } } byScale { key counts { flowsStarted } } } }`,
      wide,
      supervisor.token,
    );
    expect(byKey(only.byProvince, 'completed')).toEqual(byKey(m.byProvince, 'completed'));
    expect(byKey(only.byScale, 'flowsStarted')).toEqual(byKey(m.byScale, 'flowsStarted'));

    // The province filter narrows to that province's flows.
    const filtered = await gqlOk(
      app.url,
      'query($from: DateTime!, $to: DateTime!) { registrationMetrics(from: $from, to: $to, interval: DAY, filter: { provinceCode: "35" }) { totals { flowsStarted } } }',
      { from, to },
      supervisor.token,
    );
    expect(filtered.registrationMetrics.totals.flowsStarted).toBe(
      await one(`select count(*) as n from registration_flow where nik like '35%'`),
    );
    const bad = await gql(app.url, METRICS, { from: to, to: from, i: 'DAY' }, supervisor.token);
    expect(bad.errors![0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: { to: expect.any(String) } });
    const tooMany = await gql(app.url, METRICS, { from: new Date(0), to, i: 'HOUR' }, supervisor.token);
    expect(tooMany.errors![0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { interval: expect.any(String) },
    });
  }, 120_000);

  it("pushes today's figures at once and on change, at most every 2 seconds", async () => {
    const { app } = stack;
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const client = wsClient(app.url, supervisor.token);
    const pushes: { at: number; started: number }[] = [];
    client.subscribe(
      { query: 'subscription { registrationMetricsUpdated { totals { flowsStarted } } }' },
      {
        next: (v: any) =>
          pushes.push({ at: Date.now(), started: v.data.registrationMetricsUpdated.totals.flowsStarted }),
        error: () => {},
        complete: () => {},
      },
    );
    try {
      await waitFor(() => (pushes.length ? true : undefined), 'first push');
      const before = pushes[0].started;
      for (let i = 0; i < 3; i++) await gqlOk(app.url, START, { input: individualInput() });
      await waitFor(() => pushes.find((p) => p.started >= before + 3), 'push with the three new flows', 15_000);
      const gaps = pushes.slice(1).map((p, i) => p.at - pushes[i].at);
      expect(gaps.slice(1).every((g) => g >= 1900)).toBe(true);
    } finally {
      await client.dispose();
    }
    const helpdesk = await staffSession(app);
    expect(
      errorCode(
        await gql(
          app.url,
          '{ registrationMetrics(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z", interval: DAY) { totals { completed } } }',
          {},
          helpdesk.token,
        ),
      ),
    ).toBe('FORBIDDEN');
  });

  it('serves Prometheus text at /metrics to a key with metrics:read only', async () => {
    const { app } = stack;
    const em = app.orm.em.fork();
    const scrape = (await app.services.apiKeys.create(em, 'prometheus', ['metrics:read'])).key;
    const other = (await app.services.apiKeys.create(em, 'dasbor', ['accounts:read'])).key;
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${other}` } })).status).toBe(403);
    const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${scrape}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const sample =
      /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.]+(e[+-]?\d+)?|NaN|[+-]Inf)( \d+)?$/;
    const bad = text.split('\n').filter((l) => l && !l.startsWith('#') && !sample.test(l));
    expect(bad).toEqual([]);
    for (const name of [
      'hak_akses_http_requests_total',
      'hak_akses_http_request_duration_seconds_bucket',
      'hak_akses_graphql_operations_total{field="startRegistration",type="mutation",outcome="ok"}',
      'hak_akses_message_delivery_seconds_count{channel="WHATSAPP"}',
      'hak_akses_outbox_messages{status="HELD",channel="EMAIL"}',
      'hak_akses_db_pool_connections{state="used"}',
      'hak_akses_expiry_sweep_runs_total',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('re-drives a DEAD code message: the same one while its code works, a new code after it expired', async () => {
    const { app, wa } = stack;
    const helpdesk = await staffSession(app);
    const phone = makePhone();
    const e164 = toE164(phone);
    wa.failNext.count = 1000;
    const { startRegistration: reg } = await gqlOk(app.url, START, {
      input: individualInput({ channel: 'WHATSAPP', email: undefined, phone }),
    });
    const msgId = async () =>
      (await sql(`select id from outbox_message where registration_id = ? order by created_at`, [reg.id]))[0].id;
    const killed = async () => {
      await waitFor(
        async () =>
          (await sql(`select status from outbox_message where id = ?`, [await msgId()]))[0].status === 'FAILED'
            ? true
            : undefined,
        'failure',
      );
      await sql(
        `update graphile_worker._private_jobs set attempts = max_attempts - 1, run_at = now() where payload->>'id' = ?`,
        [await msgId()],
      );
      await waitFor(
        async () =>
          (await sql(`select status from outbox_message where id = ?`, [await msgId()]))[0].status === 'DEAD'
            ? true
            : undefined,
        'DEAD',
      );
    };
    await killed();
    wa.failNext.count = 0;
    const REDRIVE = 'mutation($id: ID!) { redeliverMessage(id: $id) { id status } }';
    expect(errorCode(await gql(app.url, REDRIVE, { id: await msgId() }))).toBe('UNAUTHENTICATED');
    await gqlOk(app.url, REDRIVE, { id: await msgId() }, helpdesk.token);
    const again = await wa.waitForMessage(e164, 1);
    await waitFor(
      async () =>
        (await sql(`select status from outbox_message where id = ?`, [await msgId()]))[0].status === 'SENT'
          ? true
          : undefined,
      'SENT',
    );
    await gqlOk(app.url, VERIFY, { id: reg.id, code: codeFromWhatsApp(again) });
    expect(errorCode(await gql(app.url, REDRIVE, { id: await msgId() }, helpdesk.token))).toBe('CONFLICT');

    // A second flow whose code ran out while its message was dead: a new code goes out instead.
    const phone2 = makePhone();
    wa.failNext.count = 1000;
    const { startRegistration: reg2 } = await gqlOk(app.url, START, {
      input: individualInput({ channel: 'WHATSAPP', email: undefined, phone: phone2 }),
    });
    const first = (await sql(`select id from outbox_message where registration_id = ?`, [reg2.id]))[0].id;
    await waitFor(
      async () =>
        (await sql(`select status from outbox_message where id = ?`, [first]))[0].status === 'FAILED'
          ? true
          : undefined,
      'failure',
    );
    await sql(
      `update graphile_worker._private_jobs set attempts = max_attempts - 1, run_at = now() where payload->>'id' = ?`,
      [first],
    );
    await waitFor(
      async () =>
        (await sql(`select status from outbox_message where id = ?`, [first]))[0].status === 'DEAD' ? true : undefined,
      'DEAD',
    );
    wa.failNext.count = 0;
    await sql(`update registration_flow set code_expires_at = now() - interval '1 minute' where id = ?`, [reg2.id]);
    await gqlOk(app.url, REDRIVE, { id: first }, helpdesk.token);
    const fresh = await wa.waitForMessage(toE164(phone2), 1);
    await gqlOk(app.url, VERIFY, { id: reg2.id, code: codeFromWhatsApp(fresh) });
    const rows = await sql(`select status from outbox_message where registration_id = ? order by created_at`, [
      reg2.id,
    ]);
    expect(rows.map((r: any) => r.status)).toEqual(['DEAD', 'SENT']);
    const audit = await sql(`select details from audit_event where action = 'MESSAGE_REDELIVERED' and target_id = ?`, [
      first,
    ]);
    expect(audit[0].details).toMatchObject({ template: 'registration_code', outcome: 'reissued' });
  });
});
