import { AccountLifecycle, AccountQueries } from '../../server/src/modules/account';
import { applicantKind } from '../../server/src/modules/account/applicant-kind';
import { usernameCandidate } from '../../server/src/modules/account/username';
import { systemContext } from '../../server/src/shared/request-context';
import { makeEmail, makeNik, makePhone, STRONG_PASSWORD, toE164 } from '../support/factories';
import { individualInput, LOGIN, registerByEmail, staffToken, START } from '../support/flows';
import { errorCode, gql, gqlOk, waitFor, wsClient } from '../support/graphql';
import { useStack } from '../support/stack';

const LINK = 'mutation($id: ID!, $t: String!) { verifyRegistrationLink(id: $id, token: $t) { step } }';
const ME = '{ me { id status } }';

describe('sessions, suspended accounts, dead messages and redaction', () => {
  const stack = useStack({ whatsapp: true });
  const { sql } = stack;
  const outboxRow = (template: string, recipient: string) =>
    waitFor(async () => {
      const [row] = await sql(
        'select status, subject, body, params, attempts, last_error from outbox_message where template = ? and recipient = ?',
        [template, recipient],
      );
      return row?.status === 'SENT' || row?.status === 'DEAD' ? row : undefined;
    }, `${template} to ${recipient}`);

  it('ends applicant and staff sessions at their expiry', async () => {
    const { app, smtp } = stack;
    const { account } = await registerByEmail(app, smtp);
    const { login } = await gqlOk(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });
    expect((await gqlOk(app.url, ME, {}, login.token)).me.id).toBe(account.id);
    const staff = await staffToken(app);
    expect(errorCode(await gql(app.url, '{ outboxMessages(first: 1) { totalCount } }', {}, staff))).toBeUndefined();

    await sql(`update auth_session set expires_at = now() - interval '1 second'`);
    expect((await gqlOk(app.url, ME, {}, login.token)).me).toBeNull();
    expect(errorCode(await gql(app.url, '{ outboxMessages(first: 1) { totalCount } }', {}, staff))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('refuses login to a SUSPENDED account with its own message, and its open sessions stop working', async () => {
    const { app, smtp } = stack;
    const { account } = await registerByEmail(app, smtp);
    const { login } = await gqlOk(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });
    await sql(`update account set status = 'SUSPENDED' where id = ?`, [account.id]);
    const r = await gql(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });
    expect(r.errors![0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: expect.stringContaining('ditangguhkan'),
    });
    // The wrong password still answers like any wrong password: suspension is told only to the owner.
    expect(errorCode(await gql(app.url, LOGIN, { identifier: account.username, password: 'Salah#2026x' }))).toBe(
      'UNAUTHENTICATED',
    );
    expect((await gqlOk(app.url, ME, {}, login.token)).me).toBeNull();
  });

  it('marks a message DEAD after its last attempt, keeping the last error for the helpdesk', async () => {
    const { app, wa } = stack;
    const e164 = toE164(makePhone());
    wa.failNext.count = 1000;
    try {
      await gqlOk(app.url, START, { input: individualInput({ channel: 'WHATSAPP', email: undefined, phone: e164 }) });
      await waitFor(async () => {
        const [m] = await sql(`select status from outbox_message where recipient = ?`, [e164]);
        return m?.status === 'FAILED' ? true : undefined;
      }, 'first failure');
      // Skip the backoff: the job's next attempt is its last.
      await sql(
        `update graphile_worker._private_jobs set attempts = max_attempts - 1, run_at = now()
          where payload->>'id' = (select id::text from outbox_message where recipient = ?)`,
        [e164],
      );
      const row = await outboxRow('registration_code', e164);
      expect(row.status).toBe('DEAD');
      expect(row.attempts).toBe(2);
      expect(row.last_error).toMatch(/500/);
    } finally {
      wa.failNext.count = 0;
    }
  });

  it('blanks password-reset and email-change links in stored messages once delivered', async () => {
    const { app, smtp } = stack;
    const { account, input } = await registerByEmail(app, smtp);
    await gqlOk(app.url, 'mutation($i: String!) { requestPasswordReset(identifier: $i) }', { i: account.username });
    const mail = await smtp.waitForMail(input.email, 3);
    const token = /token=([A-Za-z0-9_%-]+)/.exec(mail.text)![1];
    const reset = await outboxRow('password_reset', input.email);
    expect(reset.status).toBe('SENT');
    expect(JSON.stringify(reset)).not.toContain(token);
    expect(reset.body).toContain('[disembunyikan]');

    const newEmail = makeEmail('baru');
    await staffToken(app); // a staff user with a session, whose id approves below
    const req = await gqlOk(
      app.url,
      'mutation($n: String!, $e: String!) { requestEmailChange(nik: $n, newEmail: $e, reason: "Email lama mati") { id } }',
      { n: input.nik, e: newEmail },
    );
    const [{ id: staffId }] = await sql(
      `select subject_id as id from auth_session where subject_type = 'STAFF' order by created_at desc limit 1`,
    );
    const staffCtx = {
      ...systemContext(app.orm.em.fork(), 'test'),
      actor: { kind: 'STAFF' as const, staffId, role: 'HELPDESK' as const, sessionId: 'x' },
    };
    await app.services.emailChanges.approve(staffCtx, req.requestEmailChange.id);
    const link = await smtp.waitForMail(newEmail);
    const confirmToken = /token=([A-Za-z0-9_%-]+)/.exec(link.text)![1];
    const confirm = await outboxRow('email_change_confirm', newEmail);
    expect(confirm.status).toBe('SENT');
    expect(JSON.stringify(confirm)).not.toContain(confirmToken);
    expect(confirm.body).toContain('[disembunyikan]');
  });

  it('refuses the one-click link once its code has expired', async () => {
    const { app, smtp } = stack;
    const input = individualInput();
    const { startRegistration: reg } = await gqlOk(app.url, START, { input });
    const mail = await smtp.waitForMail(input.email as string);
    const token = /verify-registration\?id=[0-9a-f]{32}&token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    await sql(`update registration_flow set code_expires_at = now() - interval '1 second' where id = ?`, [reg.id]);
    expect(errorCode(await gql(app.url, LINK, { id: reg.id, t: token }))).toBe('CODE_EXPIRED');
    const [flow] = await sql('select step from registration_flow where id = ?', [reg.id]);
    expect(flow.step).toBe('VERIFY_CODE');
  });

  it('formats errors the same way over WebSocket: codes and fields, never internals', async () => {
    const { app } = stack;
    const client = wsClient(app.url, await staffToken(app));
    const run = (query: string) =>
      new Promise<any>((resolve, reject) => {
        let result: any;
        client.subscribe({ query }, { next: (r) => (result = r), error: reject, complete: () => resolve(result) });
      });
    try {
      const bad = await run('{ outboxMessages(filter: { accountId: "bukan-id" }) { totalCount } }');
      expect(bad.errors[0].extensions).toEqual({
        code: 'VALIDATION_FAILED',
        fields: { accountId: 'ID akun tidak valid.' },
      });
      // A NUL byte would reach PostgreSQL as an internal error; it is refused as input instead.
      const nul = await run('{ outboxMessages(filter: { registrationId: "a\\u0000b" }) { totalCount } }');
      expect(nul.errors[0].extensions).toEqual({
        code: 'VALIDATION_FAILED',
        fields: { 'filter.registrationId': 'Berisi karakter yang tidak diizinkan.' },
      });
      expect(nul.errors[0].message).not.toMatch(/0x00|byte|UTF8|syntax/i);
    } finally {
      await client.dispose();
    }
  });
});

