import {
  makeCompany,
  makeDirector,
  makeEmail,
  makeNik,
  makeNpwp,
  makePassport,
  makePhone,
  makeProfile,
  STRONG_PASSWORD,
} from '../support/factories';
import {
  COMPLETE,
  individualInput,
  REGISTRATION_FIELDS,
  seedAccount,
  SET_PASSWORD,
  START,
  staffSession,
  VERIFY,
} from '../support/flows';
import { errorCode, gql, gqlOk, waitFor } from '../support/graphql';
import { codeFromMail, codeFromWhatsApp } from '../support/receivers';
import { useStack } from '../support/stack';

const FIND = `query($q: String, $step: String) { registrations(filter: { q: $q, step: $step }) {
  totalCount edges { node { reference step channel maskedDestination createdAt expiresAt account { id }
    messages { id template status attempts explanation createdAt } } } } }`;
const STAFF_RESEND = `mutation($r: ID!, $why: String!) { resendRegistrationCode(reference: $r, reason: $why) {
  ${REGISTRATION_FIELDS} } }`;
const STAFF_CHANGE = `mutation($r: ID!, $c: VerificationChannel!, $e: String, $p: String, $why: String!) {
  changeRegistrationDestination(reference: $r, channel: $c, email: $e, phone: $p, reason: $why) {
  ${REGISTRATION_FIELDS} } }`;

