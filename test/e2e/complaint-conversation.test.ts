import { TestClock } from '../support/app';
import { makeEmail, makePhone, toE164 } from '../support/factories';
import { seedAccount, staffSession } from '../support/flows';
import { errorCode, gql, gqlOk, waitFor } from '../support/graphql';
import { useStack } from '../support/stack';
import { signWebhook as sign, TEST_APP_SECRET as SECRET, webhookBody } from '../support/whatsapp-webhook';

const HOUR = 3600_000;

/** A Cloud API webhook with one inbound message from `from` (E.164) sent at `at`. */
function inbound(from: string, id: string, at: Date, message: Record<string, unknown>, name = 'Siti Aminah') {
  const waId = from.replace(/^\+/, '');
  return webhookBody({
    contacts: [{ wa_id: waId, profile: { name } }],
    messages: [{ from: waId, id, timestamp: String(Math.floor(at.getTime() / 1000)), ...message }],
  });
}
const text = (body: string) => ({ type: 'text', text: { body } });

const COMPLAINT = `query($id: ID!) { complaint(id: $id) {
  id number status channel category reporterName reporterContact account { id } replyWindowClosesAt
  messages { id direction channel body mediaType at actorName } history { kind note } } }`;
const REPLY = `mutation($id: ID!, $body: String!) { replyToComplaint(id: $id, body: $body) {
  id messages { direction body } } }`;

