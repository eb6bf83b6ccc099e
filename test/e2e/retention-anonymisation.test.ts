import { spawn } from 'node:child_process';
import path from 'node:path';
import { TestClock } from '../support/app';
import { seedAccount, staffSession } from '../support/flows';
import { gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

/**
 * The end of the retention period (ACCOUNT_RETENTION_DAYS, here 30): the
 * daily job anonymises a CANCELLED account's personal data once that many days
 * have passed since the cancellation — not a moment earlier.
 */
const DAY = 86_400_000;
const CANCELLED_AT = new Date('2027-03-01T05:00:00Z');

describe('retention: cancelled accounts anonymised by the scheduled job', () => {
  const clock = new TestClock();
  const stack = useStack({ clock, env: { ACCOUNT_RETENTION_DAYS: '30' } });
  afterAll(() => clock.set(new Date()));

  const cancel = (id: string, at: Date) =>
    stack.sql(`update account set status = 'CANCELLED', cancelled_at = ? where id = ?`, [at, id]);
  const row = async (id: string) =>
    (await stack.sql('select nik, email, username, anonymised_at from account where id = ?', [id]))[0];
  /** The job at an exact moment (the injected clock, which runs on once set, stamps the anonymisation). */
  const sweep = (at: Date) => {
    clock.set(at);
    return stack.app.services.retention.sweep(stack.app.orm.em.fork(), at);
  };
  const counted = async () => (await stack.app.services.telemetry.retentionAnonymised.get()).values[0]?.value ?? 0;

  function preview(asOf: string): Promise<{ code: number | null; out: string }> {
    return new Promise((resolve) => {
      const p = spawn(
        process.execPath,
        [require.resolve('tsx/cli'), 'server/src/cli/lifecycle.ts', 'preview', '--as-of', asOf],
        {
          cwd: path.resolve(__dirname, '../..'),
          env: { ...process.env, DATABASE_URL: stack.app.databaseUrl, ACCOUNT_RETENTION_DAYS: '30' },
        },
      );
      let s = '';
      p.stdout.on('data', (d) => (s += d));
      p.on('exit', (code) => resolve({ code, out: s }));
    });
  }

  it('leaves the account untouched the day before and up to the last moment, and anonymises it on the day', async () => {
    const { app } = stack;
    const due = await seedAccount(app);
    const active = await seedAccount(app);
    const waiting = await seedAccount(app); // cancelled, but with an access request still in the queue
    const later = await seedAccount(app); // cancelled a day after the first
    await cancel(due.id, CANCELLED_AT);
    await cancel(waiting.id, CANCELLED_AT);
    await cancel(later.id, new Date(CANCELLED_AT.getTime() + DAY));
    const helpdesk = await staffSession(app);
    await gqlOk(
      app.url,
      `mutation($a: ID!) { fileDataSubjectRequestForAccount(accountId: $a, kind: ACCESS,
        identityCheck: "KTP dicocokkan di loket") { id } }`,
      { a: waiting.id },
      helpdesk.token,
    );
    const before = await counted();
    const RETENTION = `query($id: ID!) { account(id: $id, reveal: false) { personalDataRemovalAt anonymisedAt } }`;
    const retention = async (id: string) =>
      (await gqlOk(app.url, RETENTION, { id }, helpdesk.token)).account as Record<string, string | null>;
    // Staff see when the data goes: the cancellation plus the period; nothing for a live account.
    expect(await retention(due.id)).toEqual({
      personalDataRemovalAt: new Date(CANCELLED_AT.getTime() + 30 * DAY).toISOString(),
      anonymisedAt: null,
    });
    expect(await retention(active.id)).toEqual({ personalDataRemovalAt: null, anonymisedAt: null });

    for (const at of [CANCELLED_AT.getTime() + 29 * DAY, CANCELLED_AT.getTime() + 30 * DAY - 1]) {
      expect(await sweep(new Date(at))).toEqual({ anonymised: 0 });
      expect(await row(due.id)).toMatchObject({ nik: due.nik, email: due.email, anonymised_at: null });
    }

    const onTheDay = new Date(CANCELLED_AT.getTime() + 30 * DAY);
    const shown = await preview(onTheDay.toISOString());
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('Data pribadi dihapus (dibatalkan lebih dari 30 hari, ACCOUNT_RETENTION_DAYS): 1');
    expect(shown.out).toContain(due.username);
    expect(await row(due.id)).toMatchObject({ nik: due.nik, anonymised_at: null }); // a preview changes nothing

    expect(await sweep(onTheDay)).toEqual({ anonymised: 1 });
    const gone = await row(due.id);
    expect(gone).toMatchObject({ nik: null, email: null, username: `anonim-${due.id.replace(/-/g, '').slice(0, 12)}` });
    // The injected clock runs on from the moment it was set: anonymised on the day, within the sweep's seconds.
    const at = new Date(gone.anonymised_at).getTime() - onTheDay.getTime();
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).toBeLessThan(60_000);
    expect(await retention(due.id)).toEqual({
      personalDataRemovalAt: null,
      anonymisedAt: new Date(gone.anonymised_at).toISOString(),
    });
    for (const kept of [active, waiting, later]) {
      expect(await row(kept.id)).toMatchObject({ nik: kept.nik, email: kept.email, anonymised_at: null });
    }
    // No copy of the person's identifiers is left in the account table.
    expect(await stack.sql('select id from account where nik = ? or email = ?', [due.nik, due.email])).toEqual([]);
    const audit = await stack.sql(
      `select actor_type, actor_id, details from audit_event where action = 'ACCOUNT_ANONYMISED' and target_id = ?`,
      [due.id],
    );
    expect(audit).toEqual([
      {
        actor_type: 'SYSTEM',
        actor_id: 'retention',
        details: expect.objectContaining({
          reason: 'RETENTION',
          retentionDays: 30,
          cancelledAt: CANCELLED_AT.toISOString(),
          changed: expect.objectContaining({ account: 1 }),
        }),
      },
    ]);
    expect((await counted()) - before).toBe(1);

    // Run again on the same day: nothing more to do, nothing counted twice.
    expect(await sweep(onTheDay)).toEqual({ anonymised: 0 });
    expect((await counted()) - before).toBe(1);

    // The next day the account cancelled a day later goes too; the one with a request waits for its answer.
    expect(await sweep(new Date(onTheDay.getTime() + DAY))).toEqual({ anonymised: 1 });
    expect((await row(later.id)).anonymised_at).not.toBeNull();
    expect((await row(waiting.id)).anonymised_at).toBeNull();
  }, 90_000);

  it('works through a backlog in batches, every account audited', async () => {
    await stack.sql(
      `insert into account (id, username, status, scale, actor_type, password_hash, created_at, activated_at,
                            expires_at, cancelled_at, search_name, email)
       select gen_random_uuid(), 'lama' || g || 'x', 'CANCELLED', 'UMK', 'INDIVIDUAL', 'x', ?, ?, ?, ?, '',
              'lama' || g || '@contoh.co.id'
         from generate_series(1, 120) g`,
      [CANCELLED_AT, CANCELLED_AT, CANCELLED_AT, CANCELLED_AT],
    );
    expect(await sweep(new Date(CANCELLED_AT.getTime() + 40 * DAY))).toEqual({ anonymised: 120 });
    const [left] = await stack.sql(`select count(*)::int as n from account where username like 'lama%'`);
    expect(left.n).toBe(0);
    const [audited] = await stack.sql(
      `select count(*)::int as n from audit_event where action = 'ACCOUNT_ANONYMISED' and details->>'reason' = 'RETENTION'
          and target_id in (select id::text from account where email is null and anonymised_at >= ?)`,
      [new Date(CANCELLED_AT.getTime() + 40 * DAY)],
    );
    expect(audited.n).toBe(120);
  }, 90_000);
});