describe('the stuck applicant: an unfinished registration found and unstuck by the helpdesk', () => {
  const stack = useStack({ whatsapp: true });

  it('finds an unfinished flow by NIK, email, and a phone in any written form or any part of it', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const nik = makeNik();
    const phone = makePhone(); // 08…
    const { startRegistration: reg } = await gqlOk(app.url, START, {
      input: individualInput({ nik, channel: 'WHATSAPP', phone, email: undefined }),
    });
    const digits = phone.slice(1); // 8…
    const forms = [
      nik,
      phone,
      `+62 ${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`,
      `62${digits}`,
      digits.slice(2, 10), // part of the number
    ];
    for (const q of forms) {
      const r = await gqlOk(app.url, FIND, { q }, helpdesk.token);
      expect({ q, n: r.registrations.totalCount }).toEqual({ q, n: 1 });
      const node = r.registrations.edges[0].node;
      expect(node).toMatchObject({ step: 'VERIFY_CODE', channel: 'WHATSAPP', account: null });
      expect(node.maskedDestination).toMatch(/\*{4}/);
      expect(node.messages).toHaveLength(1);
    }
    // The applicant's flow id (the credential) appears nowhere in what staff get.
    const raw = JSON.stringify(await gqlOk(app.url, FIND, { q: nik }, helpdesk.token));
    expect(raw).not.toContain(reg.id);
    expect(raw).not.toContain(phone.slice(-6));
    // Fewer than 8 digits would match half the country, and guess at the hidden digits of a masked number:
    // refused with a clear message (7 digits of this very number included).
    const short = await gql(app.url, FIND, { q: digits.slice(2, 9) }, helpdesk.token);
    expect(short.errors?.[0]?.extensions).toEqual({
      code: 'VALIDATION_FAILED',
      fields: { q: 'Ketik minimal 8 angka nomor telepon.' },
    });
    expect(errorCode(await gql(app.url, FIND, { q: nik }))).toBe('UNAUTHENTICATED');
    const rows = await stack.sql(`select count(*)::int as n from audit_event where action = 'REGISTRATION_SEARCH'`);
    expect(rows[0].n).toBeGreaterThanOrEqual(forms.length + 1);
  });

  it('explains a failed code message in Indonesian', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    const email = makeEmail('penuh');
    await gqlOk(app.url, START, { input: individualInput({ email }) });
    await smtp.waitForMail(email);
    // The worker records SENT just after the mail server took it: arrange the failure after that.
    await waitFor(
      async () =>
        (await stack.sql(`select 1 from outbox_message where recipient = ? and status = 'SENT'`, [email])).length > 0,
      'message SENT',
    );
    await stack.sql(
      `update outbox_message set status = 'FAILED', attempts = 6, last_error = '552 5.2.2 Mailbox full'
        where recipient = ?`,
      [email],
    );
    const r = await gqlOk(app.url, FIND, { q: email }, helpdesk.token);
    const [message] = r.registrations.edges[0].node.messages;
    expect(message).toMatchObject({ status: 'FAILED', attempts: 6, template: 'registration_code' });
    expect(message.explanation).toMatch(/^Kotak surat penerima penuh/);
  });

  it('offers for each message only the actions that can work, and stops once the flow no longer waits', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    const email = makeEmail('aksi');
    const { startRegistration: reg } = await gqlOk(app.url, START, { input: individualInput({ email }) });
    const code = codeFromMail(await smtp.waitForMail(email));
    await waitFor(
      async () =>
        (await stack.sql(`select 1 from outbox_message where recipient = ? and status = 'SENT'`, [email])).length > 0,
      'message SENT',
    );
    const ACTIONS = `query($q: String) { registrations(filter: { q: $q }) { edges { node { reference step
      messages { status actions } } } } }`;
    const actionsNow = async () =>
      (await gqlOk(app.url, ACTIONS, { q: email }, helpdesk.token)).registrations.edges[0].node;
    // Delivered: nothing to do.
    expect((await actionsNow()).messages[0]).toEqual({ status: 'SENT', actions: [] });
    await stack.sql(
      `update outbox_message set status = 'DEAD', last_error = '550 5.1.1 User unknown' where recipient = ?`,
      [email],
    );
    expect((await actionsNow()).messages[0].actions).toEqual([
      'RESEND_REGISTRATION_CODE',
      'CHANGE_REGISTRATION_DESTINATION',
    ]);
    // A new code went out (after the countdown): the dead one offers nothing any more, only the newest would.
    await stack.sql(`update registration_flow set send_times = ? where reference = ?`, [
      JSON.stringify([new Date(Date.now() - 181_000).toISOString()]),
      (await actionsNow()).reference,
    ]);
    await gqlOk(
      app.url,
      STAFF_RESEND,
      { r: (await actionsNow()).reference, why: 'Kode pertama gagal terkirim' },
      helpdesk.token,
    );
    const newCode = codeFromMail(await smtp.waitForMail(email, 2));
    const afterResend = (await actionsNow()).messages.map((m: any) => m.actions);
    expect(afterResend).toHaveLength(2);
    expect(afterResend).toEqual([[], []]);
    expect(code).not.toBe(newCode);
    // Once the applicant got past the code, nothing would do anything.
    await gqlOk(app.url, VERIFY, { id: reg.id, code: newCode });
    expect((await actionsNow()).messages.map((m: any) => m.actions)).toEqual([[], []]);
  });

  it('sends a new code to the applicant by the countdown, audited with the reason; the old code dies', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    const email = makeEmail('ulang');
    const { startRegistration: reg } = await gqlOk(app.url, START, { input: individualInput({ email }) });
    const oldCode = codeFromMail(await smtp.waitForMail(email));
    const [{ node }] = (await gqlOk(app.url, FIND, { q: email }, helpdesk.token)).registrations.edges;
    const why = 'Pemohon menelepon: kode tidak masuk';
    const early = await gql(app.url, STAFF_RESEND, { r: node.reference, why }, helpdesk.token);
    expect(errorCode(early)).toBe('RATE_LIMITED');
    expect(early.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(170);
    // Three minutes later (the countdown), the officer may send a new one.
    await stack.sql(`update registration_flow set send_times = ? where reference = ?`, [
      JSON.stringify([new Date(Date.now() - 181_000).toISOString()]),
      node.reference,
    ]);
    const resent = await gqlOk(app.url, STAFF_RESEND, { r: node.reference, why }, helpdesk.token);
    expect(resent.resendRegistrationCode.id).toBe(node.reference); // never the flow id
    const newCode = codeFromMail(await smtp.waitForMail(email, 2));
    expect(errorCode(await gql(app.url, VERIFY, { id: reg.id, code: oldCode }))).toBe('CODE_INVALID');
    await gqlOk(app.url, VERIFY, { id: reg.id, code: newCode });
    const [audit] = await stack.sql(
      `select actor_type, target_id, details from audit_event where action = 'REGISTRATION_CODE_RESENT' and target_id = ?`,
      [node.reference],
    );
    expect(audit).toMatchObject({ actor_type: 'STAFF', target_id: node.reference, details: { reason: why } });
    expect(JSON.stringify(audit.details)).not.toContain(email);
  });

  it('sends the code to another channel and number, after the officer checked the caller', async () => {
    const { app, smtp, wa } = stack;
    const helpdesk = await staffSession(app);
    const email = makeEmail('mati');
    const { startRegistration: reg } = await gqlOk(app.url, START, { input: individualInput({ email }) });
    await smtp.waitForMail(email);
    const [{ node }] = (await gqlOk(app.url, FIND, { q: email }, helpdesk.token)).registrations.edges;
    const phone = makePhone();
    const why = 'Email pemohon tidak aktif, identitas dicek lewat telepon';
    const changed = await gqlOk(
      app.url,
      STAFF_CHANGE,
      { r: node.reference, c: 'WHATSAPP', p: phone, why },
      helpdesk.token,
    );
    expect(changed.changeRegistrationDestination).toMatchObject({ id: node.reference, channel: 'WHATSAPP' });
    const code = codeFromWhatsApp(await wa.waitForMessage(`+62${phone.slice(1)}`));
    await gqlOk(app.url, VERIFY, { id: reg.id, code });
    const [audit] = await stack.sql(
      `select details from audit_event where action = 'REGISTRATION_DESTINATION_CHANGED' and target_id = ?`,
      [node.reference],
    );
    expect(audit.details).toMatchObject({ reason: why, channel: 'WHATSAPP' });
    expect(JSON.stringify(audit.details)).not.toContain(phone.slice(-6));
  });

  it('refuses unknown references, missing reasons and callers who are not staff', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(errorCode(await gql(app.url, STAFF_RESEND, { r: unknown, why: 'alasan cukup' }, helpdesk.token))).toBe(
      'NOT_FOUND',
    );
    const email = makeEmail('alasan');
    await gqlOk(app.url, START, { input: individualInput({ email }) });
    const [{ node }] = (await gqlOk(app.url, FIND, { q: email }, helpdesk.token)).registrations.edges;
    const noReason = await gql(app.url, STAFF_RESEND, { r: node.reference, why: 'ok' }, helpdesk.token);
    expect(noReason.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { reason: expect.any(String) },
    });
    expect(errorCode(await gql(app.url, STAFF_RESEND, { r: node.reference, why: 'alasan cukup' }))).toBe(
      'UNAUTHENTICATED',
    );
    // A business entity verifies by its company email only.
    const entity = await gqlOk(app.url, START, {
      input: { scale: 'UMK', actorType: 'BUSINESS_ENTITY', entityType: 'CV', channel: 'EMAIL', email: makeEmail('cv') },
    });
    expect(entity.startRegistration.step).toBe('VERIFY_CODE');
    // Newest first: the flow just started heads the unfiltered list.
    const [{ node: cv }] = (await gqlOk(app.url, FIND, {}, helpdesk.token)).registrations.edges;
    expect(cv.maskedDestination).toBe(entity.startRegistration.maskedDestination);
    const toWa = await gql(
      app.url,
      STAFF_CHANGE,
      { r: cv.reference, c: 'WHATSAPP', p: makePhone(), why: 'coba kirim ke WA' },
      helpdesk.token,
    );
    expect(toWa.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { channel: expect.any(String) },
    });
  });
});

