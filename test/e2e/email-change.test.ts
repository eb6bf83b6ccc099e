import { makeEmail, STRONG_PASSWORD } from '../support/factories';
import { LOGIN, registerByEmail, staffSession } from '../support/flows';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

const REQUEST =
  'mutation($n: String!, $e: String!) { requestEmailChange(nik: $n, newEmail: $e, reason: "Email lama sudah mati") { id } }';
const APPROVE = 'mutation($id: ID!) { approveEmailChange(id: $id, note: "KTP dicek") { status } }';
const CANCEL = 'mutation($id: ID!, $r: String!) { cancelEmailChange(id: $id, reason: $r) { status decisionNote } }';
const CHANGE =
  'mutation($id: ID!, $e: String!, $r: String!) { changeAccountEmail(id: $id, newEmail: $e, reason: $r) { id status } }';
const CONFIRM = 'mutation($t: String!) { confirmEmailChange(token: $t) }';
const RESET =
  'mutation($t: String!, $p: String!, $c: String!) { resetPassword(token: $t, password: $p, passwordConfirmation: $c) }';

const tokenFrom = (text: string) => decodeURIComponent(/[?&]token=([A-Za-z0-9_%-]+)/.exec(text)![1]);

describe('email change done right: one live request, cancellable, and a confirmation that ends the old access', () => {
  const stack = useStack();

  it('keeps one live request per account: a newer self-service request replaces the earlier one and its link', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    const { account, input } = await registerByEmail(app, smtp);
    const firstEmail = makeEmail('pertama');
    const first = (await gqlOk(app.url, REQUEST, { n: input.nik, e: firstEmail })).requestEmailChange.id;
    await gqlOk(app.url, APPROVE, { id: first }, helpdesk.token);
    const firstLink = tokenFrom((await smtp.waitForMail(firstEmail)).text);
    // The applicant asks again (another new address): same answer shape, the first request ends.
    const second = (await gqlOk(app.url, REQUEST, { n: input.nik, e: makeEmail('kedua') })).requestEmailChange.id;
    const rows = await stack.sql(
      `select id, status from email_change_request where account_id = ? order by created_at`,
      [account.id],
    );
    expect(rows).toEqual([
      { id: first, status: 'CANCELLED' },
      { id: second, status: 'OPEN' },
    ]);
    expect(errorCode(await gql(app.url, CONFIRM, { t: firstLink }))).toBe('CODE_INVALID');
    const [acc] = await stack.sql('select email from account where id = ?', [account.id]);
    expect(acc.email).toBe(input.email);
    // Staff cannot open a second one beside it.
    const clash = await gql(
      app.url,
      CHANGE,
      { id: account.id, e: makeEmail(), r: 'Email mati, KTP dicek' },
      helpdesk.token,
    );
    expect(errorCode(clash)).toBe('CONFLICT');
  });

  it('holds the rule under concurrency: ten simultaneous requests leave exactly one live', async () => {
    const { app, smtp } = stack;
    const { account, input } = await registerByEmail(app, smtp);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => gql(app.url, REQUEST, { n: input.nik, e: makeEmail(`serentak${i}`) })),
    );
    // The per-NIK limit (3 a day) refuses some; every other one was accepted, and only one stays live.
    expect(results.every((r) => !r.errors || errorCode(r) === 'RATE_LIMITED')).toBe(true);
    expect(results.filter((r) => !r.errors).length).toBeGreaterThanOrEqual(2);
    const live = await stack.sql(
      `select count(*)::int as n from email_change_request where account_id = ? and status in ('OPEN', 'APPROVED')`,
      [account.id],
    );
    expect(live).toEqual([{ n: 1 }]);
  });

  it('lets staff cancel an approved request before it is confirmed: link dead, email kept, both addresses told', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    const { account, input } = await registerByEmail(app, smtp);
    const newEmail = makeEmail('batal');
    const { changeAccountEmail: req } = await gqlOk(
      app.url,
      CHANGE,
      { id: account.id, e: newEmail, r: 'Email mati, identitas dicek' },
      helpdesk.token,
    );
    expect(req.status).toBe('APPROVED');
    const link = tokenFrom((await smtp.waitForMail(newEmail)).text);
    expect(errorCode(await gql(app.url, CANCEL, { id: req.id, r: 'x' }, helpdesk.token))).toBe('VALIDATION_FAILED');
    const cancelled = await gqlOk(
      app.url,
      CANCEL,
      { id: req.id, r: 'Pemohon menelepon: email lama aktif lagi' },
      helpdesk.token,
    );
    expect(cancelled.cancelEmailChange).toEqual({
      status: 'CANCELLED',
      decisionNote: 'Pemohon menelepon: email lama aktif lagi',
    });
    expect(errorCode(await gql(app.url, CONFIRM, { t: link }))).toBe('CODE_INVALID');
    const [acc] = await stack.sql('select email from account where id = ?', [account.id]);
    expect(acc.email).toBe(input.email);
    const toNew = await smtp.waitForMailMatching(newEmail, /Penggantian email akun OSS dibatalkan/);
    const toOld = await smtp.waitForMailMatching(input.email as string, /Penggantian email akun OSS dibatalkan/);
    expect(toNew.text).toMatch(/tidak berlaku lagi/);
    expect(toOld.text).toMatch(/tidak berlaku lagi/);
    // Decided requests cannot be cancelled.
    expect(errorCode(await gql(app.url, CANCEL, { id: req.id, r: 'lagi sekali' }, helpdesk.token))).toBe('CONFLICT');
    const [audit] = await stack.sql(
      `select details from audit_event where action = 'EMAIL_CHANGE_CANCELLED' and target_id = ?`,
      [req.id],
    );
    expect(audit.details).toMatchObject({ reason: 'Pemohon menelepon: email lama aktif lagi', wasApproved: true });
  });

  it('refuses to cancel a confirmed request', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    const { account } = await registerByEmail(app, smtp);
    const newEmail = makeEmail('sudah');
    const { changeAccountEmail: req } = await gqlOk(
      app.url,
      CHANGE,
      { id: account.id, e: newEmail, r: 'Email mati, KTP dicek' },
      helpdesk.token,
    );
    await gqlOk(app.url, CONFIRM, { t: tokenFrom((await smtp.waitForMail(newEmail)).text) });
    const late = await gql(app.url, CANCEL, { id: req.id, r: 'Terlambat dibatalkan' }, helpdesk.token);
    expect(errorCode(late)).toBe('CONFLICT');
  });

  it('confirming ends every session of the account and voids its earlier reset links', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    const { account, input } = await registerByEmail(app, smtp);
    const { login } = await gqlOk(app.url, LOGIN, { identifier: input.email, password: STRONG_PASSWORD });
    expect((await gqlOk(app.url, '{ me { id } }', {}, login.token)).me.id).toBe(account.id);
    // A reset link sent to the old inbox before the change (whoever holds that inbox has it).
    await gqlOk(app.url, 'mutation($i: String!) { requestPasswordReset(identifier: $i) }', { i: input.email });
    const resetLink = tokenFrom((await smtp.waitForMailMatching(input.email as string, /reset-password/)).text);
    const newEmail = makeEmail('akhir');
    await gqlOk(app.url, CHANGE, { id: account.id, e: newEmail, r: 'Email mati, KTP dicek' }, helpdesk.token);
    await gqlOk(app.url, CONFIRM, { t: tokenFrom((await smtp.waitForMail(newEmail)).text) });
    // The old session is gone: `me` no longer knows the caller.
    expect((await gqlOk(app.url, '{ me { id } }', {}, login.token)).me).toBeNull();
    const reset = await gql(app.url, RESET, { t: resetLink, p: 'Baru#Kuat2027x', c: 'Baru#Kuat2027x' });
    expect(errorCode(reset)).toBe('CODE_INVALID');
    // The applicant logs in again with the password they had, at the new address.
    expect((await gqlOk(app.url, LOGIN, { identifier: newEmail, password: STRONG_PASSWORD })).login.account.id).toBe(
      account.id,
    );
  });
});
