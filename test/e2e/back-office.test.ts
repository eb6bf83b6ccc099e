import { makeEmail, makePhone, STRONG_PASSWORD, toE164 } from '../support/factories';
import { LOGIN, registerByEmail, seedAccount, staffSession } from '../support/flows';
import { errorCode, gql, gqlOk, waitFor } from '../support/graphql';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, startTestApp } from '../support/app';
import { useStack } from '../support/stack';
import { DEMO_APPLICANTS, seedDemoIfEmpty } from '../../server/src/cli/seed';
import { wsClient } from '../support/graphql';

const ACCOUNTS = `query($f: AccountFilter, $first: Int, $after: String, $offset: Int, $sort: AccountSort) {
  accounts(filter: $f, first: $first, after: $after, offset: $offset, sort: $sort) {
    totalCount totalCountIsEstimate pageInfo { hasNextPage endCursor }
    edges { cursor node { id username nik email phone fullName status } } } }`;
const DETAIL = `query($id: ID!) { account(id: $id) { id username nik email phone status
  registrations { step channel maskedDestination sends wrongTries createdAt completedAt }
  messages { id template channel status attempts lastError providerId createdAt sentAt }
  emailChangeRequests { id status newEmail source reason }
  loginLock { failures locked lockedUntil }
  auditTrail { at action actorType actorId ip details } } }`;

