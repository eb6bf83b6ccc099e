import { makeEmail, makeNik, makePhone } from '../support/factories';
import { individualInput, REGISTRATION_FIELDS, START, staffSession, VERIFY } from '../support/flows';
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
    // Too few digits would match half the country: refused with a clear message.
    const short = await gql(app.url, FIND, { q: '81234' }, helpdesk.token);
    expect(short.errors?.[0]?.extensions).toEqual({
      code: 'VALIDATION_FAILED',
      fields: { q: 'Ketik minimal 6 angka nomor telepon.' },
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
      `select actor_type, target_id, details from audit_event where action = 'REGISTRATION_CODE_RESENT'`,
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