describe('staff change of a registration destination: the same rules as the applicant, nothing to enumerate', () => {
  const stack = useStack();
  const masked = (r: Record<string, unknown>) => {
    const { id: _id, maskedDestination: _to, resendAvailableAt: _at, expiresAt: _end, ...rest } = r;
    return rest;
  };

  async function stuckFlow(tag: string) {
    const { app, smtp } = stack;
    const email = makeEmail(tag);
    const { startRegistration: reg } = await gqlOk(app.url, START, { input: individualInput({ email }) });
    const code = codeFromMail(await smtp.waitForMail(email));
    const helpdesk = await staffSession(app);
    const [{ node }] = (await gqlOk(app.url, FIND, { q: email }, helpdesk.token)).registrations.edges;
    return { reg, code, email, reference: node.reference as string, helpdesk };
  }

  it('kills the old code once the code goes to the new address', async () => {
    const { app, smtp } = stack;
    const { reg, code: oldCode, reference, helpdesk } = await stuckFlow('lama');
    const fresh = makeEmail('baru');
    await gqlOk(
      app.url,
      STAFF_CHANGE,
      { r: reference, c: 'EMAIL', e: fresh, why: 'Email lama salah ketik' },
      helpdesk.token,
    );
    const newCode = codeFromMail(await smtp.waitForMail(fresh));
    expect(errorCode(await gql(app.url, VERIFY, { id: reg.id, code: oldCode }))).toBe('CODE_INVALID');
    expect((await gqlOk(app.url, VERIFY, { id: reg.id, code: newCode })).verifyRegistration.step).toBe('SET_PASSWORD');
  });

  it('keeps to the hourly limit of codes per flow: RATE_LIMITED with the wait, the destination unchanged', async () => {
    const { app } = stack;
    const { email, reference, helpdesk } = await stuckFlow('perjam');
    // Five codes in the last hour, the oldest 50 minutes ago: the next may go in 10 minutes.
    const minutesAgo = [50, 40, 30, 20, 10].map((m) => new Date(Date.now() - m * 60_000).toISOString());
    await stack.sql(`update registration_flow set send_times = ? where reference = ?`, [
      JSON.stringify(minutesAgo),
      reference,
    ]);
    const fresh = makeEmail('perjam.baru');
    const r = await gql(
      app.url,
      STAFF_CHANGE,
      { r: reference, c: 'EMAIL', e: fresh, why: 'Email lama penuh' },
      helpdesk.token,
    );
    expect(errorCode(r)).toBe('RATE_LIMITED');
    expect(r.errors![0].message).toBe('Batas pengiriman kode per jam tercapai.');
    const wait = r.errors![0].extensions!.retryAfterSeconds as number;
    expect(wait).toBeGreaterThan(580);
    expect(wait).toBeLessThanOrEqual(601);
    const [flow] = await stack.sql(`select email from registration_flow where reference = ?`, [reference]);
    expect(flow.email).toBe(email);
    expect(await stack.sql(`select 1 from outbox_message where recipient = ?`, [fresh])).toEqual([]);
    expect(
      await stack.sql(`select 1 from audit_event where action = 'REGISTRATION_DESTINATION_CHANGED' and target_id = ?`, [
        reference,
      ]),
    ).toEqual([]);
  });

  it('answers a destination another account holds exactly as a free one', async () => {
    const { app } = stack;
    const held = await seedAccount(app);
    const one = await stuckFlow('satu');
    const two = await stuckFlow('dua');
    const why = 'Pemohon memberi alamat lain';
    const toHeld = await gql(
      app.url,
      STAFF_CHANGE,
      { r: one.reference, c: 'EMAIL', e: held.email, why },
      one.helpdesk.token,
    );
    const toFree = await gql(
      app.url,
      STAFF_CHANGE,
      { r: two.reference, c: 'EMAIL', e: makeEmail('bebas'), why },
      two.helpdesk.token,
    );
    expect(toHeld.errors).toBeUndefined();
    expect(toFree.errors).toBeUndefined();
    const a = toHeld.data!.changeRegistrationDestination;
    const b = toFree.data!.changeRegistrationDestination;
    expect(masked(a)).toEqual(masked(b));
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(a.maskedDestination).toMatch(/\*{4}/);
    expect(a.maskedDestination).not.toBe(held.email);
    expect(new Date(a.resendAvailableAt).getTime() - Date.now()).toBeGreaterThan(170_000);
    expect(new Date(b.resendAvailableAt).getTime() - Date.now()).toBeGreaterThan(170_000);
  });

  it('refuses an unknown or malformed reference with NOT_FOUND', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    for (const r of ['00000000-0000-4000-8000-000000000000', 'bukan-referensi']) {
      const answer = await gql(
        app.url,
        STAFF_CHANGE,
        { r, c: 'EMAIL', e: makeEmail('x'), why: 'alasan cukup' },
        helpdesk.token,
      );
      expect({ r, code: errorCode(answer) }).toEqual({ r, code: 'NOT_FOUND' });
    }
  });
});