describe('helpdesk back office', () => {
  const stack = useStack();
  const { sql } = stack;
  const names = (r: any) => r.accounts.edges.map((e: any) => e.node.fullName);

  it('finds accounts by NIK, email, phone in any written form, username and misspelt names, masking what was not named', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const phone = makePhone();
    const a = await seedAccount(app, { fullName: 'SITI NURHALIZA', phone: toE164(phone), phoneVerifiedAt: new Date() });
    await seedAccount(app, { fullName: 'JOSÉ MÜLLER' });
    const q = async (f: Record<string, unknown>) => (await gqlOk(app.url, ACCOUNTS, { f }, helpdesk.token)).accounts;

    const byNik = await q({ q: a.nik!.replace(/(\d{4})/g, '$1 ').trim() });
    expect(byNik.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({ id: a.id, nik: a.nik, email: expect.stringContaining('****') }),
    ]);
    expect((await q({ q: a.email!.toUpperCase() })).edges[0].node).toMatchObject({ id: a.id, email: a.email });
    for (const form of [phone, toE164(phone), phone.replace(/^0/, '62'), `${phone.slice(0, 4)}-${phone.slice(4)}`]) {
      const r = await q({ q: form });
      expect(r.edges.map((e: any) => e.node.id)).toEqual([a.id]);
      expect(r.edges[0].node.phone).toBe(toE164(phone));
      expect(r.edges[0].node.nik).toMatch(/\*/);
    }
    expect((await q({ q: a.username })).edges.map((e: any) => e.node.id)).toEqual([a.id]);
    expect(names(await gqlOk(app.url, ACCOUNTS, { f: { q: 'siti nurhaliza' } }, helpdesk.token))).toEqual([
      'SITI NURHALIZA',
    ]);
    expect(names(await gqlOk(app.url, ACCOUNTS, { f: { q: 'Siti Nurhalisa' } }, helpdesk.token))).toContain(
      'SITI NURHALIZA',
    );
    expect(names(await gqlOk(app.url, ACCOUNTS, { f: { q: 'jose muller' } }, helpdesk.token))).toContain('JOSÉ MÜLLER');
    const exactNik = await q({ nik: a.nik });
    expect(exactNik.edges[0].node.nik).toBe(a.nik);
    expect(exactNik.totalCount).toBe(1);
    expect(exactNik.totalCountIsEstimate).toBe(false);
  });

  it('pages with keyset cursors and offsets, in every sort, without gaps or repeats', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const provinceCode = '94'; // Papua: nobody else in this file lives there
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) ids.add((await seedAccount(app, { provinceCode, villageCode: null })).id);
    for (const sort of [undefined, { field: 'USERNAME' }, { field: 'EXPIRES_AT', direction: 'ASC' }]) {
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 5; page++) {
        const r = (await gqlOk(app.url, ACCOUNTS, { f: { provinceCode }, first: 3, after, sort }, helpdesk.token))
          .accounts;
        expect(r.totalCount).toBe(7);
        seen.push(...r.edges.map((e: any) => e.node.id));
        if (!r.pageInfo.hasNextPage) break;
        after = r.pageInfo.endCursor;
      }
      expect(seen.length).toBe(7);
      expect(new Set(seen)).toEqual(ids);
      const jumped = (
        await gqlOk(app.url, ACCOUNTS, { f: { provinceCode }, first: 3, offset: 3, sort }, helpdesk.token)
      ).accounts;
      expect(jumped.edges.map((e: any) => e.node.id)).toEqual(seen.slice(3, 6));
    }
    const usernames = (
      await gqlOk(app.url, ACCOUNTS, { f: { provinceCode }, first: 7, sort: { field: 'USERNAME' } }, helpdesk.token)
    ).accounts.edges.map((e: any) => e.node.username);
    expect(usernames).toEqual([...usernames].sort());
  });

  it('answers bad input with VALIDATION_FAILED and fields, unknown ids with NOT_FOUND, never a 500', async () => {
    const { app } = stack;
    const { token } = await staffSession(app);
    const fields = async (vars: Record<string, unknown>, query = ACCOUNTS) => {
      const r = await gql(app.url, query, vars, token);
      expect(r.status).toBeLessThan(500);
      expect(errorCode(r)).toBe('VALIDATION_FAILED');
      return r.errors![0].extensions!.fields;
    };
    expect(await fields({ first: 101 })).toEqual({ first: 'Nilai first harus 1-100.' });
    expect(await fields({ offset: -1 })).toEqual({ offset: 'Nilai offset harus 0-100000.' });
    expect(await fields({ f: { q: 'ab' } })).toEqual({ q: 'Kata kunci minimal 3 karakter.' });
    expect(await fields({ after: 'bukan-kursor' })).toEqual({ after: 'Kursor halaman tidak valid.' });
    expect(
      await fields({ f: { createdFrom: '2026-02-01T00:00:00Z', createdTo: '2026-01-01T00:00:00Z' } }),
    ).toHaveProperty('createdTo');
    expect(await fields({ f: { status: 'CANCELLED', expiringWithinDays: 7 } })).toHaveProperty('status');
    expect(await fields({ f: { nik: '123' } })).toEqual({ nik: 'NIK harus terdiri dari 16 digit.' });
    expect(await fields({ sort: { field: 'RELEVANCE' } })).toHaveProperty('sort');
    expect(await fields({ id: 'bukan-id' }, DETAIL)).toEqual({ id: 'ID tidak valid.' });
    expect(await fields({ id: 'a\u0000b' }, DETAIL)).toEqual({ id: 'Berisi karakter yang tidak diizinkan.' });
    expect(errorCode(await gql(app.url, DETAIL, { id: '00000000-0000-4000-8000-000000000000' }, token))).toBe(
      'NOT_FOUND',
    );
    const nul = await gql(app.url, ACCOUNTS, { f: { q: 'sit\u0000i', username: 'a\u0000b' } }, token);
    expect(errorCode(nul)).toBe('VALIDATION_FAILED');
  });

  it('shows an account in full to staff, and audits that read: who, which fields, from where', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    const { account, input } = await registerByEmail(app, smtp);
    await gql(app.url, LOGIN, { identifier: account.username, password: 'Salah#2026x' });
    const { account: d } = await gqlOk(app.url, DETAIL, { id: account.id }, helpdesk.token);
    expect(d).toMatchObject({ id: account.id, nik: input.nik, email: input.email, status: 'ACTIVE' });
    expect(d.registrations).toEqual([
      expect.objectContaining({
        step: 'DONE',
        channel: 'EMAIL',
        sends: 1,
        wrongTries: 0,
        maskedDestination: expect.stringContaining('****'),
      }),
    ]);
    // The registration's code message (sent before the account existed) is listed with the account's own.
    expect(d.messages.map((m: any) => m.template).sort()).toEqual(['registration_code', 'welcome']);
    expect(JSON.stringify(d)).not.toMatch(/\b\d{6}\b.*token|body/);
    expect(d.loginLock).toEqual({ failures: 1, locked: false, lockedUntil: null });
    expect(d.auditTrail.map((e: any) => e.action)).toContain('ACCOUNT_CREATED');
    const [view] = await sql(`select * from audit_event where action = 'PII_VIEW' and target_id = ?`, [account.id]);
    expect(view).toMatchObject({
      actor_type: 'STAFF',
      actor_id: helpdesk.id,
      details: { fields: ['nik', 'email', 'birthDate', 'gender'] },
    });
    expect(view.ip).toMatch(/127\.0\.0\.1/);
  });

  it('replaces a dead inbox: link to the new address, email changes on confirmation, old address told; CONFLICT when taken', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    const { account, input } = await registerByEmail(app, smtp);
    const CHANGE =
      'mutation($id: ID!, $e: String!, $r: String!) { changeAccountEmail(id: $id, newEmail: $e, reason: $r) { id status newEmail source } }';
    const taken = await seedAccount(app);
    const clash = await gql(
      app.url,
      CHANGE,
      { id: account.id, e: taken.email, r: 'Email lama mati, KTP dicek' },
      helpdesk.token,
    );
    expect(errorCode(clash)).toBe('CONFLICT');
    expect(errorCode(await gql(app.url, CHANGE, { id: account.id, e: makeEmail(), r: 'x' }, helpdesk.token))).toBe(
      'VALIDATION_FAILED',
    );

    const newEmail = makeEmail('baru');
    const { changeAccountEmail: req } = await gqlOk(
      app.url,
      CHANGE,
      { id: account.id, e: newEmail, r: 'Email lama mati, KTP dicek' },
      helpdesk.token,
    );
    expect(req).toMatchObject({ status: 'APPROVED', newEmail: 'ba****@example.co.id', source: 'STAFF' });
    const link = await smtp.waitForMail(newEmail);
    const told = await smtp.waitForMail(input.email, 3); // code, welcome, notice
    expect(told.text).toContain('ba****@example.co.id');
    const [before] = await sql('select email from account where id = ?', [account.id]);
    expect(before.email).toBe(input.email);
    const token = /token=([A-Za-z0-9_%-]+)/.exec(link.text)![1];
    await gqlOk(app.url, 'mutation($t: String!) { confirmEmailChange(token: $t) }', { t: decodeURIComponent(token) });
    const [after] = await sql('select email from account where id = ?', [account.id]);
    expect(after.email).toBe(newEmail);
  });

  it('works the email-change queue: approve and reject requests applicants filed', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    // Two applicants, one request each (an account has at most one live request).
    const first = await registerByEmail(app, smtp);
    const second = await registerByEmail(app, smtp);
    const ask = (nik: string) =>
      gqlOk(
        app.url,
        'mutation($n: String!, $e: String!) { requestEmailChange(nik: $n, newEmail: $e, reason: "Email lama mati") { id } }',
        {
          n: nik,
          e: makeEmail('antre'),
        },
      );
    const one = (await ask(first.input.nik as string)).requestEmailChange.id;
    const two = (await ask(second.input.nik as string)).requestEmailChange.id;
    const queue = await gqlOk(
      app.url,
      '{ emailChangeRequests(filter: { status: OPEN }, first: 100) { totalCount edges { node { id newEmail reason source } } } }',
      {},
      helpdesk.token,
    );
    expect(queue.emailChangeRequests.edges.map((e: any) => e.node.id)).toEqual(expect.arrayContaining([one, two]));
    const approved = await gqlOk(
      app.url,
      'mutation($id: ID!) { approveEmailChange(id: $id, note: "dicek") { status decisionNote } }',
      { id: one },
      helpdesk.token,
    );
    expect(approved.approveEmailChange).toEqual({ status: 'APPROVED', decisionNote: 'dicek' });
    const rejected = await gqlOk(
      app.url,
      'mutation($id: ID!) { rejectEmailChange(id: $id, reason: "Identitas tidak cocok") { status } }',
      { id: two },
      helpdesk.token,
    );
    expect(rejected.rejectEmailChange.status).toBe('REJECTED');
    const again = await gql(
      app.url,
      'mutation($id: ID!) { rejectEmailChange(id: $id, reason: "Identitas tidak cocok") { status } }',
      { id: two },
      helpdesk.token,
    );
    expect(errorCode(again)).toBe('CONFLICT');
  });

  it('unlocks a locked login, and lets supervisors (not helpdesk) suspend and reactivate, publishing each change', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const { account } = await registerByEmail(app, smtp);
    for (let i = 0; i < 5; i++) await gql(app.url, LOGIN, { identifier: account.username, password: 'Salah#2026x' });
    expect(errorCode(await gql(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD }))).toBe(
      'RATE_LIMITED',
    );
    await gqlOk(app.url, 'mutation($id: ID!) { unlockLogin(id: $id) { id } }', { id: account.id }, helpdesk.token);
    const { login } = await gqlOk(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });

    const SUSPEND = 'mutation($id: ID!, $r: String!) { suspendAccount(id: $id, reason: $r) { status } }';
    const REACTIVATE = 'mutation($id: ID!, $r: String!) { reactivateAccount(id: $id, reason: $r) { status } }';
    expect(errorCode(await gql(app.url, SUSPEND, { id: account.id, r: 'Dugaan penyalahgunaan' }, helpdesk.token))).toBe(
      'FORBIDDEN',
    );

    const client = wsClient(app.url, helpdesk.token);
    const events: any[] = [];
    client.subscribe(
      {
        query: 'subscription($id: ID) { accountStatusChanged(id: $id) { accountId status previousStatus reason } }',
        variables: { id: account.id },
      },
      { next: (v) => events.push(v.data?.accountStatusChanged), error: () => {}, complete: () => {} },
    );
    try {
      await new Promise((r) => setTimeout(r, 300)); // let the subscription register; the assertion waits for the events
      expect(
        (await gqlOk(app.url, SUSPEND, { id: account.id, r: 'Dugaan penyalahgunaan' }, supervisor.token)).suspendAccount
          .status,
      ).toBe('SUSPENDED');
      expect((await gqlOk(app.url, '{ me { id } }', {}, login.token)).me).toBeNull();
      expect(
        errorCode(await gql(app.url, SUSPEND, { id: account.id, r: 'Dugaan penyalahgunaan' }, supervisor.token)),
      ).toBe('CONFLICT');
      expect(
        (await gqlOk(app.url, REACTIVATE, { id: account.id, r: 'Sudah diklarifikasi' }, supervisor.token))
          .reactivateAccount.status,
      ).toBe('ACTIVE');
      await waitFor(() => (events.length >= 2 ? true : undefined), 'two status events');
      expect(events).toEqual([
        { accountId: account.id, status: 'SUSPENDED', previousStatus: 'ACTIVE', reason: 'SUSPENDED' },
        { accountId: account.id, status: 'ACTIVE', previousStatus: 'SUSPENDED', reason: 'REACTIVATED' },
      ]);
    } finally {
      await client.dispose();
    }
    const audit = await gqlOk(
      app.url,
      'query($a: ID) { auditEvents(filter: { accountId: $a }, first: 100) { edges { node { at action actorId details } } } }',
      { a: account.id },
      supervisor.token,
    );
    const actions = audit.auditEvents.edges.map((e: any) => e.node);
    expect(actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'ACCOUNT_SUSPENDED',
          actorId: supervisor.id,
          details: expect.objectContaining({ reason: 'Dugaan penyalahgunaan' }),
        }),
        expect.objectContaining({ action: 'ACCOUNT_ACTIVE', actorId: supervisor.id }),
        expect.objectContaining({ action: 'LOGIN_UNLOCKED', actorId: helpdesk.id }),
      ]),
    );
    expect(errorCode(await gql(app.url, '{ auditEvents { totalCount } }', {}, helpdesk.token))).toBe('FORBIDDEN');
    // The server's own role may not update the log at all; its owner is stopped by the append-only trigger.
    const server = new Client({ connectionString: app.appDatabaseUrl });
    await server.connect();
    try {
      await expect(
        server.query(`update audit_event set action = 'X' where target_id = $1`, [account.id]),
      ).rejects.toThrow('permission denied for table audit_event');
    } finally {
      await server.end();
    }
    await expect(sql(`update audit_event set action = 'X' where target_id = ?`, [account.id])).rejects.toThrow(
      'audit_event is append-only',
    );
  });

  it('keeps a nested list of 25 accounts to a fixed number of SQL statements', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const provinceCode = '91';
    for (let i = 0; i < 25; i++) await seedAccount(app, { provinceCode, villageCode: null });
    const NESTED = `query($f: AccountFilter, $first: Int) { accounts(filter: $f, first: $first) { edges { node { id
      registrations { step } messages { template status } emailChangeRequests { status } loginLock { locked }
      auditTrail { action } } } } }`;
    // Background deliveries share the ORM's connection pool: let the welcome messages go out first.
    await waitFor(async () => {
      const [r] = await stack.sql(`select count(*)::int as n from outbox_message where status = 'PENDING'`);
      return r.n === 0 ? true : undefined;
    }, 'outbox drained');
    const knex = app.orm.em.getConnection().getKnex();
    const count = async (first: number) => {
      let n = 0;
      const on = () => n++;
      knex.on('query', on);
      try {
        const r = await gqlOk(app.url, NESTED, { f: { provinceCode }, first }, helpdesk.token);
        expect(r.accounts.edges).toHaveLength(first);
      } finally {
        knex.removeListener('query', on);
      }
      return n;
    };
    const five = await count(5);
    const twentyFive = await count(25);
    expect(twentyFive).toBe(five);
    expect(twentyFive).toBeLessThanOrEqual(14);
  });
});