describe('complaints as WhatsApp conversations', () => {
  const clock = new TestClock();
  const stack = useStack({ whatsapp: true, clock, env: { WHATSAPP_APP_SECRET: SECRET } });
  const post = (body: string, signature?: string) =>
    fetch(`${stack.app.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
      body,
    });
  const messagesFrom = (from: string) =>
    stack.sql(
      `select m.complaint_id, m.provider_message_id, m.body, m.media_type, m.media_id from complaint_message m
         join complaint c on c.id = m.complaint_id where c.reporter_contact = ? and m.direction = 'IN' order by m.at`,
      [from],
    );
  /** Waits until the inbound job has stored `n` messages from this number. */
  const received = (from: string, n: number) =>
    waitFor(async () => {
      const rows = await messagesFrom(from);
      return rows.length >= n ? rows : undefined;
    }, `${n} inbound message(s) from ${from}`);

  it('opens a complaint linked to the account, threads the next message into it, and takes each message id once', async () => {
    clock.set(new Date());
    const phone = toE164(makePhone());
    const account = await seedAccount(stack.app, { phone, phoneVerifiedAt: new Date() });
    const t0 = clock.now();
    const first = inbound(phone, 'wamid.in-1', t0, text('Kode OTP tidak masuk ke WhatsApp saya'));
    expect((await post(first, sign(first))).status).toBe(200);
    const [row] = await received(phone, 1);

    const helpdesk = await staffSession(stack.app);
    const read = async () =>
      (await gqlOk(stack.app.url, COMPLAINT, { id: row.complaint_id }, helpdesk.token)).complaint;
    const c = await read();
    expect(c).toMatchObject({
      status: 'OPEN',
      channel: 'WHATSAPP',
      category: 'OTHER',
      reporterName: 'Siti Aminah',
      account: { id: account.id },
      messages: [
        { direction: 'IN', channel: 'WHATSAPP', body: 'Kode OTP tidak masuk ke WhatsApp saya', mediaType: null },
      ],
    });
    // The number is personal data: masked on the complaint, and nowhere in the thread.
    expect(c.reporterContact).not.toBe(phone);
    expect(JSON.stringify(c.messages)).not.toContain(phone.slice(3));
    expect(Date.parse(c.replyWindowClosesAt)).toBe(Math.floor(t0.getTime() / 1000) * 1000 + 24 * HOUR);

    // A second message (an image with its caption) threads into the same complaint: only its media id and type kept.
    const second = inbound(phone, 'wamid.in-2', clock.now(), {
      type: 'image',
      image: { id: 'media-123', mime_type: 'image/jpeg', caption: 'Tangkapan layar' },
    });
    await post(second, sign(second));
    const rows = await received(phone, 2);
    expect(rows.map((r) => r.complaint_id)).toEqual([row.complaint_id, row.complaint_id]);
    expect(rows[1]).toMatchObject({ media_type: 'image', media_id: 'media-123', body: 'Tangkapan layar' });

    // Meta retries: the same message id again (here in a batch with a new one) changes nothing for it.
    await post(first, sign(first));
    await post(second, sign(second));
    const third = inbound(phone, 'wamid.in-3', clock.now(), text('Halo, ada kabar?'));
    await post(third, sign(third));
    await received(phone, 3);
    await new Promise((r) => setTimeout(r, 1000));
    const after = await messagesFrom(phone);
    expect(after.map((r) => r.provider_message_id)).toEqual(['wamid.in-1', 'wamid.in-2', 'wamid.in-3']);
    expect(await stack.sql(`select count(*)::int as n from complaint where reporter_contact = ?`, [phone])).toEqual([
      { n: 1 },
    ]);
    // Each message that arrived is audited once (retries are not), naming the complaint, never the number.
    const audited = await stack.sql(
      `select details::text as d from audit_event where action = 'COMPLAINT_MESSAGE_RECEIVED' and target_id = ?`,
      [row.complaint_id],
    );
    expect(audited).toHaveLength(3);
    for (const a of audited) {
      expect(JSON.parse(a.d)).toMatchObject({ channel: 'WHATSAPP', complaint: c.number });
      expect(a.d).not.toContain(phone.slice(3));
    }
  });

  it('opens a complaint for a number that is no applicant (no enumeration), linked to nothing', async () => {
    clock.set(new Date());
    const phone = toE164(makePhone());
    const body = inbound(phone, 'wamid.stranger-1', clock.now(), text('Saya mau tanya cara daftar'), '');
    const res = await post(body, sign(body));
    expect(res.status).toBe(200);
    const [row] = await received(phone, 1);
    const [c] = await stack.sql(`select channel, category, account_id, reporter_name from complaint where id = ?`, [
      row.complaint_id,
    ]);
    expect(c).toEqual({ channel: 'WHATSAPP', category: 'OTHER', account_id: null, reporter_name: 'Pelapor WhatsApp' });
  });

  it('refuses an unsigned or wrongly signed message with 401 and stores nothing', async () => {
    const phone = toE164(makePhone());
    const body = inbound(phone, 'wamid.unsigned-1', new Date(), text('Pesan tanpa tanda tangan'));
    expect((await post(body)).status).toBe(401);
    expect((await post(body, sign(body, 'rahasia-lain-sama-panjang'))).status).toBe(401);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await stack.sql(`select 1 from complaint where reporter_contact = ?`, [phone])).toEqual([]);
  });

  it('replies as WhatsApp text inside the 24-hour window and refuses after it, with windowClosedAt', async () => {
    const t0 = new Date(Math.floor(Date.now() / 1000) * 1000);
    clock.set(t0);
    const phone = toE164(makePhone());
    const body = inbound(phone, 'wamid.window-1', t0, text('Akun saya terkunci'));
    await post(body, sign(body));
    const [row] = await received(phone, 1);
    const closesAt = t0.getTime() + 24 * HOUR;

    // 24 h minus 1 s after the reporter's message: allowed, and it reaches WhatsApp as free text.
    clock.set(new Date(closesAt - 1000));
    const helpdesk = await staffSession(stack.app);
    const ok = await gqlOk(
      stack.app.url,
      REPLY,
      { id: row.complaint_id, body: 'Akun Anda sudah kami buka kembali.' },
      helpdesk.token,
    );
    expect(ok.replyToComplaint.messages.map((m: { direction: string }) => m.direction)).toEqual(['IN', 'OUT']);
    const sent = await stack.wa.waitForMessage(phone);
    expect(sent.body.type).toBe('text');
    expect(sent.body.text?.body).toMatch(/^Akun Anda sudah kami buka kembali\.\n\n.*ADU-\d{4}-\d{6}$/);

    // 24 h plus 1 s: refused, with when the window closed; nothing more goes out.
    clock.set(new Date(closesAt + 1000));
    const late = await gql(stack.app.url, REPLY, { id: row.complaint_id, body: 'Balasan terlambat' }, helpdesk.token);
    expect(errorCode(late)).toBe('CONFLICT');
    expect(late.errors?.[0].extensions?.windowClosedAt).toBe(new Date(closesAt).toISOString());
    const c = (await gqlOk(stack.app.url, COMPLAINT, { id: row.complaint_id }, helpdesk.token)).complaint;
    expect(c.messages.map((m: { direction: string }) => m.direction)).toEqual(['IN', 'OUT']);
    expect(c.messages[1].actorName).toBeTruthy();
    expect(c.history.map((h: { kind: string }) => h.kind)).toEqual(['CREATED', 'REPLIED']);
    const [audit] = await stack.sql(
      `select count(*)::int as n from audit_event where action = 'COMPLAINT_REPLIED' and target_id = ?`,
      [row.complaint_id],
    );
    expect(audit.n).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.wa.requests.filter((r) => r.body.to === phone.slice(1))).toHaveLength(1);
  });

  const createComplaint = async (token: string, i: Record<string, unknown>) =>
    (
      await gqlOk(
        stack.app.url,
        `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id number } }`,
        { i: { category: 'LOST_ACCOUNT', description: 'Saya lupa nama pengguna', reporterName: 'Dewi', ...i } },
        token,
      )
    ).createComplaint as { id: string; number: string };

  it("answers an EMAIL complaint by email at the linked account's verified address, threaded in the conversation", async () => {
    clock.set(new Date());
    const helpdesk = await staffSession(stack.app);
    const account = await seedAccount(stack.app, { email: makeEmail('pelapor') });
    const email = account.email!;
    const c = await createComplaint(helpdesk.token, {
      channel: 'EMAIL',
      reporterContact: email,
      accountId: account.id,
    });
    await gqlOk(stack.app.url, REPLY, { id: c.id, body: 'Nama pengguna Anda sudah kami kirim.' }, helpdesk.token);
    const mail = await stack.smtp.waitForMail(email, 2); // after the welcome message
    expect(mail.text).toContain(`Subject: [${c.number}] Balasan pengaduan`);
    expect(mail.text).toContain('Nama pengguna Anda sudah kami kirim.');
    const read = (await gqlOk(stack.app.url, COMPLAINT, { id: c.id }, helpdesk.token)).complaint;
    expect(read.messages).toEqual([expect.objectContaining({ direction: 'OUT', channel: 'EMAIL' })]);
    expect(read.replyWindowClosesAt).toBeNull();
  });

  it('does not mail an address an officer typed in: not verified on the linked account, or no account at all', async () => {
    clock.set(new Date());
    const helpdesk = await staffSession(stack.app);
    const unverified = await seedAccount(stack.app, {
      email: makeEmail('belum'),
      emailVerifiedAt: null,
      phone: toE164(makePhone()),
      phoneVerifiedAt: new Date(),
    });
    const typed = makeEmail('sembarang');
    const cases = [
      { reporterContact: unverified.email, accountId: unverified.id },
      { reporterContact: typed, accountId: (await seedAccount(stack.app)).id }, // linked, but not its address
      { reporterContact: typed },
    ];
    for (const input of cases) {
      const c = await createComplaint(helpdesk.token, { channel: 'EMAIL', ...input });
      const r = await gql(stack.app.url, REPLY, { id: c.id, body: 'Klik tautan ini' }, helpdesk.token);
      expect(errorCode(r)).toBe('CONFLICT');
      expect(r.errors?.[0].extensions?.reason).toBe('UNVERIFIED_CONTACT');
      expect(
        await stack.sql(`select 1 from outbox_message where recipient = ? and template = 'complaint_reply'`, [
          input.reporterContact,
        ]),
      ).toEqual([]);
    }
  });

  it("never threads a number's messages into a complaint where an officer only typed that number", async () => {
    clock.set(new Date());
    const helpdesk = await staffSession(stack.app);
    const phone = toE164(makePhone());
    const typedIn = await createComplaint(helpdesk.token, { channel: 'WHATSAPP', reporterContact: phone });
    const body = inbound(phone, 'wamid.typed-1', clock.now(), text('Halo, saya mau bertanya'));
    await post(body, sign(body));
    const [row] = await received(phone, 1);
    expect(row.complaint_id).not.toBe(typedIn.id);
    // The complaint the number opened itself is where its next message goes.
    const next = inbound(phone, 'wamid.typed-2', clock.now(), text('Ada kabar?'));
    await post(next, sign(next));
    const rows = await received(phone, 2);
    expect(rows.map((r) => r.complaint_id)).toEqual([row.complaint_id, row.complaint_id]);
  });

  it('has no reply path for a complaint from a call, and an unknown canned response is NOT_FOUND', async () => {
    clock.set(new Date());
    const helpdesk = await staffSession(stack.app);
    const { createComplaint: c } = await gqlOk(
      stack.app.url,
      `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id } }`,
      {
        i: {
          channel: 'PHONE',
          category: 'OTHER',
          description: 'Ditelepon pelapor',
          reporterName: 'Eko',
          reporterContact: makeEmail('eko'),
        },
      },
      helpdesk.token,
    );
    const r = await gql(stack.app.url, REPLY, { id: c.id, body: 'Halo Pak Eko' }, helpdesk.token);
    expect(errorCode(r)).toBe('CONFLICT');
    expect(r.errors?.[0].extensions?.channel).toBe('PHONE');
    const canned = await gql(
      stack.app.url,
      `mutation($id: ID!) { replyToComplaint(id: $id, body: "Halo", templateId: "tpl-1") { id } }`,
      { id: c.id },
      helpdesk.token,
    );
    expect(errorCode(canned)).toBe('NOT_FOUND');
  });

  it('answers with a canned response: supervisors keep it, {nama} and {nomor} filled in, retired ones refused', async () => {
    clock.set(new Date());
    const supervisor = await staffSession(stack.app, 'SUPERVISOR');
    const helpdesk = await staffSession(stack.app);
    const CREATE_TEMPLATE = `mutation($t: String!, $b: String!) { createResponseTemplate(title: $t, body: $b) { id } }`;
    const bad = await gql(stack.app.url, CREATE_TEMPLATE, { t: 'Salah', b: 'Halo {name}' }, supervisor.token);
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { body: expect.stringMatching(/\{name\}/) },
    });
    const { createResponseTemplate: tpl } = await gqlOk(
      stack.app.url,
      CREATE_TEMPLATE,
      { t: 'Kode dikirim ulang', b: 'Yth. {nama}, kode baru untuk pengaduan {nomor} sudah kami kirim.' },
      supervisor.token,
    );
    const listed = await gqlOk(stack.app.url, '{ responseTemplates { id title body } }', {}, helpdesk.token);
    expect(listed.responseTemplates).toContainEqual(
      expect.objectContaining({ id: tpl.id, title: 'Kode dikirim ulang' }),
    );

    const phone = toE164(makePhone());
    const body = inbound(phone, 'wamid.canned-1', clock.now(), text('Kode tidak masuk'), 'Rina Wati');
    await post(body, sign(body));
    const [row] = await received(phone, 1);
    const REPLY_T = `mutation($id: ID!, $body: String!, $t: ID) { replyToComplaint(id: $id, body: $body, templateId: $t) {
      number messages { direction body } history { kind note } } }`;
    const { replyToComplaint: c } = await gqlOk(
      stack.app.url,
      REPLY_T,
      { id: row.complaint_id, body: 'Yth. {nama}, kode baru untuk pengaduan {nomor} sudah kami kirim.', t: tpl.id },
      helpdesk.token,
    );
    const filled = `Yth. Rina Wati, kode baru untuk pengaduan ${c.number} sudah kami kirim.`;
    expect(c.messages[1]).toEqual({ direction: 'OUT', body: filled });
    expect(c.history.at(-1)).toEqual({ kind: 'REPLIED', note: 'Balasan siap pakai: Kode dikirim ulang' });
    expect((await stack.wa.waitForMessage(phone)).body.text?.body).toContain(filled);

    // Retired: no longer offered, and a reply naming it is NOT_FOUND.
    await gqlOk(
      stack.app.url,
      `mutation($id: ID!) { updateResponseTemplate(id: $id, title: "Kode dikirim ulang", body: "Halo {nama}", active: false) { id } }`,
      { id: tpl.id },
      supervisor.token,
    );
    const after = await gqlOk(stack.app.url, '{ responseTemplates { id } }', {}, helpdesk.token);
    expect(after.responseTemplates.map((t: { id: string }) => t.id)).not.toContain(tpl.id);
    const retired = await gql(
      stack.app.url,
      REPLY_T,
      { id: row.complaint_id, body: 'Halo', t: tpl.id },
      helpdesk.token,
    );
    expect(errorCode(retired)).toBe('NOT_FOUND');
  });

  it('keeps internal notes out of the conversation and refuses a WhatsApp reply where the reporter never wrote', async () => {
    clock.set(new Date());
    const helpdesk = await staffSession(stack.app);
    const phone = toE164(makePhone());
    const { createComplaint: c } = await gqlOk(
      stack.app.url,
      `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id } }`,
      {
        i: {
          channel: 'WHATSAPP',
          category: 'OTHER',
          description: 'Dicatat dari telepon',
          reporterName: 'Budi',
          reporterContact: phone,
        },
      },
      helpdesk.token,
    );
    await gqlOk(
      stack.app.url,
      `mutation($id: ID!) { addComplaintNote(id: $id, note: "Catatan internal petugas") { id } }`,
      { id: c.id },
      helpdesk.token,
    );
    const r = await gql(stack.app.url, REPLY, { id: c.id, body: 'Halo Pak Budi' }, helpdesk.token);
    expect(errorCode(r)).toBe('CONFLICT');
    expect(r.errors?.[0].extensions?.windowClosedAt).toBeNull();
    const read = (await gqlOk(stack.app.url, COMPLAINT, { id: c.id }, helpdesk.token)).complaint;
    expect(read.messages).toEqual([]);
    expect(read.replyWindowClosesAt).toBeNull();
  });
});
