import { TestClock } from '../support/app';
import { makeEmail } from '../support/factories';
import { seedAccount, staffSession } from '../support/flows';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

const COMPLAINT_FIELDS = `id number status channel category reporterName reporterContact dueAt overdue resolution
  account { id username } assignee { id username } satisfaction { scores ikm grade } history { kind note actorId }`;
const CREATE = `mutation($i: ComplaintInput!) { createComplaint(input: $i) { ${COMPLAINT_FIELDS} } }`;
const wib = (date: string, time = '10:00') => new Date(`${date}T${time}:00+07:00`);
/** Within a few seconds after (the test clock keeps running while the request travels). */
const near = (iso: string, expected: Date) =>
  Date.parse(iso) - expected.getTime() >= 0 && Date.parse(iso) - expected.getTime() < 5000;

describe('complaints (pengaduan)', () => {
  const clock = new TestClock();
  // Monday 30 Nov 2026 is a (test) holiday.
  const stack = useStack({ clock, env: { COMPLAINT_HOLIDAYS: '2026-11-30' } });

  it('is due by its category in working days, skipping the weekend and holidays', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    clock.set(wib('2026-11-27')); // Friday 10:00 WIB
    const base = { channel: 'PHONE', description: 'Kode OTP tidak pernah masuk', reporterName: 'Budi' };
    const code = await gqlOk(app.url, CREATE, { i: { ...base, category: 'CODE_NOT_RECEIVED' } }, helpdesk.token);
    expect(near(code.createComplaint.dueAt, wib('2026-12-01'))).toBe(true); // Sat, Sun, holiday Mon → Tue
    const email = await gqlOk(app.url, CREATE, { i: { ...base, category: 'INACTIVE_EMAIL' } }, helpdesk.token);
    expect(near(email.createComplaint.dueAt, wib('2026-12-03'))).toBe(true); // Tue, Wed, Thu
    clock.set(wib('2026-11-26')); // Thursday
    const thu = await gqlOk(app.url, CREATE, { i: { ...base, category: 'LOGIN_LOCKED' } }, helpdesk.token);
    expect(near(thu.createComplaint.dueAt, wib('2026-11-27'))).toBe(true);
    expect(thu.createComplaint.number).toMatch(/^ADU-2026-\d{6}$/);
  });

  it('walks the machine with a history, highlights overdue ones with a reminder, and collects the SKM survey', async () => {
    const { app, smtp } = stack;
    clock.set(new Date());
    const helpdesk = await staffSession(app);
    const a = await seedAccount(app);
    const found = await gqlOk(
      app.url,
      'query($n: String) { accounts(filter: { nik: $n }) { edges { node { id } } } }',
      { n: a.nik },
      helpdesk.token,
    );
    const reporter = makeEmail('pelapor');
    const { createComplaint: c } = await gqlOk(
      app.url,
      CREATE,
      {
        i: {
          channel: 'WHATSAPP',
          category: 'CODE_NOT_RECEIVED',
          description: 'Sudah tiga kali minta kode, tidak masuk',
          reporterName: 'Siti',
          reporterContact: reporter.toUpperCase(),
          accountId: found.accounts.edges[0].node.id,
        },
      },
      helpdesk.token,
    );
    // Stored normalised (lower case); shown masked, like every contact (complaint(id, reveal: true) shows it).
    expect(c).toMatchObject({
      status: 'OPEN',
      reporterContact: 'pe****@example.co.id',
      account: { id: a.id },
      overdue: false,
    });
    const [stored] = await stack.sql('select reporter_contact from complaint where id = ?', [c.id]);
    expect(stored.reporter_contact).toBe(reporter);
    const step = async (query: string, vars: Record<string, unknown>) =>
      Object.values(await gqlOk(app.url, query, { id: c.id, ...vars }, helpdesk.token))[0] as any;
    expect(
      (
        await step(`mutation($id: ID!, $s: ID!) { assignComplaint(id: $id, staffId: $s) { status assignee { id } } }`, {
          s: helpdesk.id,
        })
      ).status,
    ).toBe('IN_PROGRESS');
    await step(`mutation($id: ID!) { addComplaintNote(id: $id, note: "Dicek: pesan WA gagal terkirim") { id } }`, {});

    // Past due: overdue in the list, and one reminder in the history.
    clock.advance(5 * 86400_000);
    const overdue = await gqlOk(
      app.url,
      '{ complaints(filter: { overdue: true }) { edges { node { id overdue } } } }',
      {},
      helpdesk.token,
    );
    expect(overdue.complaints.edges.map((e: any) => e.node)).toContainEqual({ id: c.id, overdue: true });
    expect(await app.services.complaints.remindOverdue(app.orm.em.fork(), clock.now())).toBeGreaterThanOrEqual(1);
    expect(await app.services.complaints.remindOverdue(app.orm.em.fork(), clock.now())).toBe(0);

    const resolved = await step(
      `mutation($id: ID!) { resolveComplaint(id: $id, resolution: "Kode dikirim ulang lewat email") { status overdue } }`,
      {},
    );
    expect(resolved).toEqual({ status: 'RESOLVED', overdue: false });
    expect(
      (await step(`mutation($id: ID!) { reopenComplaint(id: $id, reason: "Pelapor menelepon lagi") { status } }`, {}))
        .status,
    ).toBe('IN_PROGRESS');
    expect(
      errorCode(
        await gql(app.url, `mutation($id: ID!) { closeComplaint(id: $id) { status } }`, { id: c.id }, helpdesk.token),
      ),
    ).toBe('CONFLICT');
    await step(`mutation($id: ID!) { resolveComplaint(id: $id, resolution: "Sudah bisa masuk") { status } }`, {});
    expect((await step(`mutation($id: ID!) { closeComplaint(id: $id) { status } }`, {})).status).toBe('CLOSED');

    const survey = await smtp.waitForMailMatching(reporter, /survey\?token=/);
    const token = decodeURIComponent(/survey\?token=([A-Za-z0-9_%-]+)/.exec(survey.text)![1]);
    const SURVEY =
      'mutation($t: String!, $s: [Int!]!) { submitSatisfactionSurvey(token: $t, scores: $s, comment: "Cepat") }';
    expect((await gql(app.url, SURVEY, { t: token, s: [4, 4, 5] })).errors![0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { scores: expect.stringMatching(/9 nilai/) },
    });
    expect(
      (await gql(app.url, SURVEY, { t: token, s: [4, 4, 4, 4, 0, 4, 4, 4, 4] })).errors![0].extensions,
    ).toMatchObject({ code: 'VALIDATION_FAILED', fields: { scores: 'Setiap nilai 1 sampai 4.' } });
    expect((await gqlOk(app.url, SURVEY, { t: token, s: [3, 4, 3, 3, 4, 3, 4, 3, 3] })).submitSatisfactionSurvey).toBe(
      true,
    );
    // answered twice: refused naming the token; a link that never existed stays CODE_INVALID
    expect((await gql(app.url, SURVEY, { t: token, s: [3, 4, 3, 3, 4, 3, 4, 3, 3] })).errors![0].extensions).toEqual({
      code: 'VALIDATION_FAILED',
      fields: { token: 'Survei untuk pengaduan ini sudah diisi.' },
    });
    expect(errorCode(await gql(app.url, SURVEY, { t: `${token}x`, s: [3, 4, 3, 3, 4, 3, 4, 3, 3] }))).toBe(
      'CODE_INVALID',
    );

    const { complaint } = await gqlOk(
      app.url,
      `query($id: ID!) { complaint(id: $id) { ${COMPLAINT_FIELDS} } }`,
      { id: c.id },
      helpdesk.token,
    );
    expect(complaint.satisfaction).toEqual({ scores: [3, 4, 3, 3, 4, 3, 4, 3, 3], ikm: 83.33, grade: 'B' });
    expect(complaint.history.map((h: any) => h.kind)).toEqual([
      'CREATED',
      'ASSIGNED',
      'NOTE',
      'REMINDER',
      'RESOLVED',
      'REOPENED',
      'RESOLVED',
      'CLOSED',
      'SURVEY',
    ]);
    const audited = await stack.sql(`select action from audit_event where target_id = ? order by at`, [c.id]);
    expect(audited.map((r: any) => r.action)).toEqual([
      'COMPLAINT_CREATED',
      'COMPLAINT_ASSIGNED',
      'COMPLAINT_NOTE',
      'COMPLAINT_OVERDUE',
      'COMPLAINT_RESOLVED',
      'COMPLAINT_REOPENED',
      'COMPLAINT_RESOLVED',
      'COMPLAINT_CLOSED',
      'COMPLAINT_SURVEYED',
    ]);
    const onAccount = await gqlOk(
      app.url,
      'query($id: ID!) { account(id: $id) { complaints { number status } } }',
      { id: a.id },
      helpdesk.token,
    );
    expect(onAccount.account.complaints).toEqual([{ number: c.number, status: 'CLOSED' }]);
    const byQ = await gqlOk(
      app.url,
      'query($q: String) { complaints(filter: { q: $q }) { edges { node { id } } } }',
      { q: 'tiga kali' },
      helpdesk.token,
    );
    expect(byQ.complaints.edges.map((e: any) => e.node.id)).toEqual([c.id]);
  });

  it('refuses bad input with field messages', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const r = await gql(
      app.url,
      CREATE,
      {
        i: {
          channel: 'PHONE',
          category: 'OTHER',
          description: 'ab',
          reporterName: 'X',
          reporterContact: 'bukan kontak',
          accountId: 'x',
        },
      },
      helpdesk.token,
    );
    expect(r.errors![0].extensions!.fields).toEqual({
      description: 'Uraian pengaduan 5-5000 karakter.',
      reporterName: 'Nama pelapor 2-100 karakter.',
      reporterContact: 'Isi email atau nomor telepon pelapor.',
      accountId: 'ID akun tidak valid.',
    });
    expect(
      errorCode(
        await gql(
          app.url,
          'query { complaint(id: "00000000-0000-4000-8000-000000000000") { id } }',
          {},
          helpdesk.token,
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(
        await gql(
          app.url,
          '{ complaints(filter: { status: CLOSED, overdue: true }) { totalCount } }',
          {},
          helpdesk.token,
        ),
      ),
    ).toBe('VALIDATION_FAILED');
  });
});