describe('staff administration and sessions', () => {
  const stack = useStack({ env: { STAFF_SESSION_IDLE_MINUTES: '30' } });

  it('lets admins create (one-time password, TOTP URI), list, disable and re-key staff; nobody else', async () => {
    const { app } = stack;
    const admin = await staffSession(app, 'ADMIN');
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const CREATE =
      'mutation($u: String!, $r: StaffRole!) { createStaff(username: $u, role: $r) { staff { id username role active totpEnabled } password otpauthUri } }';
    expect(errorCode(await gql(app.url, CREATE, { u: 'rina.sup', r: 'SUPERVISOR' }, supervisor.token))).toBe(
      'FORBIDDEN',
    );
    const { createStaff: c } = await gqlOk(app.url, CREATE, { u: 'rina.sup', r: 'SUPERVISOR' }, admin.token);
    expect(c).toMatchObject({
      staff: { username: 'rina.sup', role: 'SUPERVISOR', active: true, totpEnabled: true },
      password: expect.any(String),
      otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\//),
    });
    expect(errorCode(await gql(app.url, CREATE, { u: 'rina.sup', r: 'HELPDESK' }, admin.token))).toBe('CONFLICT');
    const noTotp = await gql(
      app.url,
      'mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { token } }',
      { u: 'rina.sup', p: c.password },
    );
    expect(errorCode(noTotp)).toBe('UNAUTHENTICATED');

    const list = await gqlOk(app.url, '{ staffUsers { username role lastLoginAt } }', {}, admin.token);
    expect(list.staffUsers.map((s: any) => s.username)).toEqual(
      expect.arrayContaining(['rina.sup', supervisor.username]),
    );
    expect(list.staffUsers.find((s: any) => s.username === supervisor.username).lastLoginAt).toBeTruthy();

    const reset = await gqlOk(
      app.url,
      'mutation($id: ID!) { resetStaffTotp(id: $id) { otpauthUri password } }',
      { id: supervisor.id },
      admin.token,
    );
    expect(reset.resetStaffTotp.otpauthUri).toMatch(/^otpauth:/);
    expect(reset.resetStaffTotp.password).toBeNull();
    expect(errorCode(await gql(app.url, '{ emailChangeRequests { totalCount } }', {}, supervisor.token))).toBe(
      'UNAUTHENTICATED',
    );

    const helpdesk = await staffSession(app);
    await gqlOk(app.url, 'mutation($id: ID!) { disableStaff(id: $id) { active } }', { id: helpdesk.id }, admin.token);
    expect(errorCode(await gql(app.url, '{ emailChangeRequests { totalCount } }', {}, helpdesk.token))).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      errorCode(
        await gql(app.url, 'mutation($id: ID!) { disableStaff(id: $id) { active } }', { id: admin.id }, admin.token),
      ),
    ).toBe('CONFLICT');
  });

  it('refuses an admin their own disable, TOTP reset and password reset; TOTP reset only for roles with TOTP', async () => {
    const { app } = stack;
    const admin = await staffSession(app, 'ADMIN');
    const helpdesk = await staffSession(app, 'HELPDESK');
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const run = (m: string, id: string) =>
      gql(app.url, `mutation($id: ID!) { ${m}(id: $id) { staff { id } } }`, { id }, admin.token);
    const ownTotp = await run('resetStaffTotp', admin.id);
    expect(errorCode(ownTotp)).toBe('CONFLICT');
    expect(ownTotp.errors![0].message).toBe(
      'Anda tidak dapat mengatur ulang TOTP akun Anda sendiri; minta administrator lain.',
    );
    const ownPassword = await run('resetStaffPassword', admin.id);
    expect(errorCode(ownPassword)).toBe('CONFLICT');
    const ownDisable = await gql(
      app.url,
      'mutation($id: ID!) { disableStaff(id: $id) { id } }',
      { id: admin.id },
      admin.token,
    );
    expect(ownDisable.errors![0].message).toBe('Anda tidak dapat menonaktifkan akun Anda sendiri.');
    const helpdeskTotp = await run('resetStaffTotp', helpdesk.id);
    expect(errorCode(helpdeskTotp)).toBe('CONFLICT');
    expect(helpdeskTotp.errors![0].message).toBe(
      'Peran HELPDESK tidak memakai TOTP; tidak ada yang perlu diatur ulang.',
    );
    // Nothing changed for any of them: the admin and the helpdesk officer still work with their sessions.
    await gqlOk(app.url, '{ staffUsers { id } }', {}, admin.token);
    await gqlOk(app.url, '{ emailChangeRequests { totalCount } }', {}, helpdesk.token);
    const [{ n }] = await stack.sql(
      `select count(*)::int as n from audit_event where action in ('STAFF_TOTP_RESET', 'STAFF_PASSWORD_RESET', 'STAFF_DISABLED') and target_id in (?, ?)`,
      [admin.id, helpdesk.id],
    );
    expect(n).toBe(0);
    // Another admin's own row is theirs alone: the first admin may reset the supervisor's TOTP.
    expect(
      (
        await gqlOk(
          app.url,
          'mutation($id: ID!) { resetStaffTotp(id: $id) { otpauthUri } }',
          { id: supervisor.id },
          admin.token,
        )
      ).resetStaffTotp.otpauthUri,
    ).toMatch(/^otpauth:/);
  });

  it('issues a one-time staff password: shown once, audited, the old password and sessions end, and it signs in', async () => {
    const { app } = stack;
    const admin = await staffSession(app, 'ADMIN');
    const helpdesk = await staffSession(app, 'HELPDESK');
    const RESET =
      'mutation($id: ID!) { resetStaffPassword(id: $id) { staff { id username active } password otpauthUri } }';
    const supervisor = await staffSession(app, 'SUPERVISOR');
    expect(errorCode(await gql(app.url, RESET, { id: helpdesk.id }, supervisor.token))).toBe('FORBIDDEN');
    const { resetStaffPassword: r } = await gqlOk(app.url, RESET, { id: helpdesk.id }, admin.token);
    expect(r).toMatchObject({ staff: { id: helpdesk.id, active: true }, otpauthUri: null });
    expect(r.password).toEqual(expect.any(String));
    expect(r.password).not.toBe(helpdesk.password);
    expect(errorCode(await gql(app.url, '{ emailChangeRequests { totalCount } }', {}, helpdesk.token))).toBe(
      'UNAUTHENTICATED',
    );
    const LOGIN_STAFF = 'mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { token } }';
    expect(errorCode(await gql(app.url, LOGIN_STAFF, { u: helpdesk.username, p: helpdesk.password }))).toBe(
      'UNAUTHENTICATED',
    );
    await gqlOk(app.url, LOGIN_STAFF, { u: helpdesk.username, p: r.password });
    const audit = await stack.sql(
      `select actor_id, details from audit_event where action = 'STAFF_PASSWORD_RESET' and target_id = ?`,
      [helpdesk.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(admin.id);
    expect(JSON.stringify(audit[0].details ?? {})).not.toContain(r.password);
    // A second issue replaces the first: the earlier one-time password stops working.
    const { resetStaffPassword: again } = await gqlOk(app.url, RESET, { id: helpdesk.id }, admin.token);
    expect(errorCode(await gql(app.url, LOGIN_STAFF, { u: helpdesk.username, p: r.password }))).toBe('UNAUTHENTICATED');
    await gqlOk(app.url, LOGIN_STAFF, { u: helpdesk.username, p: again.password });
    await gqlOk(app.url, 'mutation($id: ID!) { disableStaff(id: $id) { id } }', { id: helpdesk.id }, admin.token);
    expect(errorCode(await gql(app.url, RESET, { id: helpdesk.id }, admin.token))).toBe('CONFLICT');
  });

  it('makes an officer replace a password an administrator generated before anything else, over HTTP and WebSocket', async () => {
    const { app } = stack;
    const admin = await staffSession(app, 'ADMIN');
    const SIGN_IN =
      'mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { token passwordChangeRequired } }';
    const CHANGE =
      'mutation($c: String!, $n: String!, $k: String!) { changeStaffPassword(currentPassword: $c, newPassword: $n, newPasswordConfirmation: $k) }';
    // A user created in the console starts with the administrator's password: limited until replaced.
    const { createStaff: created } = await gqlOk(
      app.url,
      'mutation($u: String!) { createStaff(username: $u, role: HELPDESK) { staff { id username } password } }',
      { u: `baru.${Math.random().toString(36).slice(2, 8)}` },
      admin.token,
    );
    const first = (await gqlOk(app.url, SIGN_IN, { u: created.staff.username, p: created.password })).staffLogin;
    expect(first.passwordChangeRequired).toBe(true);
    const refused = await gql(app.url, '{ emailChangeRequests { totalCount } }', {}, first.token);
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0].extensions!.passwordChangeRequired).toBe(true);
    expect(refused.errors![0].message).toBe(
      'Kata sandi Anda dibuat oleh administrator. Ganti dengan kata sandi Anda sendiri terlebih dahulu.',
    );
    // Nor the schema, nor the one route outside GraphQL that takes a staff token (a complaint attachment).
    const introspection = await gql(app.url, '{ __schema { queryType { name } } }', {}, first.token);
    expect(errorCode(introspection)).toBe('FORBIDDEN');
    const media = (token: string) =>
      fetch(`${app.url}/complaint-media/00000000-0000-4000-8000-000000000000`, {
        headers: { authorization: `Bearer ${token}` },
      });
    const limitedMedia = await media(first.token);
    expect([limitedMedia.status, ((await limitedMedia.json()) as { error: string }).error]).toEqual([403, 'FORBIDDEN']);
    // The live socket is held to the same limit, however the root field is written.
    const ws = wsClient(app.url, first.token);
    const subscribeCode = (query: string) =>
      new Promise<string | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), 2000);
        ws.subscribe(
          { query },
          {
            next: (v: any) => (clearTimeout(timer), resolve(v.errors?.[0]?.extensions?.code)),
            error: (e: any) => (clearTimeout(timer), resolve(e?.[0]?.extensions?.code ?? String(e?.code ?? e))),
            complete: () => (clearTimeout(timer), resolve('COMPLETED')),
          },
        );
      });
    try {
      expect(await subscribeCode('subscription { complaintUpdated { complaintId } }')).toBe('FORBIDDEN');
      expect(
        await subscribeCode('subscription { ...F } fragment F on Subscription { accountStatusChanged { accountId } }'),
      ).toBe('FORBIDDEN');
    } finally {
      await ws.dispose();
    }
    // A second session of the same user, to see it end when the password changes.
    const second = (await gqlOk(app.url, SIGN_IN, { u: created.staff.username, p: created.password })).staffLogin;
    const fieldOf = (r: any) => Object.keys(r.errors![0].extensions!.fields ?? {});
    const own = 'Sandi-Sendiri-2026!';
    const wrong = await gql(app.url, CHANGE, { c: 'bukan-ini-1A!', n: own, k: own }, first.token);
    expect([errorCode(wrong), fieldOf(wrong)]).toEqual(['VALIDATION_FAILED', ['currentPassword']]);
    const mismatch = await gql(app.url, CHANGE, { c: created.password, n: own, k: `${own}x` }, first.token);
    expect([errorCode(mismatch), fieldOf(mismatch)]).toEqual(['VALIDATION_FAILED', ['newPasswordConfirmation']]);
    const same = await gql(
      app.url,
      CHANGE,
      { c: created.password, n: created.password, k: created.password },
      first.token,
    );
    expect([errorCode(same), fieldOf(same)]).toEqual(['VALIDATION_FAILED', ['newPassword']]);
    const weak = await gql(app.url, CHANGE, { c: created.password, n: 'pendek', k: 'pendek' }, first.token);
    expect([errorCode(weak), fieldOf(weak)]).toEqual(['VALIDATION_FAILED', ['newPassword']]);
    // None of the refusals changed anything: still limited, the generated password still the one.
    expect(errorCode(await gql(app.url, '{ emailChangeRequests { totalCount } }', {}, first.token))).toBe('FORBIDDEN');

    expect(
      (await gqlOk(app.url, CHANGE, { c: created.password, n: own, k: own }, first.token)).changeStaffPassword,
    ).toBe(true);
    // This session carries on with every right of the role; the other one ended.
    await gqlOk(app.url, '{ emailChangeRequests { totalCount } }', {}, first.token);
    expect((await media(first.token)).status).toBe(404);
    await gqlOk(app.url, '{ __schema { queryType { name } } }', {}, first.token);
    expect(errorCode(await gql(app.url, '{ emailChangeRequests { totalCount } }', {}, second.token))).toBe(
      'UNAUTHENTICATED',
    );
    expect(errorCode(await gql(app.url, SIGN_IN, { u: created.staff.username, p: created.password }))).toBe(
      'UNAUTHENTICATED',
    );
    const after = (await gqlOk(app.url, SIGN_IN, { u: created.staff.username, p: own })).staffLogin;
    expect(after.passwordChangeRequired).toBe(false);
    const rows = await stack.sql(
      `select action, actor_id from audit_event where target_id = ? and action like 'STAFF_PASSWORD%'`,
      [created.staff.id],
    );
    expect(rows).toEqual([{ action: 'STAFF_PASSWORD_CHANGED', actor_id: created.staff.id }]);
    expect(
      JSON.stringify(await stack.sql('select details from audit_event where target_id = ?', [created.staff.id])),
    ).not.toContain(own);

    // A one-time password from a reset limits the session again; an officer changing their own password
    // voluntarily (never limited) may, too.
    const { resetStaffPassword: reset } = await gqlOk(
      app.url,
      'mutation($id: ID!) { resetStaffPassword(id: $id) { password } }',
      { id: created.staff.id },
      admin.token,
    );
    const again = (await gqlOk(app.url, SIGN_IN, { u: created.staff.username, p: reset.password })).staffLogin;
    expect(again.passwordChangeRequired).toBe(true);
    const helpdesk = await staffSession(app, 'HELPDESK');
    const voluntary = (await gqlOk(app.url, SIGN_IN, { u: helpdesk.username, p: helpdesk.password })).staffLogin;
    expect(voluntary.passwordChangeRequired).toBe(false);
    await gqlOk(app.url, CHANGE, { c: helpdesk.password, n: own, k: own }, voluntary.token);
    await gqlOk(app.url, SIGN_IN, { u: helpdesk.username, p: own });
  });

  it('flags the seeded demo user on the staff list', async () => {
    // The seed runs on an empty database only: a fresh one here.
    const fresh = await startTestApp();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-demo-'));
    const before = process.env.DATA_DIR;
    try {
      process.env.DATA_DIR = dataDir;
      await seedDemoIfEmpty(fresh);
      const admin = await staffSession(fresh, 'ADMIN');
      const { staffUsers } = await gqlOk(fresh.url, '{ staffUsers { username demo active } }', {}, admin.token);
      expect(staffUsers).toEqual(
        expect.arrayContaining([
          { username: 'demo.helpdesk', demo: true, active: true },
          { username: admin.username, demo: false, active: true },
        ]),
      );
      expect(fs.readFileSync(path.join(dataDir, 'demo-credentials.txt'), 'utf8')).toMatch(
        /^username: demo\.helpdesk\n/,
      );
      // The console has applicants to show: the synthetic ones, found by the search like any other.
      const [{ n }] = await fresh.orm.em.fork().execute('select count(*)::int as n from account');
      expect(n).toBe(DEMO_APPLICANTS);
      const [{ username }] = await fresh.orm.em.fork().execute('select username from account limit 1');
      const helpdesk = await staffSession(fresh);
      const found = await gqlOk(
        fresh.url,
        `query($q: String!) { accounts(filter: { q: $q }) { totalCount } }`,
        { q: username },
        helpdesk.token,
      );
      expect(found.accounts.totalCount).toBe(1);
      // Synthetic directors carry no address or village: a list of companies still reads without an error.
      const companies = await gql(
        fresh.url,
        `{ accounts(first: 100, filter: { actorType: BUSINESS_ENTITY }) { edges { node { id director { nik address villageCode } } } } }`,
        {},
        helpdesk.token,
      );
      expect(companies.errors).toBeUndefined();
      expect(companies.data.accounts.edges.length).toBeGreaterThan(0);
    } finally {
      if (before === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = before;
      fs.rmSync(dataDir, { recursive: true, force: true });
      await fresh.close();
      await fresh.dropDatabase();
    }
  });

  it('ends a staff session after 30 idle minutes, and keeps a used one alive', async () => {
    const { app } = stack;
    const a = await staffSession(app);
    const b = await staffSession(app);
    const Q = '{ emailChangeRequests { totalCount } }';
    await stack.sql(`update auth_session set last_seen_at = now() - interval '31 minutes' where subject_id = ?`, [
      a.id,
    ]);
    await stack.sql(`update auth_session set last_seen_at = now() - interval '29 minutes' where subject_id = ?`, [
      b.id,
    ]);
    expect(errorCode(await gql(app.url, Q, {}, a.token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(app.url, Q, {}, b.token))).toBeUndefined();
    const [s] = await stack.sql(
      `select extract(epoch from now() - last_seen_at) as idle from auth_session where subject_id = ?`,
      [b.id],
    );
    expect(Number(s.idle)).toBeLessThan(60);
  });
});