describe('account lifecycle service, without GraphQL', () => {
  const stack = useStack();

  it('gives two concurrent registrations that draw the same username two different ones', async () => {
    const { app } = stack;
    const s = app.services;
    // Every first draw is the same name: the advisory lock makes the second one wait and draw again.
    const lifecycle = new AccountLifecycle(
      new AccountQueries(),
      s.outbox,
      s.events,
      s.audit,
      s.sessions,
      s.throttle,
      (name, attempt) => (attempt === 0 ? 'samanama0001a' : usernameCandidate(name, attempt)),
    );
    const create = () =>
      app.orm.em.fork().transactional((em) =>
        lifecycle.createActive(systemContext(em, 'test'), em, {
          kind: applicantKind({ scale: 'UMK', actorType: 'INDIVIDUAL' }),
          nik: makeNik(),
          email: makeEmail(),
          emailVerifiedAt: new Date(),
          fullName: 'SAMA NAMA',
          passwordHash: 'x',
          warnings: [],
        }),
      );
    const [a, b] = await Promise.all([create(), create()]);
    expect(new Set([a.username, b.username]).size).toBe(2);
    expect([a.username, b.username]).toContain('samanama0001a');
    const audit = await stack.sql(
      `select actor_type, actor_id from audit_event where action = 'ACCOUNT_CREATED' and target_id = ?`,
      [a.id],
    );
    expect(audit).toEqual([{ actor_type: 'SYSTEM', actor_id: 'test' }]);
  });
});
