import { createHash } from 'node:crypto';
import { requestContext } from '../../server/src/shared/request-context';
import { errorCode, gql, gqlOk, waitFor } from '../support/graphql';
import { makeEmail, makeNik, makePhone, STRONG_PASSWORD, toE164 } from '../support/factories';
import { codeFromWhatsApp } from '../support/receivers';
import { SmtpReceiver, TestApp, useStack, WhatsAppReceiver } from '../support/stack';
import {
  COMPLETE,
  individualInput,
  LOGIN,
  registerByEmail,
  SET_PASSWORD,
  START,
  staffToken,
  VERIFY,
} from '../support/flows';

const REQUEST_RESET = 'mutation($i: String!) { requestPasswordReset(identifier: $i) }';
const RESET =
  'mutation($t: String!, $p: String!, $c: String!) { resetPassword(token: $t, password: $p, passwordConfirmation: $c) }';
const LOOKUP =
  'mutation($nik: String!, $hasNib: Boolean!) { lookupLostAccount(nik: $nik, hasNib: $hasNib) { found maskedUsername maskedEmail maskedPhone } }';
const REQUEST_EMAIL_CHANGE =
  'mutation($nik: String!, $e: String!, $r: String!) { requestEmailChange(nik: $nik, newEmail: $e, reason: $r) { id status newEmail createdAt } }';
const CONFIRM_EMAIL = 'mutation($t: String!) { confirmEmailChange(token: $t) }';
const NEW_PASSWORD = 'Baru#Kuat2027x';

function tokenFrom(text: string): string {
  const m = /[?&]token=([A-Za-z0-9_%-]+)/.exec(text);
  if (!m) throw new Error(`No token= link in:\n${text}`);
  return decodeURIComponent(m[1]);
}

