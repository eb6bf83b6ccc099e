import { staffSession, LOGIN } from '../support/flows';
import { codeFromMail, codeFromWhatsApp } from '../support/receivers';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { makeEmail, makeNik, makePhone, makeProfile, STRONG_PASSWORD, toE164 } from '../support/factories';
import { TestClock } from '../support/app';
import { useStack } from '../support/stack';

const CREATE_UNIT = `mutation($n: String!, $r: String!) { createServiceUnit(name: $n, regionCode: $r) { id } }`;
const SET_UNIT = `mutation($s: ID!, $u: ID!) { setStaffUnit(staffId: $s, unitId: $u) { id } }`;
const EVENT_FIELDS = `id unitId villageCode villageName date startTime endTime timeZone startsAt endsAt officerIds
  officerNames requirements targetCount open`;
const COUNTS = 'started completed abandoned inProgress byChannel { channel started completed abandoned inProgress }';
const CREATE_EVENT = `mutation($i: OutreachEventInput!, $u: ID) { createOutreachEvent(input: $i, unitId: $u) {
  ${EVENT_FIELDS} } }`;
const UPDATE_EVENT = `mutation($id: ID!, $i: OutreachEventInput!) { updateOutreachEvent(id: $id, input: $i) {
  ${EVENT_FIELDS} } }`;
const EVENT = `query($id: ID!) { outreachEvent(id: $id) { ${EVENT_FIELDS} report { ${COUNTS} } } }`;
const EVENTS = `query($u: ID) { outreachEvents(unitId: $u) { id } }`;
const MY_EVENTS = `{ myOutreachEvents { id open requirements } }`;
const REPORT = `query($from: String!, $to: String!) { outreachReport(from: $from, to: $to) {
  from to events { id report { ${COUNTS} } } villages { villageCode villageName events target counts { ${COUNTS} } }
  totals { ${COUNTS} } } }`;
const DESK = 'reference eventId step channel maskedDestination resendAvailableAt expiresAt';
const START = `mutation($e: ID!, $i: OutreachRegistrationInput!) { startOutreachRegistration(eventId: $e, input: $i) {
  ${DESK} } }`;
const RESEND = `mutation($r: ID!) { resendOutreachRegistrationCode(reference: $r) { ${DESK} } }`;
const VERIFY = `mutation($r: ID!, $c: String!) { verifyOutreachRegistration(reference: $r, code: $c) { ${DESK} } }`;
const PASSWORD = `mutation($r: ID!, $p: String!, $c: String!) {
  setOutreachRegistrationPassword(reference: $r, password: $p, passwordConfirmation: $c) { ${DESK} } }`;
const COMPLETE = `mutation($r: ID!, $p: ProfileInput!, $ok: Boolean!) {
  completeOutreachRegistration(reference: $r, profile: $p, applicantConsent: $ok) { ${DESK} } }`;

/** WIB (UTC+7) wall-clock time of a date as an instant. */
const wib = (date: string, hhmm: string, seconds = 0) =>
  new Date(Date.parse(`${date}T${hhmm}:00Z`) - 7 * 3600_000 + seconds * 1000);

