import type { RunningApp } from '../../server/src/app';
import { TestClock } from '../support/app';
import { makeEmail, makeNik } from '../support/factories';
import { LOGIN, registerByEmail, seedAccount, staffSession } from '../support/flows';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

const CONSENT = 'consent { version acceptedAt channel }';
const KINDS = ['ACCESS', 'CORRECTION', 'DELETION', 'RESTRICTION', 'OBJECTION', 'CONSENT_WITHDRAWAL'] as const;
const H = 3600_000;
const REQUEST = `id number kind status details via identityCheck accountId createdAt dueAt secondsLeft overdue
  decidedAt reason assignee { id } account { id email }`;
const FILE = `mutation($k: DataSubjectRequestKind!, $d: String) { fileDataSubjectRequest(kind: $k, details: $d) { ${REQUEST} } }`;
const FILE_FOR = `mutation($a: ID!, $k: DataSubjectRequestKind!, $c: String!, $d: String) {
  fileDataSubjectRequestForAccount(accountId: $a, kind: $k, identityCheck: $c, details: $d) { ${REQUEST} } }`;
const QUEUE = `query($f: DataSubjectRequestFilter) { dataSubjectRequests(filter: $f, first: 100) {
  totalCount edges { node { id kind dueAt secondsLeft overdue } } } }`;
const DECIDE = `mutation($id: ID!, $o: DataSubjectRequestOutcome!, $r: String!) {
  decideDataSubjectRequest(id: $id, outcome: $o, reason: $r) { ${REQUEST} } }`;

/** An applicant's bearer token, without a login round trip. */
async function applicantToken(app: RunningApp, accountId: string): Promise<string> {
  return (await app.services.sessions.create(app.orm.em.fork(), 'ACCOUNT', accountId, null)).token;
}