describe('recovery: password reset, lost account, dead email, activation resend', () => {
  const stack = useStack({ whatsapp: true });
  let app: TestApp, smtp: SmtpReceiver, wa: WhatsAppReceiver;
  beforeAll(() => ({ app, smtp, wa } = stack));
  const sql = stack.sql;
  /** Audit rows of one action, written since `since` (each test passes its own start, so tests stay independent). */
  const audits = (action: string, since = new Date(0)) =>
    sql('select * from audit_event where action = ? and at >= ? order by at', [action, since]);

  it('resets a password by an emailed single-use link and ends every session', async () => {
    const { account, input } = await registerByEmail(app, smtp);
    const { login } = await gqlOk(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });
    expect((await gqlOk(app.url, REQUEST_RESET, { i: account.username })).requestPasswordReset).toBe(true);
    const mail = await smtp.waitForMail(input.email, 3); // code, welcome, reset
    expect(mail.text).toContain('http://oss.test/reset-password?token=');
    const token = tokenFrom(mail.text);
    const [row] = await sql(
      'select token_hash, extract(epoch from expires_at - created_at)::int as ttl from account_token where account_id = ?',
      [account.id],
    );
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(token);
    expect(row.ttl).toBe(3600);

    const weak = await gql(app.url, RESET, { t: token, p: 'Password1!', c: 'Password1!' });
    expect(errorCode(weak)).toBe('VALIDATION_FAILED');
    const named = await gql(app.url, RESET, { t: token, p: 'Wildan#2027x', c: 'Wildan#2027x' });
    expect(named.errors![0].extensions!.fields).toEqual({
      password: 'Kata sandi tidak boleh mengandung nama atau nama pengguna.',
    });
    // A refused password leaves the link usable.
    expect((await gqlOk(app.url, RESET, { t: token, p: NEW_PASSWORD, c: NEW_PASSWORD })).resetPassword).toBe(true);

    expect((await gqlOk(app.url, '{ me { id } }', {}, login.token)).me).toBeNull();
    expect(errorCode(await gql(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (await gqlOk(app.url, LOGIN, { identifier: account.username, password: NEW_PASSWORD })).login.account.id,
    ).toBe(account.id);
    expect(errorCode(await gql(app.url, RESET, { t: token, p: 'Lagi#Kuat2028y', c: 'Lagi#Kuat2028y' }))).toBe(
      'CODE_INVALID',
    );
    expect((await audits('PASSWORD_RESET')).map((a: any) => a.target_id)).toContain(account.id);
    expect(
      (await audits('PASSWORD_RESET_REQUESTED')).some(
        (a: any) => a.target_id === account.id && a.details.found === true,
      ),
    ).toBe(true);
  });

  /** Reset requests are worked off by the job queue (so known and unknown identifiers answer alike): wait for it. */
  const resetsDone = () =>
    waitFor(async () => {
      const [r] = await sql(
        `select count(*)::int as n from graphile_worker.jobs where task_identifier = 'password_reset_request'`,
      );
      return r.n === 0 ? true : undefined;
    }, 'queued reset requests');

  it('answers true for unknown identifiers and sends nothing', async () => {
    const before = (await sql(`select count(*)::int as n from outbox_message where template = 'password_reset'`))[0].n;
    const known = await registerByEmail(app, smtp);
    const a = await gql(app.url, REQUEST_RESET, { i: 'tidak.ada@example.co.id' });
    const b = await gql(app.url, REQUEST_RESET, { i: known.input.email });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    await resetsDone();
    const after = (await sql(`select count(*)::int as n from outbox_message where template = 'password_reset'`))[0].n;
    expect(after - before).toBe(1);
    const unknownAudit = (await audits('PASSWORD_RESET_REQUESTED')).filter((e: any) => e.details.found === false);
    expect(unknownAudit.length).toBeGreaterThanOrEqual(1);
  });

  it('sends at most 3 reset links per account per hour, answering true every time', async () => {
    const { account } = await registerByEmail(app, smtp);
    for (let i = 0; i < 4; i++)
      expect((await gqlOk(app.url, REQUEST_RESET, { i: account.username })).requestPasswordReset).toBe(true);
    await resetsDone();
    const [{ n }] = await sql(
      `select count(*)::int as n from outbox_message where template = 'password_reset' and account_id = ?`,
      [account.id],
    );
    expect(n).toBe(3);
    // Only the newest link works.
    const [{ live }] = await sql(
      `select count(*)::int as live from account_token where account_id = ? and used_at is null`,
      [account.id],
    );
    expect(live).toBe(1);
  });

  it('sends the reset link by WhatsApp for a phone-verified account, and refuses expired and foreign tokens', async () => {
    const phone = makePhone();
    const e164 = toE164(phone);
    const { startRegistration: reg } = await gqlOk(app.url, START, {
      input: individualInput({ channel: 'WHATSAPP', email: undefined, phone }),
    });
    await gqlOk(app.url, VERIFY, { id: reg.id, code: codeFromWhatsApp(await wa.waitForMessage(e164)) });
    await gqlOk(app.url, SET_PASSWORD, { id: reg.id, p: STRONG_PASSWORD, c: STRONG_PASSWORD });
    const { completeRegistration: account } = await gqlOk(app.url, COMPLETE, {
      id: reg.id,
      accept: true,
      profile: {
        fullName: 'Siti Aminah',
        birthDate: '1990-05-17',
        gender: 'FEMALE',
        address: 'Jl. Kenanga No. 3',
        villageCode: '3171011001',
      },
    });
    await gqlOk(app.url, REQUEST_RESET, { i: phone });
    const msg = await wa.waitForMessage(e164, 3);
    expect(msg.body.template.name).toBe('oss_atur_ulang_kata_sandi');
    const token = tokenFrom(msg.body.template.components[0].parameters[0].text);

    await sql(`update account_token set expires_at = now() - interval '1 second' where account_id = ?`, [account.id]);
    expect(errorCode(await gql(app.url, RESET, { t: token, p: NEW_PASSWORD, c: NEW_PASSWORD }))).toBe('CODE_EXPIRED');
    expect(errorCode(await gql(app.url, RESET, { t: 'bukan-token', p: NEW_PASSWORD, c: NEW_PASSWORD }))).toBe(
      'CODE_INVALID',
    );
    const foreign = await app.services.tokens.issue(app.orm.em.fork(), account.id, 'EMAIL_CHANGE', 3600);
    expect(errorCode(await gql(app.url, RESET, { t: foreign, p: NEW_PASSWORD, c: NEW_PASSWORD }))).toBe('CODE_INVALID');
  });

  it('changes a dead email only after staff approval and confirmation from the new address', async () => {
    const since = new Date();
    const phone = makePhone();
    const { account, input } = await registerByEmail(app, smtp, { phone });
    const newEmail = makeEmail('baru');
    const r = await gqlOk(app.url, REQUEST_EMAIL_CHANGE, {
      nik: input.nik,
      e: newEmail,
      r: 'Email lama sudah tidak aktif',
    });
    expect(r.requestEmailChange).toMatchObject({ status: 'OPEN', newEmail: 'ba****@example.co.id' });
    const told = await wa.waitForMessage(toE164(phone));
    expect(told.body.template.name).toBe('oss_permintaan_ganti_email');
    expect(told.body.template.components[0].parameters[0].text).toBe('ba****@example.co.id');
    const me = async () =>
      (await gqlOk(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD })).login.account;
    expect((await me()).email).toBe(input.email);

    // An unknown NIK gets the same kind of answer: a recorded request without an account.
    const ghost = await gqlOk(app.url, REQUEST_EMAIL_CHANGE, {
      nik: makeNik(),
      e: makeEmail(),
      r: 'Email lama sudah tidak aktif',
    });
    expect(Object.keys(ghost.requestEmailChange)).toEqual(Object.keys(r.requestEmailChange));
    expect(ghost.requestEmailChange.status).toBe('OPEN');

    // Approval: the back-office side, driven through the service layer.
    const { staff } = await app.services.staff.create(app.orm.em.fork(), {
      username: 'rina.supervisor',
      role: 'SUPERVISOR',
      password: 'Awas#Benar2026',
    });
    const staffCtx = () =>
      requestContext(app.orm.em.fork(), { kind: 'STAFF', staffId: staff.id, role: 'SUPERVISOR', sessionId: 'test' });
    await expect(app.services.emailChanges.approve(staffCtx(), ghost.requestEmailChange.id)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(app.services.emailChanges.approve(staffCtx(), 'bukan-id')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const approved = await app.services.emailChanges.approve(
      staffCtx(),
      r.requestEmailChange.id,
      'Identitas dicek lewat video call',
    );
    expect(approved.status).toBe('APPROVED');
    await expect(app.services.emailChanges.approve(staffCtx(), r.requestEmailChange.id)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const notice = await smtp.waitForMail(input.email, 3);
    expect(notice.text).toContain('ba****@example.co.id');
    expect((await me()).email).toBe(input.email);

    const link = await smtp.waitForMail(newEmail);
    const token = tokenFrom(link.text);
    expect(link.text).toContain('http://oss.test/confirm-email?token=');
    expect((await gqlOk(app.url, CONFIRM_EMAIL, { t: token })).confirmEmailChange).toBe(true);
    expect((await me()).email).toBe(newEmail);
    expect((await gqlOk(app.url, LOGIN, { identifier: newEmail, password: STRONG_PASSWORD })).login.account.id).toBe(
      account.id,
    );
    expect(errorCode(await gql(app.url, CONFIRM_EMAIL, { t: token }))).toBe('CODE_INVALID');
    // Foreign (a password-reset token) and expired confirmation tokens are refused too.
    const foreign = await app.services.tokens.issue(app.orm.em.fork(), account.id, 'PASSWORD_RESET', 3600);
    expect(errorCode(await gql(app.url, CONFIRM_EMAIL, { t: foreign }))).toBe('CODE_INVALID');
    const late = await app.services.tokens.issue(
      app.orm.em.fork(),
      account.id,
      'EMAIL_CHANGE',
      3600,
      r.requestEmailChange.id,
    );
    await sql(
      `update account_token set expires_at = now() - interval '1 second' where purpose = 'EMAIL_CHANGE' and used_at is null`,
    );
    expect(errorCode(await gql(app.url, CONFIRM_EMAIL, { t: late }))).toBe('CODE_EXPIRED');
    const [req] = await sql('select status, decided_by from email_change_request where id = ?', [
      r.requestEmailChange.id,
    ]);
    expect(req).toEqual({ status: 'CONFIRMED', decided_by: staff.id });
    expect((await audits('EMAIL_CHANGE_REQUESTED', since)).length).toBe(2);

    // An approval whose link is not used within 72 hours expires (hourly job).
    const late2 = await gqlOk(app.url, REQUEST_EMAIL_CHANGE, {
      nik: input.nik,
      e: makeEmail(),
      r: 'Email lama sudah tidak aktif',
    });
    await app.services.emailChanges.approve(staffCtx(), late2.requestEmailChange.id);
    await sql(`update email_change_request set decided_at = now() - interval '73 hours' where id = ?`, [
      late2.requestEmailChange.id,
    ]);
    await sql(`select graphile_worker.add_job('expire_stale')`);
    await waitFor(
      async () =>
        (await sql('select status from email_change_request where id = ?', [late2.requestEmailChange.id]))[0].status ===
        'EXPIRED'
          ? true
          : undefined,
      'EXPIRED request',
    );
    expect((await audits('EMAIL_CHANGED', since)).map((a: any) => a.target_id)).toEqual([account.id]);
  });

  it('lets helpdesk resend the welcome message, not applicants', async () => {
    const { account, input } = await registerByEmail(app, smtp);
    const token = await staffToken(app);
    const RESEND = 'mutation($id: ID!) { resendActivation(id: $id) }';
    expect((await gqlOk(app.url, RESEND, { id: account.id }, token)).resendActivation).toBe(true);
    const again = await smtp.waitForMail(input.email, 3);
    expect(again.text).toContain(`Nama pengguna (username): ${account.username}`);
    const { login } = await gqlOk(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });
    expect(errorCode(await gql(app.url, RESEND, { id: account.id }, login.token))).toBe('FORBIDDEN');
    expect(errorCode(await gql(app.url, RESEND, { id: account.id }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(app.url, RESEND, { id: '00000000-0000-4000-8000-000000000000' }, token))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await gql(app.url, RESEND, { id: 'bukan-id' }, token))).toBe('NOT_FOUND');
    const badFilter = await gql(
      app.url,
      '{ outboxMessages(filter: { accountId: "bukan-id" }) { totalCount } }',
      {},
      token,
    );
    expect(badFilter.errors![0].extensions).toEqual({
      code: 'VALIDATION_FAILED',
      fields: { accountId: 'ID akun tidak valid.' },
    });
    const mine = await gqlOk(
      app.url,
      'query($a: ID) { outboxMessages(filter: { accountId: $a }) { edges { node { template } } } }',
      { a: account.id },
      token,
    );
    expect(mine.outboxMessages.edges.map((e: { node: { template: string } }) => e.node.template)).toEqual([
      'welcome',
      'welcome',
    ]);
  });

  it('finds a lost account by NIK with masked data only, within 3 per NIK per day and 5 per IP per hour', async () => {
    const since = new Date();
    await sql(`delete from rate_limit_hit where key like 'lost:%'`); // whatever ran before, this IP starts fresh
    const phone = makePhone();
    const { account, input } = await registerByEmail(app, smtp, { phone });
    const e164 = toE164(phone);
    for (let i = 0; i < 3; i++) {
      const { lookupLostAccount } = await gqlOk(app.url, LOOKUP, { nik: input.nik, hasNib: false });
      expect(lookupLostAccount).toEqual({
        found: true,
        maskedUsername: `${account.username.slice(0, 2)}****${account.username.slice(-1)}`,
        maskedEmail: `${input.email.slice(0, 2)}****@example.co.id`,
        maskedPhone: `+62 ${e164.slice(3, 6)}****${e164.slice(-4)}`,
      });
    }
    const fourth = await gql(app.url, LOOKUP, { nik: input.nik, hasNib: false });
    expect(errorCode(fourth)).toBe('RATE_LIMITED');
    expect(fourth.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(23 * 3600);
    expect((await gqlOk(app.url, LOOKUP, { nik: makeNik(), hasNib: true })).lookupLostAccount).toEqual({
      found: false,
      maskedUsername: null,
      maskedEmail: null,
      maskedPhone: null,
    });
    const sixth = await gql(app.url, LOOKUP, { nik: makeNik(), hasNib: false });
    expect(errorCode(sixth)).toBe('RATE_LIMITED');
    expect(sixth.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(3500);
    expect(sixth.errors![0].extensions!.retryAfterSeconds).toBeLessThanOrEqual(3600);
    const bad = await gql(app.url, LOOKUP, { nik: '123', hasNib: false });
    expect(bad.errors![0].extensions!.fields).toEqual({ nik: 'NIK harus terdiri dari 16 digit.' });
    const rows = await audits('LOST_ACCOUNT_LOOKUP', since);
    expect(rows.length).toBe(6);
    expect(rows.filter((r: any) => r.details.found === true).length).toBe(3);
    expect(rows.filter((r: any) => r.details.refused).length).toBe(2);
    expect(JSON.stringify(rows)).not.toContain(input.nik);
    // The per-NIK window names the NIK by a keyed digest: neither the NIK nor its plain SHA-256, which trying
    // every NIK of one birth date and region would undo.
    const keys = (await sql(`select distinct key from rate_limit_hit where key like 'lost:nik:%'`)).map(
      (r: any) => r.key,
    );
    expect(keys).toContain(`lost:nik:${app.services.throttle.subject(input.nik)}`);
    const plain = createHash('sha256').update(input.nik).digest('hex');
    expect(keys.filter((k: string) => k.includes(input.nik) || k.includes(plain))).toEqual([]);
  });
});

describe('email-change request limits', () => {
  const stack = useStack();

  it('allows 3 requests per NIK per day and 5 per IP per hour', async () => {
    const url = stack.app.url;
    const nik = makeNik();
    const ask = (n: string) =>
      gql(url, REQUEST_EMAIL_CHANGE, { nik: n, e: makeEmail(), r: 'Email lama sudah tidak aktif' });
    for (let i = 0; i < 3; i++) expect((await ask(nik)).errors).toBeUndefined();
    const fourth = await ask(nik);
    expect(errorCode(fourth)).toBe('RATE_LIMITED');
    expect(fourth.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(23 * 3600);
    expect((await ask(makeNik())).errors).toBeUndefined();
    const sixth = await ask(makeNik());
    expect(errorCode(sixth)).toBe('RATE_LIMITED');
    expect(sixth.errors![0].extensions!.retryAfterSeconds).toBeLessThanOrEqual(3600);
    const bad = await gql(url, REQUEST_EMAIL_CHANGE, { nik: '123', e: 'x', r: 'ab' });
    expect(bad.errors![0].extensions!.fields).toEqual({
      nik: 'NIK harus terdiri dari 16 digit.',
      newEmail: 'Format email tidak valid.',
      reason: 'Jelaskan alasan penggantian email (minimal 5 karakter).',
    });
  });
});