describe('registrations search: by passport, and by step, channel and start date', () => {
  const stack = useStack({ whatsapp: true });
  const LIST = `query($f: RegistrationFilter) { registrations(filter: $f) { totalCount
    edges { node { reference step channel createdAt } } } }`;

  it('finds a foreigner’s flow by passport number, in any case', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const passport = makePassport();
    await gqlOk(app.url, START, {
      input: {
        scale: 'NON_UMK',
        nonUmkKind: 'BESAR',
        actorType: 'INDIVIDUAL',
        passport,
        channel: 'EMAIL',
        email: makeEmail('wna'),
      },
    });
    for (const q of [passport.number, passport.number.toLowerCase(), ` ${passport.number} `]) {
      const r = await gqlOk(app.url, LIST, { f: { q } }, helpdesk.token);
      expect({ q, n: r.registrations.totalCount }).toEqual({ q, n: 1 });
      expect(r.registrations.edges[0].node).toMatchObject({ step: 'VERIFY_CODE', channel: 'EMAIL' });
    }
  });

  it('narrows by step, channel and start date, alone and together', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    const email = makeEmail('saring');
    const { startRegistration: byMail } = await gqlOk(app.url, START, { input: individualInput({ email }) });
    await gqlOk(app.url, VERIFY, { id: byMail.id, code: codeFromMail(await smtp.waitForMail(email)) });
    const phone = makePhone();
    await gqlOk(app.url, START, { input: individualInput({ channel: 'WHATSAPP', phone, email: undefined }) });
    // Moved to a day nobody else started on, so the date filters can be read exactly.
    await stack.sql(`update registration_flow set created_at = '2020-02-03T04:00:00Z' where email = ?`, [email]);
    await stack.sql(`update registration_flow set created_at = '2020-02-03T06:00:00Z' where phone = ?`, [
      `+62${phone.slice(1)}`,
    ]);
    const list = async (f: Record<string, unknown>) =>
      (await gqlOk(app.url, LIST, { f }, helpdesk.token)).registrations.edges.map((e: any) => e.node);
    const day = { createdFrom: '2020-02-03T00:00:00Z', createdTo: '2020-02-04T00:00:00Z' };
    expect((await list(day)).map((n: any) => n.channel)).toEqual(['WHATSAPP', 'EMAIL']); // newest first
    expect(await list({ ...day, createdTo: '2020-02-03T05:00:00Z' })).toEqual([
      expect.objectContaining({ channel: 'EMAIL', step: 'SET_PASSWORD' }),
    ]);
    expect(await list({ ...day, channel: 'WHATSAPP' })).toEqual([
      expect.objectContaining({ channel: 'WHATSAPP', step: 'VERIFY_CODE' }),
    ]);
    expect(await list({ ...day, step: 'SET_PASSWORD' })).toEqual([expect.objectContaining({ channel: 'EMAIL' })]);
    expect(await list({ ...day, step: 'SET_PASSWORD', channel: 'WHATSAPP' })).toEqual([]);
    expect(await list({ ...day, q: email, step: 'SET_PASSWORD' })).toHaveLength(1);
    // Without a date: every row still keeps to the step and channel asked for.
    for (const n of await list({ step: 'VERIFY_CODE', channel: 'WHATSAPP' })) {
      expect(n).toMatchObject({ step: 'VERIFY_CODE', channel: 'WHATSAPP' });
    }
    const bad = await gql(
      app.url,
      LIST,
      { f: { step: 'SELESAI', ...day, createdTo: '2020-02-02T00:00:00Z' } },
      helpdesk.token,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { step: expect.any(String), createdTo: 'Waktu akhir harus sesudah waktu awal.' },
    });
  });
});