describe('outreach ("jemput bola"): events, the desk and its report', () => {
  const clock = new TestClock();
  const stack = useStack({ whatsapp: true, clock });
  // The event day: tomorrow in WIB, so that creating it is never "in the past".
  const day = new Date(Date.now() + 7 * 3600_000 + 86400_000).toISOString().slice(0, 10);
  let admin: { token: string };
  let supervisor: { token: string; id: string };
  let kamparSupervisor: { token: string };
  let officer: { token: string; id: string; username: string };
  let unassigned: { token: string; id: string };
  let kamparOfficer: { token: string; id: string };
  let movedOfficer: { token: string; id: string };
  let helpdesk: { token: string };
  const unit: Record<string, string> = {};
  let village: string;
  let eventId: string;
  let afterStderr = () => {};
  afterAll(() => afterStderr());
  /** Every answer the officers' devices received, to search for codes. */
  const officerAnswers: string[] = [];

  const desk = async (query: string, variables: Record<string, unknown>, token = officer.token) => {
    const r = await gql(stack.app.url, query, variables, token);
    officerAnswers.push(JSON.stringify(r));
    return r;
  };
  const deskOk = async (query: string, variables: Record<string, unknown>, token = officer.token) => {
    const r = await desk(query, variables, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data as Record<string, any>;
  };
  const eventInput = (over: Record<string, unknown> = {}) => ({
    villageCode: village,
    date: day,
    startTime: '08:00',
    endTime: '12:00',
    officerIds: [officer.id, movedOfficer.id],
    requirements: ['KTP asli', 'Email aktif', 'Materai 10.000'],
    targetCount: 50,
    ...over,
  });
  async function inUnit(role: 'OUTREACH' | 'SUPERVISOR', unitId: string) {
    const s = await staffSession(stack.app, role);
    await gqlOk(stack.app.url, SET_UNIT, { s: s.id, u: unitId }, admin.token);
    return s;
  }

  beforeAll(async () => {
    clock.set(wib(day, '06:00'));
    admin = await staffSession(stack.app, 'ADMIN');
    for (const [name, code] of [
      ['DPMPTSP Kabupaten Mojokerto', '3516'],
      ['DPMPTSP Kabupaten Kampar', '1406'],
    ]) {
      unit[code] = (await gqlOk(stack.app.url, CREATE_UNIT, { n: name, r: code }, admin.token)).createServiceUnit.id;
    }
    const { regions } = stack.app.services;
    village = regions.children(regions.children('3516', 4)[0].code, 6)[0].code;
    supervisor = await inUnit('SUPERVISOR', unit['3516']);
    kamparSupervisor = await inUnit('SUPERVISOR', unit['1406']);
    officer = await inUnit('OUTREACH', unit['3516']);
    unassigned = await inUnit('OUTREACH', unit['3516']);
    movedOfficer = await inUnit('OUTREACH', unit['3516']);
    kamparOfficer = await inUnit('OUTREACH', unit['1406']);
    helpdesk = await staffSession(stack.app, 'HELPDESK');
  });

  it('lets a supervisor plan an event of their office, with the kelurahan, WIB hours, officers and checklist', async () => {
    const { createOutreachEvent: e } = await gqlOk(stack.app.url, CREATE_EVENT, { i: eventInput() }, supervisor.token);
    eventId = e.id;
    expect(e).toMatchObject({
      unitId: unit['3516'],
      villageCode: village,
      date: day,
      startTime: '08:00',
      endTime: '12:00',
      timeZone: 'Asia/Jakarta',
      startsAt: wib(day, '08:00').toISOString(),
      endsAt: wib(day, '12:00').toISOString(),
      targetCount: 50,
      requirements: ['KTP asli', 'Email aktif', 'Materai 10.000'],
      open: false,
    });
    expect(e.villageName).toMatch(/MOJOKERTO/i);
    expect(e.officerNames).toEqual([officer.username, expect.any(String)]);
    const [row] = await stack.sql(
      `select actor_id, details from audit_event where action = 'OUTREACH_EVENT_CREATED' and target_id = ?`,
      [eventId],
    );
    expect(row).toMatchObject({ actor_id: supervisor.id, details: { villageCode: village, date: day, target: 50 } });
    // another office's supervisor neither sees nor changes it
    expect(errorCode(await gql(stack.app.url, EVENT, { id: eventId }, kamparSupervisor.token))).toBe('FORBIDDEN');
    expect((await gqlOk(stack.app.url, EVENTS, {}, kamparSupervisor.token)).outreachEvents).toEqual([]);
    expect(
      errorCode(await gql(stack.app.url, UPDATE_EVENT, { id: eventId, i: eventInput() }, kamparSupervisor.token)),
    ).toBe('FORBIDDEN');
    expect(
      errorCode(await gql(stack.app.url, CREATE_EVENT, { i: eventInput(), u: unit['3516'] }, kamparSupervisor.token)),
    ).toBe('FORBIDDEN');
  });

  it.each([
    ['villageCode', { villageCode: '1406012001' }],
    ['villageCode', { villageCode: '351601' }],
    ['date', { date: '2026-02-30' }],
    ['date', { date: '2020-01-01' }],
    ['startTime', { startTime: '8:00' }],
    ['endTime', { endTime: '07:59' }],
    ['endTime', { endTime: '08:00' }],
    ['officerIds', { officerIds: [] }],
    ['officerIds', { officerIds: ['00000000-0000-4000-8000-00000000abcd'] }],
    ['targetCount', { targetCount: 0 }],
    ['requirements', { requirements: ['x'] }],
    ['input.requirements.0', { requirements: ['KTP\u0000asli'] }],
    ['input.requirements.0', { requirements: ['KTP \ud800'] }],
  ])('refuses a bad %s with VALIDATION_FAILED on that field (%j)', async (field, over) => {
    const r = await gql(stack.app.url, CREATE_EVENT, { i: eventInput(over) }, supervisor.token);
    expect(r.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { [field]: expect.any(String) },
    });
  });

  it('lists the OUTREACH officers of the office for the supervisor to pick (own office only)', async () => {
    const OFFICERS = `query($u: ID) { outreachOfficers(unitId: $u) { id username role } }`;
    const { outreachOfficers: mine } = await gqlOk(stack.app.url, OFFICERS, {}, supervisor.token);
    expect(mine.map((o: { id: string }) => o.id).sort()).toEqual([officer.id, unassigned.id, movedOfficer.id].sort());
    expect(new Set(mine.map((o: { role: string }) => o.role))).toEqual(new Set(['OUTREACH']));
    expect(errorCode(await gql(stack.app.url, OFFICERS, { u: unit['3516'] }, kamparSupervisor.token))).toBe(
      'FORBIDDEN',
    );
  });

  it('refuses officers who are not OUTREACH staff of the organising office', async () => {
    for (const ids of [[kamparOfficer.id], [supervisor.id]]) {
      const r = await gql(stack.app.url, CREATE_EVENT, { i: eventInput({ officerIds: ids }) }, supervisor.token);
      expect(r.errors?.[0].extensions).toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: { officerIds: expect.any(String) },
      });
    }
  });

  const startInput = (over: Record<string, unknown> = {}) => ({
    nik: makeNik({ district: '351601' }),
    channel: 'EMAIL',
    email: makeEmail('jemput'),
    ...over,
  });

  it('opens the desk at the start minute and closes it after the end minute (a minute either side is FORBIDDEN)', async () => {
    const cases: [Date, boolean][] = [
      [wib(day, '07:59', 59), false],
      [wib(day, '08:00'), true],
      [wib(day, '12:00', 59), true],
      [wib(day, '12:01'), false],
    ];
    for (const [at, open] of cases) {
      clock.set(at);
      const r = await desk(START, { e: eventId, i: startInput() });
      expect([at.toISOString(), errorCode(r) ?? 'OK']).toEqual([at.toISOString(), open ? 'OK' : 'FORBIDDEN']);
      const mine = (await gqlOk(stack.app.url, MY_EVENTS, {}, officer.token)).myOutreachEvents;
      expect(mine.find((e: { id: string }) => e.id === eventId)?.open ?? false).toBe(open);
    }
    const refused = await stack.sql(
      `select details->>'reason' as reason from audit_event where action = 'OUTREACH_DESK_REFUSED' and target_id = ?`,
      [eventId],
    );
    expect(refused).toEqual([{ reason: 'OUTSIDE_HOURS' }, { reason: 'OUTSIDE_HOURS' }]);
    // the two flows started at the edges are marked abandoned for the report below
    await stack.sql(
      `update registration_flow set expires_at = now() - interval '1 minute' where outreach_event_id = ?`,
      [eventId],
    );
    clock.set(wib(day, '09:00'));
  });

  it("refuses another office's officer, an officer not assigned, one moved to another office, and other staff", async () => {
    const kampar = await desk(START, { e: eventId, i: startInput() }, kamparOfficer.token);
    expect(kampar.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OTHER_OFFICE' });
    const notMine = await desk(START, { e: eventId, i: startInput() }, unassigned.token);
    expect(notMine.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_ASSIGNED' });
    // assigned, then moved to Kampar: the event is still Mojokerto's
    await gqlOk(stack.app.url, SET_UNIT, { s: movedOfficer.id, u: unit['1406'] }, admin.token);
    const moved = await desk(START, { e: eventId, i: startInput() }, movedOfficer.token);
    expect(moved.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OTHER_OFFICE' });
    for (const token of [helpdesk.token, supervisor.token]) {
      expect(errorCode(await gql(stack.app.url, START, { e: eventId, i: startInput() }, token))).toBe('FORBIDDEN');
      expect(errorCode(await gql(stack.app.url, MY_EVENTS, {}, token))).toBe('FORBIDDEN');
    }
    const reasons = await stack.sql(
      `select actor_id, details->>'reason' as reason from audit_event
        where action = 'OUTREACH_DESK_REFUSED' and target_id = ? and details->>'reason' <> 'OUTSIDE_HOURS'
        order by at`,
      [eventId],
    );
    expect(reasons).toEqual([
      { actor_id: kamparOfficer.id, reason: 'OTHER_OFFICE' },
      { actor_id: unassigned.id, reason: 'NOT_ASSIGNED' },
      { actor_id: movedOfficer.id, reason: 'OTHER_OFFICE' },
    ]);
    expect(
      await stack.sql(`select count(*)::int as n from registration_flow where outreach_officer_id <> ?`, [officer.id]),
    ).toEqual([{ n: 0 }]);
    // a desk reference does not work for an officer of another office either
    const { startOutreachRegistration: flow } = await deskOk(START, { e: eventId, i: startInput() });
    for (const token of [kamparOfficer.token, unassigned.token]) {
      expect(errorCode(await desk(RESEND, { r: flow.reference }, token))).toBe('FORBIDDEN');
      expect(errorCode(await desk(VERIFY, { r: flow.reference, c: '123456' }, token))).toBe('FORBIDDEN');
    }
  });

  it('refuses bad desk input with VALIDATION_FAILED on the field', async () => {
    for (const [i, field] of [
      [startInput({ nik: '123' }), 'nik'],
      [startInput({ email: 'bukan-email' }), 'email'],
      [startInput({ channel: 'WHATSAPP', email: undefined }), 'phone'],
    ] as const) {
      const r = await desk(START, { e: eventId, i });
      expect(r.errors?.[0].extensions).toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: { [field]: expect.any(String) },
      });
    }
  });

  it('registers the applicant end to end: code to their WhatsApp, typed by them; KTP profile; their password and consent', async () => {
    // Everything the server logs meanwhile (it runs in this process and logs to stderr).
    const logged: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    afterStderr = () => (process.stderr.write = write);
    const phone = makePhone();
    const nik = makeNik({ district: '351601' });
    const { startOutreachRegistration: s } = await deskOk(START, {
      e: eventId,
      i: { nik, channel: 'WHATSAPP', phone },
    });
    expect(s).toMatchObject({ eventId, step: 'VERIFY_CODE', channel: 'WHATSAPP' });
    expect(s.maskedDestination).toContain('****');
    // the applicant reads the code on their own phone
    const code = codeFromWhatsApp(await stack.wa.waitForMessage(toE164(phone)));
    // a wrong code typed first is counted and audited, never echoed
    const wrong = code === '000000' ? '111111' : '000000';
    expect(errorCode(await desk(VERIFY, { r: s.reference, c: wrong }))).toBe('CODE_INVALID');
    const { verifyOutreachRegistration: v } = await deskOk(VERIFY, { r: s.reference, c: code });
    expect(v.step).toBe('SET_PASSWORD');
    const weak = await desk(PASSWORD, { r: s.reference, p: 'abc', c: 'abc' });
    expect(weak.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { password: expect.any(String) },
    });
    const { setOutreachRegistrationPassword: p } = await deskOk(PASSWORD, {
      r: s.reference,
      p: STRONG_PASSWORD,
      c: STRONG_PASSWORD,
    });
    expect(p.step).toBe('COMPLETE_PROFILE');
    const profile = makeProfile({ villageCode: village, fullName: 'Siti Aminah', gender: 'MALE' });
    const noConsent = await desk(COMPLETE, { r: s.reference, p: profile, ok: false });
    expect(noConsent.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { applicantConsent: expect.any(String) },
    });
    const { completeOutreachRegistration: done } = await deskOk(COMPLETE, { r: s.reference, p: profile, ok: true });
    expect(done).toMatchObject({ step: 'DONE', eventId });

    // the flow records the event and the officer; the account's consent is the applicant's, at the desk
    const [flow] = await stack.sql(
      `select f.outreach_event_id, f.outreach_officer_id, f.step, a.status, a.consent_channel, a.phone_verified_at
         from registration_flow f join account a on a.id = f.account_id where f.reference = ?`,
      [s.reference],
    );
    expect(flow).toMatchObject({
      outreach_event_id: eventId,
      outreach_officer_id: officer.id,
      step: 'DONE',
      status: 'ACTIVE',
      consent_channel: 'OUTREACH',
    });
    expect(flow.phone_verified_at).not.toBeNull();
    // the applicant logs in with the password they typed
    const { login } = await gqlOk(stack.app.url, LOGIN, { identifier: toE164(phone), password: STRONG_PASSWORD });
    expect(login.account.status).toBe('ACTIVE');

    // every officer action is audited, by the officer, without the code or the password
    const audit = await stack.sql(
      `select action, actor_id, details from audit_event where target_id = ? order by at, action`,
      [s.reference],
    );
    expect(audit.map((a: { action: string }) => a.action).sort()).toEqual(
      [
        'OUTREACH_CODE_CHECKED',
        'OUTREACH_CODE_CHECKED',
        'OUTREACH_PASSWORD_SET',
        'OUTREACH_PASSWORD_SET',
        'OUTREACH_REGISTRATION_COMPLETED',
        'OUTREACH_REGISTRATION_COMPLETED',
        'OUTREACH_REGISTRATION_STARTED',
      ].sort(),
    );
    expect(new Set(audit.map((a: { actor_id: string }) => a.actor_id))).toEqual(new Set([officer.id]));
    expect(audit.map((a: { details: { outcome?: string } }) => a.details.outcome ?? null).sort()).toEqual(
      ['CODE_INVALID', 'OK', 'VALIDATION_FAILED', 'VALIDATION_FAILED', null, null, null].sort(),
    );
    const trail = JSON.stringify(audit);
    expect(trail).not.toContain(code);
    expect(trail).not.toContain(STRONG_PASSWORD);

    // nor in the server's log
    afterStderr();
    expect(logged.join('')).not.toContain(code);
    expect(logged.join('')).not.toContain(STRONG_PASSWORD);
    // the officer never saw the code: not in any answer, and the outbox is closed to them
    expect(officerAnswers.join('\n')).not.toContain(code);
    expect(officerAnswers.join('\n')).not.toContain(STRONG_PASSWORD);
    expect(errorCode(await gql(stack.app.url, '{ outboxMessages(first: 5) { totalCount } }', {}, officer.token))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await gql(stack.app.url, '{ registrations(first: 5) { totalCount } }', {}, officer.token))).toBe(
      'FORBIDDEN',
    );
  });

  it('registers by email too, with the code read from the applicant’s mailbox; a resend is audited', async () => {
    const email = makeEmail('jemput.email');
    const { startOutreachRegistration: s } = await deskOk(START, { e: eventId, i: startInput({ email }) });
    const code = codeFromMail(await stack.smtp.waitForMail(email));
    expect(errorCode(await desk(RESEND, { r: s.reference }))).toBe('RATE_LIMITED'); // the 3-minute countdown
    const { verifyOutreachRegistration: v } = await deskOk(VERIFY, { r: s.reference, c: code });
    expect(v.step).toBe('SET_PASSWORD');
    expect(officerAnswers.join('\n')).not.toContain(code);
    const resent = await stack.sql(
      `select details from audit_event where action = 'OUTREACH_CODE_RESENT' and target_id = ?`,
      [s.reference],
    );
    expect(resent).toEqual([{ details: expect.objectContaining({ event: eventId, outcome: 'RATE_LIMITED' }) }]);
  });

  it('reports started, completed, abandoned and in progress per event, kelurahan and channel, as the rows say', async () => {
    const rows = await stack.sql(
      `select channel, step, expires_at <= now() as gone from registration_flow where outreach_event_id = ?`,
      [eventId],
    );
    const expected = (channel?: string) => {
      const rs = rows.filter((r: { channel: string }) => !channel || r.channel === channel);
      const completed = rs.filter((r: { step: string }) => r.step === 'DONE').length;
      const abandoned = rs.filter((r: { step: string; gone: boolean }) => r.step !== 'DONE' && r.gone).length;
      return { started: rs.length, completed, abandoned, inProgress: rs.length - completed - abandoned };
    };
    // what the scenario above left: 2 abandoned at the hour edges, 1 done by WhatsApp, 2 by email in progress
    expect(expected()).toEqual({ started: 5, completed: 1, abandoned: 2, inProgress: 2 });
    expect(expected('WHATSAPP')).toEqual({ started: 1, completed: 1, abandoned: 0, inProgress: 0 });

    const { outreachEvent: e } = await gqlOk(stack.app.url, EVENT, { id: eventId }, supervisor.token);
    expect(e.report).toEqual({
      ...expected(),
      byChannel: [
        { channel: 'EMAIL', ...expected('EMAIL') },
        { channel: 'WHATSAPP', ...expected('WHATSAPP') },
      ],
    });
    const { outreachReport: r } = await gqlOk(stack.app.url, REPORT, { from: day, to: day }, supervisor.token);
    expect(r.events).toEqual([{ id: eventId, report: e.report }]);
    expect(r.villages).toEqual([
      { villageCode: village, villageName: e.villageName, events: 1, target: 50, counts: e.report },
    ]);
    expect(r.totals).toEqual(e.report);
    // another office's supervisor counts none of it
    const other = (await gqlOk(stack.app.url, REPORT, { from: day, to: day }, kamparSupervisor.token)).outreachReport;
    expect(other.totals.started).toBe(0);
    // and the metrics carry it for the period
    const { registrationMetrics: m } = await gqlOk(
      stack.app.url,
      `query($from: DateTime!, $to: DateTime!) { registrationMetrics(from: $from, to: $to, interval: DAY) {
        outreach { totals { started completed abandoned } villages { villageCode } } } }`,
      { from: wib(day, '00:00').toISOString(), to: wib(day, '00:00', 86400).toISOString() },
      supervisor.token,
    );
    expect(m.outreach.totals).toEqual({ started: 5, completed: 1, abandoned: 2 });
    expect(m.outreach.villages).toEqual([{ villageCode: village }]);
    const bad = await gql(stack.app.url, REPORT, { from: day, to: '2020-01-01' }, supervisor.token);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: { to: expect.any(String) } });
  });

  it('lets the supervisor change the event (audited with what changed); the officers list follows', async () => {
    const { updateOutreachEvent: e } = await gqlOk(
      stack.app.url,
      UPDATE_EVENT,
      { id: eventId, i: eventInput({ endTime: '15:30', officerIds: [officer.id], targetCount: 80 }) },
      supervisor.token,
    );
    expect(e).toMatchObject({ endTime: '15:30', endsAt: wib(day, '15:30').toISOString(), targetCount: 80 });
    const [row] = await stack.sql(
      `select details from audit_event where action = 'OUTREACH_EVENT_UPDATED' and target_id = ?`,
      [eventId],
    );
    expect(row.details.changed.sort()).toEqual(['hours', 'officers', 'target']);
    expect((await gqlOk(stack.app.url, MY_EVENTS, {}, officer.token)).myOutreachEvents.map((x: any) => x.id)).toEqual([
      eventId,
    ]);
  });
});