describe('API keys for other tools', () => {
  const stack = useStack({ env: { API_KEY_REQUESTS_PER_MINUTE: '8' } });

  it('work as bearer tokens within their scopes, mask personal data without pii:read, are rate-limited and audited', async () => {
    const { app } = stack;
    const em = app.orm.em.fork();
    const reader = await app.services.apiKeys.create(em, 'dashboard', ['accounts:read']);
    const pii = await app.services.apiKeys.create(em, 'perizinan', ['accounts:read', 'pii:read']);
    const a = await seedAccount(app);
    const ONE = 'query($id: ID!) { account(id: $id) { nik email } }';
    const masked = await gqlOk(app.url, ONE, { id: a.id }, reader.key);
    expect(masked.account.nik).toMatch(/\*/);
    expect(masked.account.email).toMatch(/\*/);
    expect((await gqlOk(app.url, ONE, { id: a.id }, pii.key)).account).toEqual({ nik: a.nik, email: a.email });
    const list = await gqlOk(
      app.url,
      'query($n: String) { accounts(filter: { nik: $n }) { edges { node { id nik } } } }',
      { n: a.nik },
      reader.key,
    );
    expect(list.accounts.edges[0].node.id).toBe(a.id);
    expect(
      errorCode(await gql(app.url, 'mutation($id: ID!) { resendActivation(id: $id) }', { id: a.id }, reader.key)),
    ).toBe('FORBIDDEN');
    expect(errorCode(await gql(app.url, '{ emailChangeRequests { totalCount } }', {}, reader.key))).toBe('FORBIDDEN');
    expect(errorCode(await gql(app.url, ONE, { id: a.id }, 'hak_bukan-kunci'))).toBe('UNAUTHENTICATED');

    const [call] = await stack.sql(
      `select actor_type, actor_id, details from audit_event where action = 'API_CALL' and actor_id = ? limit 1`,
      [reader.apiKey.id],
    );
    expect(call).toMatchObject({ actor_type: 'API_KEY', details: { operation: 'query', fields: ['account'] } });
    const [view] = await stack.sql(`select actor_type from audit_event where action = 'PII_VIEW' and actor_id = ?`, [
      pii.apiKey.id,
    ]);
    expect(view.actor_type).toBe('API_KEY');

    let limited: any;
    for (let i = 0; i < 10 && !limited; i++) {
      const r = await gql(app.url, ONE, { id: a.id }, reader.key);
      if (errorCode(r) === 'RATE_LIMITED') limited = r;
    }
    expect(limited.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.errors[0].extensions.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(Object.keys(limited.errors[0].extensions).sort()).toEqual(['code', 'retryAfterSeconds']);
    // Another key has its own budget.
    expect(errorCode(await gql(app.url, ONE, { id: a.id }, pii.key))).toBeUndefined();

    await app.services.apiKeys.revoke(em, 'perizinan');
    expect(errorCode(await gql(app.url, ONE, { id: a.id }, pii.key))).toBe('UNAUTHENTICATED');
  });
});

describe('subscriptions across two server processes', () => {
  const stack = useStack();

  it('delivers a status change made through one instance to a subscriber on the other', async () => {
    const { app } = stack;
    const second = await startTestApp({ databaseUrl: app.databaseUrl });
    try {
      const helpdesk = await staffSession(app);
      const supervisor = await staffSession(app, 'SUPERVISOR');
      const a = await seedAccount(app);
      const client = wsClient(second.url, helpdesk.token);
      const events: any[] = [];
      client.subscribe(
        { query: 'subscription { accountStatusChanged { accountId status previousStatus reason } }' },
        { next: (v) => events.push(v.data?.accountStatusChanged), error: () => {}, complete: () => {} },
      );
      try {
        // No "subscribed" acknowledgement exists: toggle until the other instance reports a change.
        const SUSPEND = 'mutation($id: ID!) { suspendAccount(id: $id, reason: "Uji dua instansi") { status } }';
        const REACTIVATE = 'mutation($id: ID!) { reactivateAccount(id: $id, reason: "Uji dua instansi") { status } }';
        for (let i = 0; i < 10 && !events.some((e) => e?.accountId === a.id); i++) {
          await gqlOk(app.url, SUSPEND, { id: a.id }, supervisor.token);
          await gqlOk(app.url, REACTIVATE, { id: a.id }, supervisor.token);
          await new Promise((r) => setTimeout(r, 300));
        }
        expect(events.find((e) => e?.accountId === a.id)).toMatchObject({
          accountId: a.id,
          previousStatus: expect.any(String),
        });
      } finally {
        await client.dispose();
      }
    } finally {
      await second.close();
    }
  });
});

describe('apikey CLI', () => {
  it('creates a key (printed once, stored hashed), lists and revokes it', async () => {
    const db = await createTestDatabase();
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const p = spawn(process.execPath, [require.resolve('tsx/cli'), 'server/src/cli/apikey.ts', ...args], {
          cwd: path.resolve(__dirname, '../..'),
          env: { ...process.env, DATABASE_URL: db.url },
        });
        let out = '';
        let err = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (err += d));
        p.on('exit', (code) => resolve({ code, out, err }));
      });
    try {
      const created = await run(['create', '--name', 'perizinan', '--scopes', 'accounts:read,licensing:write']);
      expect(created.code).toBe(0);
      const key = /^key: (hak_\S+)$/m.exec(created.out)![1];
      expect(created.out).toContain('Created API key perizinan (accounts:read,licensing:write)');
      const app = await startTestApp({ databaseUrl: db.url });
      try {
        const [row] = await app.orm.em.fork().execute('select key_hash from api_key where name = ?', ['perizinan']);
        expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(row.key_hash).not.toContain(key.slice(4));
        const r = await gql(app.url, '{ accounts(first: 1) { totalCount } }', {}, key);
        expect(r.errors).toBeUndefined();
      } finally {
        await app.close();
      }
      expect((await run(['create', '--name', 'perizinan', '--scopes', 'accounts:read'])).err).toContain('sudah ada');
      expect((await run(['create', '--name', 'lain', '--scopes', 'semua'])).err).toContain('Cakupan yang dikenal');
      expect((await run(['list'])).out).toMatch(
        /^perizinan\taccounts:read,licensing:write\tactive\tlast used: \d{4}-/m,
      );
      expect((await run(['revoke', '--name', 'perizinan'])).out).toBe('Revoked API key perizinan\n');
      expect((await run(['list'])).out).toMatch(/^perizinan\t.*\trevoked /m);
      expect((await run(['revoke', '--name', 'perizinan'])).code).toBe(1);
      expect((await run(['rotate'])).code).toBe(2);
    } finally {
      await db.drop();
    }
  }, 60_000);
});