describe('every identifier finds its account: a company by its director’s NIK and by its NPWP', () => {
  const stack = useStack();

  const SEARCH = 'query($q: String) { accounts(filter: { q: $q }) { totalCount edges { node { id } } } }';
  const dottedNpwp = (n: string) =>
    `${n.slice(0, 2)}.${n.slice(2, 5)}.${n.slice(5, 8)}.${n.slice(8, 9)}-${n.slice(9, 12)}.${n.slice(12)}`;

  async function registerCompany(company: Record<string, unknown>, director: Record<string, unknown>, tag: string) {
    const { app, smtp } = stack;
    const email = makeEmail(tag);
    const { startRegistration: reg } = await gqlOk(app.url, START, {
      input: { scale: 'UMK', actorType: 'BUSINESS_ENTITY', entityType: 'PT', channel: 'EMAIL', email },
    });
    await gqlOk(app.url, VERIFY, { id: reg.id, code: codeFromMail(await smtp.waitForMail(email)) });
    await gqlOk(app.url, SET_PASSWORD, { id: reg.id, p: STRONG_PASSWORD, c: STRONG_PASSWORD });
    const { completeRegistration: account } = await gqlOk(app.url, COMPLETE, {
      id: reg.id,
      profile: { company, director },
      accept: true,
    });
    return account as { id: string };
  }

  async function expectFound(token: string, forms: string[], id: string) {
    for (const q of forms) {
      const r = await gqlOk(stack.app.url, SEARCH, { q }, token);
      expect({ q, ids: r.accounts.edges.map((e: any) => e.node.id) }).toEqual({ q, ids: [id] });
    }
  }

  it('finds the company in the staff search, the lost-account lookup and an email-change request', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const company = makeCompany('PT', { name: 'Sinar Direktur' });
    const director = makeDirector();
    const account = await registerCompany(company, director, 'pt');
    const npwp = String(company.npwp).replace(/\D/g, '');
    // Stored with 15 digits: found by them, dotted or not, and by the 16-digit form ("0" + the same 15).
    await expectFound(
      helpdesk.token,
      [director.nik, npwp, dottedNpwp(npwp), `0${npwp}`, `0${dottedNpwp(npwp)}`],
      account.id,
    );
    // The complaint form's lookup (filter.nik) finds it by the director's NIK too.
    const byNik = await gqlOk(
      app.url,
      'query($n: String) { accounts(filter: { nik: $n }) { edges { node { id } } } }',
      { n: director.nik },
      helpdesk.token,
    );
    expect(byNik.accounts.edges.map((e: any) => e.node.id)).toEqual([account.id]);
    const lookup = await gqlOk(
      app.url,
      'mutation($n: String!) { lookupLostAccount(nik: $n, hasNib: false) { found maskedUsername maskedEmail } }',
      { n: director.nik },
    );
    expect(lookup.lookupLostAccount).toMatchObject({ found: true, maskedEmail: expect.stringMatching(/\*{4}/) });
    const { requestEmailChange } = await gqlOk(
      app.url,
      'mutation($n: String!, $e: String!) { requestEmailChange(nik: $n, newEmail: $e, reason: "Email perusahaan mati") { id } }',
      { n: director.nik, e: makeEmail('baru.pt') },
    );
    const [req] = await stack.sql('select account_id from email_change_request where id = ?', [requestEmailChange.id]);
    expect(req.account_id).toBe(account.id);
    const approved = await gqlOk(
      app.url,
      'mutation($id: ID!) { approveEmailChange(id: $id, note: "Akta dicek") { status } }',
      { id: requestEmailChange.id },
      helpdesk.token,
    );
    expect(approved.approveEmailChange.status).toBe('APPROVED');
  });

  it('finds a company whose NPWP was given with 16 digits by its 15-digit form, dotted or not', async () => {
    const helpdesk = await staffSession(stack.app);
    const npwp = makeNpwp();
    const account = await registerCompany(
      makeCompany('PT', { name: 'Enam Belas Digit', npwp: `0${npwp}` }),
      makeDirector(),
      'pt16',
    );
    const [stored] = await stack.sql('select npwp from account where id = ?', [account.id]);
    expect(stored.npwp).toBe(`0${npwp}`);
    await expectFound(helpdesk.token, [npwp, dottedNpwp(npwp), `0${npwp}`, `0${dottedNpwp(npwp)}`], account.id);
  });
});

