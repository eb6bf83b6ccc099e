import { spawn } from 'node:child_process';
import path from 'node:path';
import { individualInput, seedAccount, staffSession, START } from '../support/flows';
import { errorCode, gql, gqlOk, waitFor, wsClient } from '../support/graphql';
import { codeFromMail } from '../support/receivers';
import { useStack } from '../support/stack';

const DAY = 86400_000;
const EXTEND =
  'mutation($id: ID!, $d: Int!, $r: String!) { extendAccountExpiry(id: $id, days: $d, reason: $r) { expiresAt extendedDays } }';
const LICENSE =
  'mutation($id: ID!, $nib: String) { recordLicensingActivity(id: $id, nib: $nib) { status expiresAt licensingStartedAt nib } }';

describe('the 30-day rule', () => {
  const stack = useStack();
  const { sql } = stack;
  const sweep = (asOf: Date) => stack.app.services.accountExpiry.sweep(stack.app.orm.em.fork(), asOf);

  it('warns 7 days and 1 day before expiry, each once even with two sweeps at the same time', async () => {
    const { app, smtp } = stack;
    const a = await seedAccount(app);
    const expires = a.expiresAt!.getTime();
    expect(expires - a.activatedAt!.getTime()).toBe(30 * DAY);
    const atMinus7 = new Date(expires - 7 * DAY + 60_000);
    await Promise.all([sweep(atMinus7), sweep(atMinus7)]);
    await sweep(atMinus7);
    const warn7 = await smtp.waitForMailMatching(a.email!, /Subject: Hak Akses OSS Anda akan dibatalkan dalam 7 hari/);
    expect(warn7.text).toContain(a.username);
    const atMinus1 = new Date(expires - DAY + 60_000);
    await Promise.all([sweep(atMinus1), sweep(atMinus1)]);
    const warn1 = await smtp.waitForMailMatching(a.email!, /Subject: Hak Akses OSS Anda akan dibatalkan dalam 1 hari/);
    expect(warn1.text).toContain(a.username);
    await sweep(atMinus1);
    const rows = await sql(
      `select template, params from outbox_message where account_id = ? and template = 'expiry_warning'`,
      [a.id],
    );
    expect(rows).toHaveLength(2);
    const warnings = await sql('select kind from account_expiry_warning where account_id = ? order by kind', [a.id]);
    expect(warnings.map((w: any) => w.kind)).toEqual(['EXPIRY_1D', 'EXPIRY_7D']);
  });

  it('cancels at expiry, tells subscribers why, and frees the NIK and email for a new registration', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    const a = await seedAccount(app);
    const client = wsClient(app.url, helpdesk.token);
    const events: any[] = [];
    client.subscribe(
      {
        query:
          'subscription($id: ID) { accountStatusChanged(id: $id) { accountId status previousStatus reason expiresAt } }',
        variables: { id: a.id },
      },
      { next: (v) => events.push(v.data?.accountStatusChanged), error: () => {}, complete: () => {} },
    );
    try {
      // No subscription acknowledgement exists; the assertion below waits for the event.
      await new Promise((r) => setTimeout(r, 300));
      const before = await sweep(new Date(a.expiresAt!.getTime() - 60_000));
      expect(before.cancelled).toBe(0);
      const r = await sweep(new Date(a.expiresAt!.getTime() + 60_000));
      expect(r.cancelled).toBeGreaterThanOrEqual(1);
      await waitFor(() => events.find((e) => e?.status === 'CANCELLED'), 'cancellation event');
      expect(events.find((e) => e.status === 'CANCELLED')).toEqual({
        accountId: a.id,
        status: 'CANCELLED',
        previousStatus: 'ACTIVE',
        reason: 'EXPIRED_NO_LICENSING',
        expiresAt: a.expiresAt!.toISOString(),
      });
    } finally {
      await client.dispose();
    }
    const [row] = await sql('select status, cancelled_at from account where id = ?', [a.id]);
    expect(row.status).toBe('CANCELLED');
    const [audit] = await sql(
      `select actor_type, actor_id, details from audit_event where action = 'ACCOUNT_CANCELLED' and target_id = ?`,
      [a.id],
    );
    expect(audit).toMatchObject({
      actor_type: 'SYSTEM',
      actor_id: 'expiry-sweep',
      details: { reason: 'EXPIRED_NO_LICENSING' },
    });

    // The same NIK and email register again: a code arrives, not "you already have an account".
    await gqlOk(app.url, START, { input: individualInput({ nik: a.nik, email: a.email }) });
    const mail = await smtp.waitForMailMatching(a.email!, /Kode verifikasi pendaftaran/);
    expect(codeFromMail(mail)).toMatch(/^\d{6}$/);
  });

  it('records licensing activity from another tool: expiry cleared for good, idempotent, with clear errors', async () => {
    const { app } = stack;
    const key = (await app.services.apiKeys.create(app.orm.em.fork(), 'perizinan', ['licensing:write'])).key;
    const a = await seedAccount(app);
    const nib = '9120001234567';
    const first = await gqlOk(app.url, LICENSE, { id: a.id, nib }, key);
    expect(first.recordLicensingActivity).toMatchObject({ status: 'ACTIVE', expiresAt: null, nib });
    const again = await gqlOk(app.url, LICENSE, { id: a.id, nib }, key);
    expect(again.recordLicensingActivity.licensingStartedAt).toBe(first.recordLicensingActivity.licensingStartedAt);
    expect((await gqlOk(app.url, LICENSE, { id: a.id }, key)).recordLicensingActivity.nib).toBe(nib);
    expect(errorCode(await gql(app.url, LICENSE, { id: a.id, nib: '9120001234568' }, key))).toBe('CONFLICT');
    expect((await gql(app.url, LICENSE, { id: a.id, nib: '12345' }, key)).errors![0].extensions).toEqual({
      code: 'VALIDATION_FAILED',
      fields: { nib: 'NIB terdiri dari 13 digit.' },
    });
    expect(errorCode(await gql(app.url, LICENSE, { id: '00000000-0000-4000-8000-000000000000' }, key))).toBe(
      'NOT_FOUND',
    );
    const other = await seedAccount(app);
    expect(errorCode(await gql(app.url, LICENSE, { id: other.id, nib }, key))).toBe('CONFLICT');

    await sweep(new Date(Date.now() + 40 * DAY));
    const [row] = await sql('select status from account where id = ?', [a.id]);
    expect(row.status).toBe('ACTIVE');
    const [gone] = await sql('select status from account where id = ?', [other.id]);
    expect(gone.status).toBe('CANCELLED');
    expect(errorCode(await gql(app.url, LICENSE, { id: other.id }, key))).toBe('CONFLICT');
  });

  it('lets supervisors extend by 1-30 days a call, 90 in all, and finds accounts at risk', async () => {
    const { app } = stack;
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const a = await seedAccount(app, { provinceCode: '82' });
    const r = 'Sedang mengurus dokumen perizinan';
    const base = a.expiresAt!.getTime();
    expect((await gqlOk(app.url, EXTEND, { id: a.id, d: 30, r }, supervisor.token)).extendAccountExpiry).toEqual({
      expiresAt: new Date(base + 30 * DAY).toISOString(),
      extendedDays: 30,
    });
    await gqlOk(app.url, EXTEND, { id: a.id, d: 30, r }, supervisor.token);
    const fields = async (d: number) =>
      (await gql(app.url, EXTEND, { id: a.id, d, r }, supervisor.token)).errors![0].extensions!.fields;
    expect(await fields(31)).toEqual({ days: 'Perpanjangan 1-30 hari per permintaan.' });
    expect(await fields(0)).toEqual({ days: 'Perpanjangan 1-30 hari per permintaan.' });
    await gqlOk(app.url, EXTEND, { id: a.id, d: 29, r }, supervisor.token);
    expect(await fields(2)).toEqual({ days: 'Perpanjangan total maksimal 90 hari; sisa 1 hari.' });
    const last = await gqlOk(app.url, EXTEND, { id: a.id, d: 1, r }, supervisor.token);
    expect(last.extendAccountExpiry).toEqual({ expiresAt: new Date(base + 90 * DAY).toISOString(), extendedDays: 90 });
    const [audit] = await sql(
      `select count(*)::int as n from audit_event where action = 'EXPIRY_EXTENDED' and target_id = ?`,
      [a.id],
    );
    expect(audit.n).toBe(4);

    const soon = await seedAccount(app, { provinceCode: '82' });
    await sql(`update account set expires_at = now() + interval '3 days' where id = ?`, [soon.id]);
    const atRisk = await gqlOk(
      app.url,
      '{ accounts(filter: { provinceCode: "82", expiringWithinDays: 7 }) { edges { node { id } } } }',
      {},
      supervisor.token,
    );
    expect(atRisk.accounts.edges.map((e: any) => e.node.id)).toEqual([soon.id]);
  });

  it('previews what a sweep would do by a date, changing nothing (CLI)', async () => {
    const { app } = stack;
    const a = await seedAccount(app);
    const asOf = new Date(a.expiresAt!.getTime() + DAY).toISOString();
    const before = await sql(`select count(*)::int as n from account where status = 'CANCELLED'`);
    const out = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = spawn(
        process.execPath,
        [require.resolve('tsx/cli'), 'server/src/cli/lifecycle.ts', 'preview', '--as-of', asOf],
        {
          cwd: path.resolve(__dirname, '../..'),
          env: { ...process.env, DATABASE_URL: app.databaseUrl },
        },
      );
      let s = '';
      p.stdout.on('data', (d) => (s += d));
      p.on('exit', (code) => resolve({ code, out: s }));
    });
    expect(out.code).toBe(0);
    expect(out.out).toContain(`Pratinjau penyapuan per ${asOf}`);
    expect(out.out).toMatch(/Dibatalkan \(tanpa kegiatan perizinan\): [1-9]\d*/);
    expect(out.out).toContain(a.username);
    const after = await sql(`select count(*)::int as n from account where status = 'CANCELLED'`);
    expect(after).toEqual(before);
  }, 60_000);

  it('cancels a large backlog in batches (1,200 due at once: three transactions of at most 500)', async () => {
    const asOf = new Date(Date.now() + 400 * DAY); // past every other account in this file too
    await sql(
      `insert into account (id, username, status, scale, actor_type, password_hash, created_at, activated_at, expires_at, search_name)
       select gen_random_uuid(), 'massal' || g || 'x', 'ACTIVE', 'UMK', 'INDIVIDUAL', 'x', now(), now(), now() + interval '30 days', ''
         from generate_series(1, 1200) g`,
    );
    const due = (
      await sql(`select count(*)::int as n from account where status = 'ACTIVE' and expires_at <= ?`, [asOf])
    )[0].n;
    const r = await sweep(asOf);
    expect(r.cancelled).toBe(due);
    expect(
      (await sql(`select count(*)::int as n from account where status = 'ACTIVE' and expires_at <= ?`, [asOf]))[0].n,
    ).toBe(0);
    const events = await sql(
      `select count(*)::int as n from audit_event where action = 'ACCOUNT_CANCELLED' and target_id in (select id::text from account where username like 'massal%')`,
    );
    expect(events[0].n).toBe(1200);
  }, 60_000);
});
