import { makeEmail, STRONG_PASSWORD } from '../support/factories';
import { LOGIN, registerByEmail, seedAccount, staffSession } from '../support/flows';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

const REQUEST =
  'mutation($n: String!, $e: String!) { requestEmailChange(nik: $n, newEmail: $e, reason: "Email lama sudah mati") { id } }';
const APPROVE = 'mutation($id: ID!) { approveEmailChange(id: $id, note: "KTP dicek") { status } }';
const CANCEL = 'mutation($id: ID!, $r: String!) { cancelEmailChange(id: $id, reason: $r) { status decisionNote } }';
const CHANGE =
  'mutation($id: ID!, $e: String!, $r: String!) { changeAccountEmail(id: $id, newEmail: $e, reason: $r) { id status } }';
const CONFIRM = 'mutation($t: String!) { confirmEmailChange(token: $t) }';
const REJECT = 'mutation($id: ID!) { rejectEmailChange(id: $id, reason: "Identitas tidak cocok") { status } }';
const CANCELLED_MAIL = /Penggantian email akun OSS dibatalkan/;
const RESET =
  'mutation($t: String!, $p: String!, $c: String!) { resetPassword(token: $t, password: $p, passwordConfirmation: $c) }';

const tokenFrom = (text: string) => decodeURIComponent(/[?&]token=([A-Za-z0-9_%-]+)/.exec(text)![1]);

describe('email change done right: one live request, cancellable, and a confirmation that ends the old access', () => {
  const stack = useStack();
  // Every test files self-service requests from one address (5 an hour): each starts with a fresh budget.
  beforeEach(() => stack.sql(`delete from rate_limit_hit where key like 'emailchange:%'`));
  /** A cancelled request's link: refused as run out, saying why, and the email is unchanged. */
  const expectCancelledLink = async (token: string, accountId: string, email: string) => {
    const refused = await gql(stack.app.url, CONFIRM, { t: token });
    expect(errorCode(refused)).toBe('CODE_EXPIRED');
    expect(refused.errors![0].message).toMatch(/sudah dibatalkan/);
    const [acc] = await stack.sql('select email from account where id = ?', [accountId]);
    expect(acc.email).toBe(email);
  };

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
    await expectCancelledLink(firstLink, account.id, input.email as string);
    // It had been approved: both addresses that heard of it are told it is over.
    expect((await smtp.waitForMailMatching(firstEmail, CANCELLED_MAIL)).text).toContain('pe****@example.co.id');
    expect((await smtp.waitForMailMatching(input.email as string, CANCELLED_MAIL)).text).toContain(
      'pe****@example.co.id',
    );
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
    await expectCancelledLink(link, account.id, input.email as string);
    const toNew = await smtp.waitForMailMatching(newEmail, /Penggantian email akun OSS dibatalkan/);
    const toOld = await smtp.waitForMailMatching(input.email as string, /Penggantian email akun OSS dibatalkan/);
    expect(toNew.text).toMatch(/tidak berlaku lagi/);
    expect(toOld.text).toMatch(/tidak berlaku lagi/);
    // Decided requests cannot be cancelled.
    const again = await gql(app.url, CANCEL, { id: req.id, r: 'lagi sekali' }, helpdesk.token);
    expect(errorCode(again)).toBe('CONFLICT');
    expect(again.errors![0].message).toBe('Permintaan berstatus CANCELLED tidak dapat dibatalkan.');
    const [audit] = await stack.sql(
      `select details from audit_event where action = 'EMAIL_CHANGE_CANCELLED' and target_id = ?`,
      [req.id],
    );
    expect(audit.details).toMatchObject({ reason: 'Pemohon menelepon: email lama aktif lagi', wasApproved: true });
  });

  it('two officers changing one account at once: one link goes out, the other gets CONFLICT; the database holds the rule too', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const account = await seedAccount(app);
    const both = await Promise.all(
      ['satu', 'dua'].map((who) =>
        gql(app.url, CHANGE, { id: account.id, e: makeEmail(who), r: 'Email mati, KTP dicek' }, helpdesk.token),
      ),
    );
    expect(both.map((r) => (r.errors ? errorCode(r) : r.data!.changeAccountEmail.status)).sort()).toEqual([
      'APPROVED',
      'CONFLICT',
    ]);
    expect(both.find((r) => r.errors)!.errors![0].message).toMatch(/sudah memiliki permintaan ganti email/);
    const live = `select count(*)::int as n from email_change_request where account_id = ? and status in ('OPEN', 'APPROVED')`;
    expect(await stack.sql(live, [account.id])).toEqual([{ n: 1 }]);
    // A writer that skips the service (and its account lock) is stopped by the partial unique index.
    await expect(
      stack.sql(
        `insert into email_change_request (id, account_id, new_email, reason, source, status)
         values (gen_random_uuid(), ?, 'lain@example.co.id', 'langsung', 'STAFF', 'OPEN')`,
        [account.id],
      ),
    ).rejects.toThrow(/email_change_request_one_live/);
    expect(await stack.sql(live, [account.id])).toEqual([{ n: 1 }]);
  });

  it('lets staff cancel an open request: the account address is told, the never-contacted new one is not', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    const account = await seedAccount(app);
    const newEmail = makeEmail('buka');
    const id = (await gqlOk(app.url, REQUEST, { n: account.nik, e: newEmail })).requestEmailChange.id;
    expect(
      (await gqlOk(app.url, CANCEL, { id, r: 'Diajukan ganda oleh pemohon' }, helpdesk.token)).cancelEmailChange,
    ).toEqual({ status: 'CANCELLED', decisionNote: 'Diajukan ganda oleh pemohon' });
    expect(errorCode(await gql(app.url, APPROVE, { id }, helpdesk.token))).toBe('CONFLICT');
    await smtp.waitForMailMatching(account.email!, CANCELLED_MAIL);
    expect(smtp.mails.filter((m) => m.to.includes(newEmail))).toEqual([]);
    expect(
      errorCode(
        await gql(app.url, CANCEL, { id: '00000000-0000-4000-8000-000000000000', r: 'Tidak ada' }, helpdesk.token),
      ),
    ).toBe('NOT_FOUND');
  });

  it('refuses to cancel a rejected request, in plain words', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const account = await seedAccount(app);
    const id = (await gqlOk(app.url, REQUEST, { n: account.nik, e: makeEmail() })).requestEmailChange.id;
    await gqlOk(app.url, REJECT, { id }, helpdesk.token);
    const late = await gql(app.url, CANCEL, { id, r: 'Terlambat dibatalkan' }, helpdesk.token);
    expect(errorCode(late)).toBe('CONFLICT');
    expect(late.errors![0].message).toBe('Permintaan berstatus REJECTED tidak dapat dibatalkan.');
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
    expect(late.errors![0].message).toBe('Permintaan berstatus CONFIRMED tidak dapat dibatalkan.');
    const [acc] = await stack.sql('select email from account where id = ?', [account.id]);
    expect(acc.email).toBe(newEmail);
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
    expect(errorCode(await gql(app.url, 'mutation { logout }', {}, login.token))).toBe('UNAUTHENTICATED');
    const reset = await gql(app.url, RESET, { t: resetLink, p: 'Baru#Kuat2027x', c: 'Baru#Kuat2027x' });
    expect(errorCode(reset)).toBe('CODE_INVALID');
    // The applicant logs in again with the password they had, at the new address.
    expect((await gqlOk(app.url, LOGIN, { identifier: newEmail, password: STRONG_PASSWORD })).login.account.id).toBe(
      account.id,
    );
  });
});
