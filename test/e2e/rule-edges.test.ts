import { errorCode, gql, gqlOk } from '../support/graphql';
import { codeFromMail } from '../support/receivers';
import { STRONG_PASSWORD } from '../support/factories';
import { individualInput, LOGIN, registerByEmail, RESEND, seedAccount, START, VERIFY } from '../support/flows';
import { useStack } from '../support/stack';

const DAY = 86400_000;

/**
 * Rules at the edge a mutation test found unguarded: each of these passed
 * with the rule broken (a reset removed, a bound dropped, a window shortened).
 */
describe('rules at their edges', () => {
  const stack = useStack();
  const { sql } = stack;

  it('after 5 wrong codes and a resend, the new code works with a fresh count of 5 attempts', async () => {
    const { app, smtp } = stack;
    const input = individualInput();
    const { startRegistration: reg } = await gqlOk(app.url, START, { input });
    const first = codeFromMail(await smtp.waitForMail(input.email));
    const wrong = first === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 0; left--) {
      const r = await gql(app.url, VERIFY, { id: reg.id, code: wrong });
      expect(r.errors![0].extensions).toEqual({ code: 'CODE_INVALID', attemptsLeft: left });
    }
    // The 3-minute countdown has passed (move the send time back instead of sleeping).
    await sql(
      `update registration_flow set send_times = jsonb_build_array(to_jsonb((now() - interval '181 seconds')::timestamptz)) where id = ?`,
      [reg.id],
    );
    await gqlOk(app.url, RESEND, { id: reg.id });
    const second = codeFromMail(await smtp.waitForMail(input.email, 2));
    const wrongNow = second === '000000' ? '111111' : '000000';
    const guess = await gql(app.url, VERIFY, { id: reg.id, code: wrongNow });
    expect(guess.errors![0].extensions).toEqual({ code: 'CODE_INVALID', attemptsLeft: 4 });
    expect(guess.errors![0].message).toBe('Kode verifikasi salah. Sisa percobaan: 4.');
    expect((await gqlOk(app.url, VERIFY, { id: reg.id, code: second })).verifyRegistration.step).toBe('SET_PASSWORD');
  });

  it('sends no expiry warning 8 days (nor 7 days and a minute) before expiry; the 7-day one goes at 7 days', async () => {
    const { app, smtp } = stack;
    const a = await seedAccount(app);
    const expires = a.expiresAt!.getTime();
    const sweep = (asOf: Date) => app.services.accountExpiry.sweep(app.orm.em.fork(), asOf);
    const warnings = () =>
      sql(`select count(*)::int as n from outbox_message where account_id = ? and template = 'expiry_warning'`, [a.id]);

    expect((await sweep(new Date(expires - 8 * DAY))).warned).toEqual({ EXPIRY_7D: 0, EXPIRY_1D: 0 });
    expect((await sweep(new Date(expires - 7 * DAY - 60_000))).warned).toEqual({ EXPIRY_7D: 0, EXPIRY_1D: 0 });
    expect(await warnings()).toEqual([{ n: 0 }]);

    expect((await sweep(new Date(expires - 7 * DAY))).warned).toEqual({ EXPIRY_7D: 1, EXPIRY_1D: 0 });
    const mail = await smtp.waitForMailMatching(a.email!, /Subject: Hak Akses OSS Anda akan dibatalkan dalam 7 hari/);
    expect(mail.text).toContain(a.username);
    expect(await warnings()).toEqual([{ n: 1 }]);
  });

  it('locks an account after 5 wrong passwords spaced 61 s apart (all within the hour)', async () => {
    const { app, smtp } = stack;
    const { account } = await registerByEmail(app, smtp);
    for (let i = 0; i < 5; i++) {
      if (i > 0) {
        // 61 s pass between two failures (the throttle reads PostgreSQL's clock: move its rows back).
        await sql(`update login_throttle set updated_at = updated_at - interval '61 seconds'`);
      }
      const r = await gql(app.url, LOGIN, { identifier: account.username, password: `Salah#${i}abc` });
      expect(errorCode(r)).toBe('UNAUTHENTICATED');
    }
    const locked = await gql(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });
    expect(errorCode(locked)).toBe('RATE_LIMITED');
    expect(locked.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
  });
});