describe("the account's messages include those of the registration that created it", () => {
  const stack = useStack();

  it('shows the verification code message (sent before the account existed) on the account', async () => {
    const { app, smtp } = stack;
    const helpdesk = await staffSession(app);
    const email = makeEmail('pesan');
    const { startRegistration: reg } = await gqlOk(app.url, START, { input: individualInput({ email }) });
    await gqlOk(app.url, VERIFY, { id: reg.id, code: codeFromMail(await smtp.waitForMail(email)) });
    await gqlOk(app.url, SET_PASSWORD, { id: reg.id, p: STRONG_PASSWORD, c: STRONG_PASSWORD });
    const { completeRegistration: account } = await gqlOk(app.url, COMPLETE, {
      id: reg.id,
      profile: makeProfile(),
      accept: true,
    });
    await smtp.waitForMail(email, 2);
    const r = await gqlOk(
      app.url,
      'query($id: ID!) { account(id: $id) { messages { template status explanation } } }',
      { id: account.id },
      helpdesk.token,
    );
    expect(r.account.messages.map((m: any) => m.template).sort()).toEqual(['registration_code', 'welcome']);
    // A DEAD welcome mail can go out again (email has a transport); the delivered code needs nothing.
    await stack.sql(`update outbox_message set status = 'DEAD' where recipient = ? and template = 'welcome'`, [email]);
    const withActions = await gqlOk(
      app.url,
      'query($id: ID!) { account(id: $id) { messages { template actions registrationReference } } }',
      { id: account.id },
      helpdesk.token,
    );
    const byTemplate = Object.fromEntries(withActions.account.messages.map((m: any) => [m.template, m]));
    expect(byTemplate.welcome).toEqual({ template: 'welcome', actions: ['REDELIVER'], registrationReference: null });
    expect(byTemplate.registration_code.actions).toEqual([]);
    expect(byTemplate.registration_code.registrationReference).toMatch(/^[0-9a-f-]{36}$/);
    expect(byTemplate.registration_code.registrationReference).not.toBe(reg.id);
  });

  it('holds a WhatsApp code on an install without WhatsApp: only another destination is offered, a re-drive refused', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const phone = makePhone();
    await gqlOk(app.url, START, { input: individualInput({ channel: 'WHATSAPP', phone, email: undefined }) });
    const FLOW = `query($q: String) { registrations(filter: { q: $q }) { edges { node { reference
      messages { id status actions } } } } }`;
    const held = await waitFor(async () => {
      const node = (await gqlOk(app.url, FLOW, { q: phone }, helpdesk.token)).registrations.edges[0]?.node;
      return node?.messages[0]?.status === 'HELD' ? node : undefined;
    }, 'code HELD');
    expect(held.messages[0].actions).toEqual(['CHANGE_REGISTRATION_DESTINATION']);
    const redrive = await gql(
      app.url,
      'mutation($id: ID!) { redeliverMessage(id: $id) { id } }',
      { id: held.messages[0].id },
      helpdesk.token,
    );
    expect(redrive.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(redrive.errors?.[0]?.message).toBe(
      'Belum ada jalur pengiriman untuk kanal ini; pesan tetap tertahan sampai ada.',
    );
  });
});