describe('data rights (UU PDP)', () => {
  const clock = new TestClock();
  // OBJECTION is configured shorter than the 72-hour default, to show the per-kind setting.
  const stack = useStack({
    clock,
    env: { PRIVACY_NOTICE_VERSION: '3', DATA_REQUEST_DEADLINE_HOURS: 'OBJECTION=48' },
  });
  afterEach(() => clock.set(new Date()));

  it('records the consent of a new registration: the notice version in force, when, and the channel', async () => {
    const { app, smtp } = stack;
    const before = Date.now();
    const { input, password, account } = await registerByEmail(app, smtp);
    const [row] = await stack.sql('select consent_version, consent_at, consent_channel from account where id = ?', [
      account.id,
    ]);
    expect(row.consent_version).toBe(3);
    expect(row.consent_channel).toBe('SELF_SERVICE');
    expect(new Date(row.consent_at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(row.consent_at).getTime()).toBeLessThanOrEqual(Date.now());
    // The applicant sees it on their own account.
    const { login } = await gqlOk(app.url, LOGIN, { identifier: input.email, password });
    const { me } = await gqlOk(app.url, `{ me { ${CONSENT} } }`, {}, login.token);
    const record = { version: 3, acceptedAt: new Date(row.consent_at).toISOString(), channel: 'SELF_SERVICE' };
    expect(me.consent).toEqual(record);
    // Staff see it on the account, without a reveal: it is not personal data.
    const helpdesk = await staffSession(app);
    const staffRead = await gqlOk(
      app.url,
      `query($id: ID!) { account(id: $id) { ${CONSENT} } }`,
      { id: account.id },
      helpdesk.token,
    );
    expect(staffRead.account.consent).toEqual(record);
  });

  it.each(KINDS)('an applicant files %s for their own account, due by its configured deadline', async (kind) => {
    const { app } = stack;
    const a = await seedAccount(app);
    const token = await applicantToken(app, a.id);
    const { fileDataSubjectRequest: r } = await gqlOk(app.url, FILE, { k: kind, d: 'Mohon ditindaklanjuti' }, token);
    const hours = kind === 'OBJECTION' ? 48 : 72;
    expect(r).toMatchObject({ kind, status: 'OPEN', via: 'SELF_SERVICE', identityCheck: null, overdue: false });
    expect(r.number).toMatch(/^PDP-\d{4}-\d{6}$/);
    expect(r.account).toEqual({ id: a.id, email: a.email }); // the owner sees their own account in clear
    expect(Date.parse(r.dueAt) - Date.parse(r.createdAt)).toBe(hours * H);
    expect(r.secondsLeft).toBeGreaterThan(hours * 3600 - 5);
    expect(r.secondsLeft).toBeLessThanOrEqual(hours * 3600);
    const audit = await stack.sql(
      `select details from audit_event where action = 'DATA_REQUEST_FILED' and target_id = ?`,
      [a.id],
    );
    expect(audit.map((row) => row.details)).toEqual([
      expect.objectContaining({ request: r.number, kind, via: 'SELF_SERVICE' }),
    ]);
  });

  it.each(KINDS)('staff file %s for a caller, recording how the identity was checked', async (kind) => {
    const { app } = stack;
    const a = await seedAccount(app);
    const helpdesk = await staffSession(app);
    const check = 'NIK dan tanggal lahir dicocokkan lewat telepon';
    const { fileDataSubjectRequestForAccount: r } = await gqlOk(
      app.url,
      FILE_FOR,
      { a: a.id, k: kind, c: check, d: null },
      helpdesk.token,
    );
    expect(r).toMatchObject({ kind, status: 'OPEN', via: 'STAFF', identityCheck: check, accountId: a.id });
    expect(r.account.email).not.toBe(a.email); // staff see the account masked
    const [row] = await stack.sql('select filed_by, identity_check from data_subject_request where id = ?', [r.id]);
    expect(row).toEqual({ filed_by: helpdesk.id, identity_check: check });
    const [audit] = await stack.sql(
      `select actor_id, details from audit_event where action = 'DATA_REQUEST_FILED' and target_id = ?`,
      [a.id],
    );
    expect(audit.actor_id).toBe(helpdesk.id);
    expect(audit.details).toMatchObject({ request: r.number, via: 'STAFF', identityCheck: check });
  });

  it('shows staff the identity check with the NIK in it masked, however it was typed', async () => {
    const { app } = stack;
    const a = await seedAccount(app);
    const nik = a.nik!;
    const helpdesk = await staffSession(app);
    const spaced = nik.replace(/(\d{4})(?=\d)/g, '$1 ');
    const check = `KTP dilihat: NIK ${spaced}, lahir 17-05-1990`;
    const { fileDataSubjectRequestForAccount: r } = await gqlOk(
      app.url,
      FILE_FOR,
      {
        a: a.id,
        k: 'ACCESS',
        c: check,
        d: `hubungi saya di NIK ${nik.slice(0, 6)}-${nik.slice(6, 12)}-${nik.slice(12)}`,
      },
      helpdesk.token,
    );
    expect(r.identityCheck).toBe(`KTP dilihat: NIK ${nik.slice(0, 6)}******${nik.slice(12)}, lahir ****-**-**`);
    expect(r.details).toBe(`hubungi saya di NIK ${nik.slice(0, 6)}******${nik.slice(12)}`);
  });

  it('refuses a staff filing without the identity check, for an unknown account, or from an applicant', async () => {
    const { app } = stack;
    const a = await seedAccount(app);
    const helpdesk = await staffSession(app);
    const noCheck = await gql(app.url, FILE_FOR, { a: a.id, k: 'ACCESS', c: ' ok ' }, helpdesk.token);
    expect(noCheck.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { identityCheck: expect.any(String) },
    });
    const unknown = await gql(
      app.url,
      FILE_FOR,
      { a: '00000000-0000-4000-8000-000000000000', k: 'ACCESS', c: 'KTP dilihat di loket' },
      helpdesk.token,
    );
    expect(errorCode(unknown)).toBe('NOT_FOUND');
    // An applicant cannot file for another account: that operation is staff-only.
    const other = await seedAccount(app);
    const token = await applicantToken(app, other.id);
    expect(errorCode(await gql(app.url, FILE_FOR, { a: a.id, k: 'ACCESS', c: 'saya sendiri' }, token))).toBe(
      'FORBIDDEN',
    );
    expect(await stack.sql('select 1 from data_subject_request where account_id = ?', [a.id])).toEqual([]);
  });

  it("keeps an applicant out of someone else's request (FORBIDDEN) and their list", async () => {
    const { app } = stack;
    const owner = await seedAccount(app);
    const stranger = await seedAccount(app);
    const ownerToken = await applicantToken(app, owner.id);
    const strangerToken = await applicantToken(app, stranger.id);
    const { fileDataSubjectRequest: r } = await gqlOk(app.url, FILE, { k: 'ACCESS' }, ownerToken);
    const READ = `query($id: ID!) { dataSubjectRequest(id: $id) { id status } }`;
    expect((await gqlOk(app.url, READ, { id: r.id }, ownerToken)).dataSubjectRequest).toEqual({
      id: r.id,
      status: 'OPEN',
    });
    expect(errorCode(await gql(app.url, READ, { id: r.id }, strangerToken))).toBe('FORBIDDEN');
    const MINE = '{ myDataSubjectRequests { id } }';
    expect((await gqlOk(app.url, MINE, {}, ownerToken)).myDataSubjectRequests).toEqual([{ id: r.id }]);
    expect((await gqlOk(app.url, MINE, {}, strangerToken)).myDataSubjectRequests).toEqual([]);
  });

  it('keeps the clock: in time 1 s before the deadline, overdue 1 s after, and the queue sorted by deadline', async () => {
    const { app } = stack;
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const a = await seedAccount(app);
    const token = await applicantToken(app, a.id);
    clock.set(new Date('2030-01-07T03:00:00Z'));
    const { fileDataSubjectRequest: access } = await gqlOk(app.url, FILE, { k: 'ACCESS' }, token);
    const { fileDataSubjectRequest: objection } = await gqlOk(app.url, FILE, { k: 'OBJECTION' }, token);
    const filed = Date.parse(access.createdAt);
    const node = async (id: string) => {
      const { dataSubjectRequests } = await gqlOk(app.url, QUEUE, { f: { accountId: a.id } }, supervisor.token);
      return dataSubjectRequests.edges.map((e: any) => e.node).find((n: any) => n.id === id);
    };

    // Soonest deadline first: the 48-hour objection before the 72-hour access request filed just before it.
    const { dataSubjectRequests: q } = await gqlOk(app.url, QUEUE, { f: { accountId: a.id } }, supervisor.token);
    expect(q.edges.map((e: any) => e.node.id)).toEqual([objection.id, access.id]);

    clock.set(new Date(filed + 72 * H - 1000));
    const before = await node(access.id);
    expect(before.overdue).toBe(false);
    expect(before.secondsLeft).toBeGreaterThanOrEqual(0);
    expect(before.secondsLeft).toBeLessThanOrEqual(1);

    clock.set(new Date(filed + 72 * H + 1000));
    const after = await node(access.id);
    expect(after.overdue).toBe(true);
    expect(after.secondsLeft).toBeLessThan(0);
    expect(after.secondsLeft).toBeGreaterThanOrEqual(-3);
    const { dataSubjectRequests: overdue } = await gqlOk(
      app.url,
      QUEUE,
      { f: { accountId: a.id, overdue: true } },
      supervisor.token,
    );
    expect(overdue.edges.map((e: any) => e.node.id).sort()).toEqual([access.id, objection.id].sort());
  });

  it('is assigned and decided with a reason that reaches the applicant by email, once, audited', async () => {
    const { app, smtp } = stack;
    const a = await seedAccount(app);
    const token = await applicantToken(app, a.id);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const nik = makeNik();
    const { fileDataSubjectRequest: r } = await gqlOk(
      app.url,
      FILE,
      { k: 'CORRECTION', d: `NIK saya yang benar ${nik}` },
      token,
    );
    // Staff read the applicant's words with the NIK masked; the owner reads them in clear.
    const READ = `query($id: ID!) { dataSubjectRequest(id: $id) { details } }`;
    const staffDetails = (await gqlOk(app.url, READ, { id: r.id }, supervisor.token)).dataSubjectRequest.details;
    expect(staffDetails).not.toContain(nik);
    expect(staffDetails).toContain(nik.slice(0, 4));
    expect((await gqlOk(app.url, READ, { id: r.id }, token)).dataSubjectRequest.details).toContain(nik);

    const ASSIGN = `mutation($id: ID!) { assignDataSubjectRequestToMe(id: $id) { status assignee { id } } }`;
    expect((await gqlOk(app.url, ASSIGN, { id: r.id }, supervisor.token)).assignDataSubjectRequestToMe).toEqual({
      status: 'IN_PROGRESS',
      assignee: { id: supervisor.id },
    });
    const short = await gql(app.url, DECIDE, { id: r.id, o: 'REFUSED', r: 'no' }, supervisor.token);
    expect(short.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { reason: expect.any(String) },
    });

    const reason = 'NIK pada KTP yang dilampirkan tidak terbaca; mohon ajukan lagi dengan foto yang jelas';
    const { decideDataSubjectRequest: d } = await gqlOk(
      app.url,
      DECIDE,
      { id: r.id, o: 'REFUSED', r: reason },
      supervisor.token,
    );
    expect(d).toMatchObject({ status: 'REFUSED', reason, overdue: false, secondsLeft: null });
    expect(d.decidedAt).not.toBeNull();
    expect(errorCode(await gql(app.url, DECIDE, { id: r.id, o: 'FULFILLED', r: reason }, supervisor.token))).toBe(
      'CONFLICT',
    );

    const mail = await smtp.waitForMailMatching(a.email!, new RegExp(r.number));
    expect(mail.text).toContain('ditolak');
    expect(mail.text).toContain(reason);
    expect(mail.text).toContain('perbaikan data pribadi');
    const sent = await stack.sql(
      `select template from outbox_message where account_id = ? and template = 'data_request_decided'`,
      [a.id],
    );
    expect(sent).toHaveLength(1);
    const actions = await stack.sql(
      `select action, actor_id from audit_event where target_id = ? and action like 'DATA_REQUEST_%' order by at`,
      [a.id],
    );
    expect(actions).toEqual([
      { action: 'DATA_REQUEST_FILED', actor_id: a.id },
      { action: 'DATA_REQUEST_ASSIGNED', actor_id: supervisor.id },
      { action: 'DATA_REQUEST_DECIDED', actor_id: supervisor.id },
    ]);
  });

  it('a fulfilled CONSENT_WITHDRAWAL shows on the consent record and restricts processing; accepting again gives consent anew', async () => {
    const { app, smtp } = stack;
    const a = await seedAccount(app, { consentVersion: 3, consentAt: new Date(), consentChannel: 'SELF_SERVICE' });
    const token = await applicantToken(app, a.id);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const { fileDataSubjectRequest: r } = await gqlOk(app.url, FILE, { k: 'CONSENT_WITHDRAWAL' }, token);
    const FULFIL = `mutation($id: ID!) { fulfilDataSubjectRequest(id: $id) { status reason } }`;
    expect((await gqlOk(app.url, FULFIL, { id: r.id }, supervisor.token)).fulfilDataSubjectRequest).toEqual({
      status: 'FULFILLED',
      reason: 'Permintaan Anda telah kami penuhi.',
    });
    const mail = await smtp.waitForMailMatching(a.email!, new RegExp(r.number));
    expect(mail.text).toContain('dipenuhi');
    expect(mail.text).toContain('penarikan persetujuan');

    // The consent record says it was withdrawn, and processing is restricted: both to staff and to the applicant.
    const ACCOUNT = `query($id: ID!) { account(id: $id, reveal: false) { consent { version withdrawnAt } processingRestricted } }`;
    const { account } = await gqlOk(app.url, ACCOUNT, { id: a.id }, supervisor.token);
    expect(account.consent.version).toBe(3);
    expect(account.consent.withdrawnAt).not.toBeNull();
    expect(account.processingRestricted).toBe(true);
    const { me } = await gqlOk(app.url, '{ me { consent { withdrawnAt } processingRestricted } }', {}, token);
    expect(me).toEqual({ consent: { withdrawnAt: account.consent.withdrawnAt }, processingRestricted: true });
    const audit = await stack.sql(
      `select action, details from audit_event where target_id = ?
          and action in ('CONSENT_WITHDRAWN', 'PROCESSING_RESTRICTED', 'DATA_REQUEST_DECIDED') order by action`,
      [a.id],
    );
    expect(audit).toEqual([
      { action: 'CONSENT_WITHDRAWN', details: { request: r.number, version: 3 } },
      {
        action: 'DATA_REQUEST_DECIDED',
        details: expect.objectContaining({ outcome: 'FULFILLED', restricted: true, consentWithdrawn: true }),
      },
      { action: 'PROCESSING_RESTRICTED', details: { request: r.number } },
    ]);
    // A staff edit now needs the override, as for any restriction.
    const EXTEND = `mutation($id: ID!) { extendAccountExpiry(id: $id, days: 5, reason: "Menunggu NIB") { id } }`;
    expect(errorCode(await gql(app.url, EXTEND, { id: a.id }, supervisor.token))).toBe('CONFLICT');

    // The applicant gives consent again: the withdrawal is cleared; the restriction stays until a supervisor lifts it.
    const ACCEPT = `mutation { acceptTerms(version: 3) { consent { version withdrawnAt } processingRestricted } }`;
    expect((await gqlOk(app.url, ACCEPT, {}, token)).acceptTerms).toEqual({
      consent: { version: 3, withdrawnAt: null },
      processingRestricted: true,
    });
    const [accepted] = await stack.sql(
      `select details from audit_event where target_id = ? and action = 'CONSENT_ACCEPTED'`,
      [a.id],
    );
    expect(accepted.details).toMatchObject({ version: 3, afterWithdrawal: true });
  });

  it('an OBJECTION decided end to end: assigned, upheld, processing restricted, the applicant told', async () => {
    const { app, smtp } = stack;
    const a = await seedAccount(app);
    const token = await applicantToken(app, a.id);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const { fileDataSubjectRequest: r } = await gqlOk(
      app.url,
      FILE,
      { k: 'OBJECTION', d: 'Saya keberatan data saya dipakai untuk survei' },
      token,
    );
    expect(Date.parse(r.dueAt) - Date.parse(r.createdAt)).toBe(48 * H);
    const ASSIGN = `mutation($id: ID!) { assignDataSubjectRequestToMe(id: $id) { status } }`;
    expect((await gqlOk(app.url, ASSIGN, { id: r.id }, supervisor.token)).assignDataSubjectRequestToMe.status).toBe(
      'IN_PROGRESS',
    );
    const reason = 'Keberatan diterima: pemrosesan selain penyimpanan dihentikan';
    const { decideDataSubjectRequest: d } = await gqlOk(
      app.url,
      DECIDE,
      { id: r.id, o: 'FULFILLED', r: reason },
      supervisor.token,
    );
    expect(d).toMatchObject({ status: 'FULFILLED', reason, secondsLeft: null });
    const ACCOUNT = `query($id: ID!) { account(id: $id, reveal: false) { processingRestricted processingRestrictedAt consent { withdrawnAt } } }`;
    const { account } = await gqlOk(app.url, ACCOUNT, { id: a.id }, supervisor.token);
    expect(account.processingRestricted).toBe(true);
    expect(account.processingRestrictedAt).not.toBeNull();
    expect(account.consent?.withdrawnAt ?? null).toBeNull(); // an objection is not a withdrawal of consent
    const mail = await smtp.waitForMailMatching(a.email!, new RegExp(r.number));
    expect(mail.text).toContain('keberatan atas pemrosesan');
    expect(mail.text).toContain(reason);
    const audit = await stack.sql(
      `select action, actor_id, details from audit_event where target_id = ?
          and action in ('PROCESSING_RESTRICTED', 'DATA_REQUEST_DECIDED') order by action`,
      [a.id],
    );
    expect(audit).toEqual([
      {
        action: 'DATA_REQUEST_DECIDED',
        actor_id: supervisor.id,
        details: expect.objectContaining({ kind: 'OBJECTION', outcome: 'FULFILLED', restricted: true }),
      },
      { action: 'PROCESSING_RESTRICTED', actor_id: supervisor.id, details: { request: r.number } },
    ]);
    // A refused objection changes nothing.
    const b = await seedAccount(app);
    const { fileDataSubjectRequest: refused } = await gqlOk(
      app.url,
      FILE,
      { k: 'OBJECTION' },
      await applicantToken(app, b.id),
    );
    await gqlOk(
      app.url,
      DECIDE,
      { id: refused.id, o: 'REFUSED', r: 'Pemrosesan diwajibkan undang-undang' },
      supervisor.token,
    );
    expect((await gqlOk(app.url, ACCOUNT, { id: b.id }, supervisor.token)).account.processingRestricted).toBe(false);
  });

  it('a CORRECTION is fulfilled only after staff applied it; the decision records what changed', async () => {
    const { app, smtp } = stack;
    const { account: a, input } = await registerByEmail(app, smtp);
    const token = await applicantToken(app, a.id);
    const helpdesk = await staffSession(app);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const newEmail = makeEmail('benar');
    const { fileDataSubjectRequest: r } = await gqlOk(
      app.url,
      FILE,
      { k: 'CORRECTION', d: `Email saya yang benar ${newEmail}` },
      token,
    );
    // Nothing corrected yet: fulfilling is CONFLICT with the reason, and the request stays open.
    const early = await gql(
      app.url,
      DECIDE,
      { id: r.id, o: 'FULFILLED', r: 'Email sudah diperbaiki' },
      supervisor.token,
    );
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NO_CORRECTION_APPLIED' });
    expect(early.errors?.[0].message).toMatch(/Belum ada perbaikan data/);
    const READ = `query($id: ID!) { dataSubjectRequest(id: $id) { status } }`;
    expect((await gqlOk(app.url, READ, { id: r.id }, supervisor.token)).dataSubjectRequest.status).toBe('OPEN');

    // The officer applies it through the staff edit (changeAccountEmail); the applicant confirms from the new address.
    const CHANGE = `mutation($id: ID!, $e: String!, $r: String!) { changeAccountEmail(id: $id, newEmail: $e, reason: $r) { status } }`;
    await gqlOk(app.url, CHANGE, { id: a.id, e: newEmail, r: `Permintaan ${r.number}` }, helpdesk.token);
    // Approved but not yet confirmed: the email has not changed, so nothing is corrected yet.
    expect(
      errorCode(await gql(app.url, DECIDE, { id: r.id, o: 'FULFILLED', r: 'Email diperbaiki' }, supervisor.token)),
    ).toBe('CONFLICT');
    const link = (await smtp.waitForMail(newEmail)).text;
    const confirmToken = decodeURIComponent(/[?&]token=([A-Za-z0-9_%-]+)/.exec(link)![1]);
    await gqlOk(app.url, 'mutation($t: String!) { confirmEmailChange(token: $t) }', { t: confirmToken });

    const reason = 'Email akun sudah diganti ke alamat yang Anda sebutkan';
    const { decideDataSubjectRequest: d } = await gqlOk(
      app.url,
      DECIDE,
      { id: r.id, o: 'FULFILLED', r: reason },
      supervisor.token,
    );
    expect(d.status).toBe('FULFILLED');
    const [row] = await stack.sql('select email from account where id = ?', [a.id]);
    expect(row.email).toBe(newEmail);
    const [decided] = await stack.sql(
      `select details from audit_event where target_id = ? and action = 'DATA_REQUEST_DECIDED'`,
      [a.id],
    );
    expect(decided.details.corrected).toEqual([
      { field: 'email', at: expect.any(String), previous: expect.any(String), next: expect.any(String) },
    ]);
    // What changed is recorded masked, never in clear.
    expect(JSON.stringify(decided.details)).not.toContain(newEmail);
    expect(JSON.stringify(decided.details)).not.toContain(input.email as string);
    // The applicant is told at their (new, verified) address.
    const mail = await smtp.waitForMailMatching(newEmail, new RegExp(r.number));
    expect(mail.text).toContain('perbaikan data pribadi');
    expect(mail.text).toContain('dipenuhi');
  });

  it('a fulfilled RESTRICTION marks the account; staff edits then need an explicit override, which is audited', async () => {
    const { app } = stack;
    const a = await seedAccount(app);
    const token = await applicantToken(app, a.id);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const ACCOUNT = `query($id: ID!) { account(id: $id, reveal: false) { processingRestricted processingRestrictedAt status } }`;
    expect((await gqlOk(app.url, ACCOUNT, { id: a.id }, supervisor.token)).account.processingRestricted).toBe(false);

    // A refused restriction changes nothing.
    const { fileDataSubjectRequest: refused } = await gqlOk(app.url, FILE, { k: 'RESTRICTION' }, token);
    await gqlOk(app.url, DECIDE, { id: refused.id, o: 'REFUSED', r: 'Permintaan diajukan dua kali' }, supervisor.token);
    expect((await gqlOk(app.url, ACCOUNT, { id: a.id }, supervisor.token)).account.processingRestricted).toBe(false);

    const { fileDataSubjectRequest: r } = await gqlOk(app.url, FILE, { k: 'RESTRICTION' }, token);
    await gqlOk(
      app.url,
      DECIDE,
      { id: r.id, o: 'FULFILLED', r: 'Pemrosesan dibatasi sampai keberatan selesai' },
      supervisor.token,
    );
    const restricted = (await gqlOk(app.url, ACCOUNT, { id: a.id }, supervisor.token)).account;
    expect(restricted.processingRestricted).toBe(true);
    expect(restricted.processingRestrictedAt).not.toBeNull();
    const { me } = await gqlOk(app.url, '{ me { processingRestricted } }', {}, token);
    expect(me.processingRestricted).toBe(true);

    const SUSPEND = `mutation($id: ID!, $o: Boolean) { suspendAccount(id: $id, reason: "Laporan penyalahgunaan", override: $o) { status } }`;
    const refusedEdit = await gql(app.url, SUSPEND, { id: a.id }, supervisor.token);
    expect(refusedEdit.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', processingRestricted: true });
    expect((await gqlOk(app.url, ACCOUNT, { id: a.id }, supervisor.token)).account.status).toBe('ACTIVE');
    const EXTEND = `mutation($id: ID!) { extendAccountExpiry(id: $id, days: 5, reason: "Menunggu NIB") { id } }`;
    expect(errorCode(await gql(app.url, EXTEND, { id: a.id }, supervisor.token))).toBe('CONFLICT');

    expect((await gqlOk(app.url, SUSPEND, { id: a.id, o: true }, supervisor.token)).suspendAccount.status).toBe(
      'SUSPENDED',
    );
    const audit = await stack.sql(
      `select action, actor_id, details from audit_event where target_id = ? and action in ('PROCESSING_RESTRICTED', 'RESTRICTION_OVERRIDDEN') order by at`,
      [a.id],
    );
    expect(audit).toEqual([
      { action: 'PROCESSING_RESTRICTED', actor_id: supervisor.id, details: { request: r.number } },
      { action: 'RESTRICTION_OVERRIDDEN', actor_id: supervisor.id, details: { operation: 'suspendAccount' } },
    ]);

    const LIFT = `mutation($id: ID!) { liftProcessingRestriction(id: $id, reason: "Pemohon menarik pembatasan") { processingRestricted } }`;
    expect(
      (await gqlOk(app.url, LIFT, { id: a.id }, supervisor.token)).liftProcessingRestriction.processingRestricted,
    ).toBe(false);
    expect(errorCode(await gql(app.url, LIFT, { id: a.id }, supervisor.token))).toBe('CONFLICT');
  });
});
