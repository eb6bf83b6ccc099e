import { TestClock } from '../support/app';
import { makePhone, toE164 } from '../support/factories';
import { staffSession } from '../support/flows';
import { errorCode, gql, gqlOk, waitFor } from '../support/graphql';
import { useStack } from '../support/stack';
import { signWebhook as sign, TEST_APP_SECRET as SECRET, webhookBody } from '../support/whatsapp-webhook';

const HOUR = 3600_000;
const MAX = 10 * 1024 * 1024;

function inbound(from: string, id: string, at: Date, message: Record<string, unknown>) {
  const waId = from.replace(/^\+/, '');
  return webhookBody({
    contacts: [{ wa_id: waId, profile: { name: 'Rudi Hartono' } }],
    messages: [{ from: waId, id, timestamp: String(Math.floor(at.getTime() / 1000)), ...message }],
  });
}

const THREAD = `query($id: ID!) { complaint(id: $id) {
  id status history { kind note } messages { id direction body mediaType mediaUrl } replyWindowClosesAt } }`;

/** WhatsApp attachments opened from the Cloud API on demand, and the template once the 24-hour window closed. */
describe('complaints: WhatsApp attachments, the follow-up template, automatic assignment', () => {
  const clock = new TestClock();
  // New inbound complaints are assigned round-robin at once (COMPLAINT_AUTO_ASSIGN=on).
  const stack = useStack({
    whatsapp: true,
    clock,
    env: { WHATSAPP_APP_SECRET: SECRET, COMPLAINT_AUTO_ASSIGN: 'on' },
  });
  const post = (body: string) =>
    fetch(`${stack.app.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
      body,
    });
  /** A number writes `message`; resolves with its complaint's id once the webhook job stored it. */
  const write = async (from: string, wamid: string, message: Record<string, unknown>) => {
    clock.advance(1000); // WhatsApp's timestamps are whole seconds: one a second keeps the thread's order
    expect((await post(inbound(from, wamid, clock.now(), message))).status).toBe(200);
    return waitFor(async () => {
      const [row] = await stack.sql(`select complaint_id from complaint_message where provider_message_id = ?`, [
        wamid,
      ]);
      return row?.complaint_id as string | undefined;
    }, `message ${wamid}`);
  };
  const open = (path: string, token?: string) =>
    fetch(`${stack.app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('assigns a complaint a message opens round-robin (COMPLAINT_AUTO_ASSIGN=on); later messages change nothing', async () => {
    clock.set(new Date());
    // Whoever of the national HELPDESK officers has the fewest open complaints: a new officer has none, and of
    // those with none the never-assigned one comes first by username.
    const fresh = await staffSession(stack.app);
    await stack.sql(`update staff_user set active = false where role = 'HELPDESK' and id <> ?`, [fresh.id]);
    try {
      const phone = toE164(makePhone());
      const id = await write(phone, 'wamid.auto-1', { type: 'text', text: { body: 'Kode tidak masuk' } });
      const c = (await gqlOk(stack.app.url, THREAD, { id }, fresh.token)).complaint;
      expect(c.status).toBe('IN_PROGRESS');
      expect(c.history.map((h: { kind: string }) => h.kind)).toEqual(['CREATED', 'ASSIGNED']);
      expect(c.history[1].note).toBe(fresh.id);
      const [audit] = await stack.sql(
        `select actor_type, details from audit_event where action = 'COMPLAINT_ASSIGNED' and target_id = ?`,
        [id],
      );
      expect(audit).toMatchObject({
        details: { rule: 'ROUND_ROBIN', note: fresh.id, from: 'OPEN', to: 'IN_PROGRESS' },
      });
      // The next message threads in; the assignment stays as it was.
      await write(phone, 'wamid.auto-2', { type: 'text', text: { body: 'Ada kabar?' } });
      const again = (await gqlOk(stack.app.url, THREAD, { id }, fresh.token)).complaint;
      expect(again.history.map((h: { kind: string }) => h.kind)).toEqual(['CREATED', 'ASSIGNED']);

      // No one on duty: the complaint opens unassigned, in the queue.
      await stack.sql(`update staff_user set active = false where id = ?`, [fresh.id]);
      const lonely = await write(toE164(makePhone()), 'wamid.auto-3', { type: 'text', text: { body: 'Halo' } });
      const [row] = await stack.sql(`select status, assignee_id from complaint where id = ?`, [lonely]);
      expect(row).toEqual({ status: 'OPEN', assignee_id: null });
    } finally {
      await stack.sql(`update staff_user set active = true where role = 'HELPDESK'`);
    }
  });

  it('lists an image with its path, streams it from the Cloud API only when opened, and audits the opening', async () => {
    clock.set(new Date());
    const phone = toE164(makePhone());
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7)]);
    stack.wa.media.set('media-img-1', { mime: 'image/jpeg', data: jpeg });
    stack.wa.media.set('media-doc-1', { mime: 'text/html', data: Buffer.from('<script>alert(1)</script>') });
    const id = await write(phone, 'wamid.media-1', {
      type: 'image',
      image: { id: 'media-img-1', mime_type: 'image/jpeg', caption: 'Layar galat' },
    });
    await write(phone, 'wamid.media-2', {
      type: 'document',
      document: { id: 'media-doc-1', mime_type: 'text/html', filename: 'x.html' },
    });
    await write(phone, 'wamid.media-3', { type: 'text', text: { body: 'Itu lampirannya' } });
    // Receiving stored ids only: nothing was fetched from the Cloud API.
    expect(stack.wa.mediaRequests).toEqual([]);

    const helpdesk = await staffSession(stack.app);
    const c = (await gqlOk(stack.app.url, THREAD, { id }, helpdesk.token)).complaint;
    const [image, doc, text] = c.messages;
    expect(image).toMatchObject({ mediaType: 'image', body: 'Layar galat', mediaUrl: `/complaint-media/${image.id}` });
    expect(doc).toMatchObject({ mediaType: 'document', mediaUrl: `/complaint-media/${doc.id}` });
    expect(text.mediaUrl).toBeNull();

    const res = await open(image.mediaUrl, helpdesk.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="lampiran-ADU-\d{4}-\d{6}\.jpg"$/);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(jpeg);
    // Graph API first (the media id), then the URL it returned, both with the configured token.
    expect(stack.wa.mediaRequests.map((r) => [r.path, r.authorization])).toEqual([
      ['/v21.0/media-img-1', 'Bearer test-token'],
      ['/files/media-img-1', 'Bearer test-token'],
    ]);

    // A document of any type is a download of opaque bytes that never runs as a page of the console's origin.
    const html = await open(doc.mediaUrl, helpdesk.token);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('application/octet-stream');
    expect(html.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(html.headers.get('content-security-policy')).toContain('sandbox');
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');

    const rows = await stack.sql(
      `select actor_id, details from audit_event where action = 'COMPLAINT_MEDIA_OPENED' and target_id = ? order by at`,
      [id],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ actor_id: helpdesk.id, details: { mediaType: 'image', size: jpeg.length } });
  });

  it('refuses a file over 10 MB with 413 and a clear reason, by the size WhatsApp reports and while streaming', async () => {
    clock.set(new Date());
    const phone = toE164(makePhone());
    stack.wa.media.set('media-big', { mime: 'application/pdf', data: Buffer.alloc(16), claimedSize: MAX + 1 });
    // A file whose metadata claims it is small, but is not: cut off at the cap.
    stack.wa.media.set('media-liar', { mime: 'image/png', data: Buffer.alloc(MAX + 4096, 1), claimedSize: 1000 });
    stack.wa.media.set('media-fits', { mime: 'application/pdf', data: Buffer.alloc(MAX, 2) });
    const id = await write(phone, 'wamid.big-1', {
      type: 'document',
      document: { id: 'media-big', mime_type: 'application/pdf' },
    });
    await write(phone, 'wamid.big-2', { type: 'image', image: { id: 'media-liar', mime_type: 'image/png' } });
    await write(phone, 'wamid.big-3', {
      type: 'document',
      document: { id: 'media-fits', mime_type: 'application/pdf' },
    });
    const helpdesk = await staffSession(stack.app);
    const [big, liar, fits] = (await gqlOk(stack.app.url, THREAD, { id }, helpdesk.token)).complaint.messages;

    const refused = await open(big.mediaUrl, helpdesk.token);
    expect(refused.status).toBe(413);
    const body = (await refused.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: 'CONFLICT', reason: 'MEDIA_TOO_LARGE', size: MAX + 1, maxBytes: MAX });
    expect(body.message).toMatch(/melebihi batas 10,0 MB/);
    // The file itself was never asked for.
    expect(stack.wa.mediaRequests.some((r) => r.path === '/files/media-big')).toBe(false);
    const [audit] = await stack.sql(
      `select details from audit_event where action = 'COMPLAINT_MEDIA_OPENED' and target_id = ?`,
      [id],
    );
    expect(audit.details).toMatchObject({ refused: 'MEDIA_TOO_LARGE', size: MAX + 1 });

    // Exactly at the cap: delivered whole.
    const whole = await open(fits.mediaUrl, helpdesk.token);
    expect(whole.status).toBe(200);
    expect((await whole.arrayBuffer()).byteLength).toBe(MAX);

    // One byte over, with lying metadata: the stream ends short of the file (the console gets an error).
    // (Refused by the download's length, or cut off mid-stream: either way never more than the cap arrives.)
    const got = await open(liar.mediaUrl, helpdesk.token)
      .then((r) => r.arrayBuffer())
      .then(
        (b) => b.byteLength,
        () => -1,
      );
    expect(got).toBeLessThanOrEqual(MAX);
  });

  it('is for signed-in helpdesk staff of the unit only; unknown or expired media is a clear refusal', async () => {
    clock.set(new Date());
    const phone = toE164(makePhone());
    stack.wa.media.set('media-private', { mime: 'image/png', data: Buffer.alloc(64, 3) });
    const id = await write(phone, 'wamid.auth-1', {
      type: 'image',
      image: { id: 'media-private', mime_type: 'image/png' },
    });
    await write(phone, 'wamid.auth-2', { type: 'image', image: { id: 'media-expired', mime_type: 'image/png' } });
    const helpdesk = await staffSession(stack.app);
    const [img, expired] = (await gqlOk(stack.app.url, THREAD, { id }, helpdesk.token)).complaint.messages;
    expect((await open(img.mediaUrl)).status).toBe(401);
    expect((await open(img.mediaUrl, 'not-a-token')).status).toBe(401);

    const admin = await staffSession(stack.app, 'ADMIN');
    const { createServiceUnit: unit } = await gqlOk(
      stack.app.url,
      `mutation { createServiceUnit(name: "DPMPTSP Kota Bandung", regionCode: "3273") { id } }`,
      {},
      admin.token,
    );
    const regional = await staffSession(stack.app);
    await gqlOk(
      stack.app.url,
      `mutation($s: ID!, $u: ID!) { setStaffUnit(staffId: $s, unitId: $u) { id } }`,
      { s: regional.id, u: unit.id },
      admin.token,
    );
    // Another unit's complaint (this one is the national helpdesk's): its attachment does not exist for them.
    expect((await open(img.mediaUrl, regional.token)).status).toBe(404);
    expect((await open('/complaint-media/not-a-uuid', helpdesk.token)).status).toBe(404);
    expect((await open(`/complaint-media/${crypto.randomUUID()}`, helpdesk.token)).status).toBe(404);

    const gone = await open(expired.mediaUrl, helpdesk.token);
    expect(gone.status).toBe(409);
    expect(await gone.json()).toMatchObject({ error: 'CONFLICT', reason: 'MEDIA_UNAVAILABLE' });
    expect((await open(img.mediaUrl, helpdesk.token)).status).toBe(200);
  });

  it('offers the follow-up template once the window has closed, and sends it as a WhatsApp template', async () => {
    const t0 = new Date(Math.floor(Date.now() / 1000) * 1000);
    clock.set(t0);
    const phone = toE164(makePhone());
    const id = await write(phone, 'wamid.tpl-1', { type: 'text', text: { body: 'Akun saya terkunci' } });
    const helpdesk = await staffSession(stack.app);
    const wrote = t0.getTime() + 1000; // write() moves the clock on a second
    clock.set(new Date(wrote + 24 * HOUR + 1000));
    const late = await gql(
      stack.app.url,
      `mutation($id: ID!) { replyToComplaint(id: $id, body: "Sudah kami buka") { id } }`,
      { id },
      helpdesk.token,
    );
    expect(errorCode(late)).toBe('CONFLICT');
    expect(late.errors?.[0].extensions).toMatchObject({
      windowClosedAt: new Date(wrote + 24 * HOUR).toISOString(),
      template: 'complaint_follow_up',
    });

    const SEND = `mutation($id: ID!) { sendComplaintTemplate(id: $id) { id messages { direction body } history { kind note } } }`;
    const sent = (await gqlOk(stack.app.url, SEND, { id }, helpdesk.token)).sendComplaintTemplate;
    expect(sent.messages.map((m: { direction: string }) => m.direction)).toEqual(['IN', 'OUT']);
    expect(sent.messages[1].body).toMatch(/menindaklanjuti pengaduan Anda nomor ADU-\d{4}-\d{6}/);
    expect(sent.history.at(-1).kind).toBe('REPLIED');
    const wa = await stack.wa.waitForMessage(phone);
    expect(wa.body.type).toBe('template');
    expect(wa.body.template.name).toBe('oss_tindak_lanjut_pengaduan');
    expect(wa.body.template.components[0].parameters.map((p) => p.text)).toEqual([
      expect.stringMatching(/^ADU-\d{4}-\d{6}$/),
    ]);
    const [audit] = await stack.sql(
      `select details from audit_event where action = 'COMPLAINT_REPLIED' and target_id = ? order by at desc`,
      [id],
    );
    expect(audit.details).toMatchObject({ template: 'complaint_follow_up' });

    // Not to a number an officer only typed in, and not on a complaint from a call.
    const typed = await gqlOk(
      stack.app.url,
      `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id } }`,
      {
        i: {
          channel: 'WHATSAPP',
          category: 'OTHER',
          description: 'Dicatat petugas',
          reporterName: 'Budi',
          reporterContact: toE164(makePhone()),
        },
      },
      helpdesk.token,
    );
    const r = await gql(stack.app.url, SEND, { id: typed.createComplaint.id }, helpdesk.token);
    expect([errorCode(r), r.errors?.[0].extensions?.reason]).toEqual(['CONFLICT', 'UNVERIFIED_CONTACT']);
    const noOffer = await gql(
      stack.app.url,
      `mutation($id: ID!) { replyToComplaint(id: $id, body: "Halo") { id } }`,
      { id: typed.createComplaint.id },
      helpdesk.token,
    );
    expect(noOffer.errors?.[0].extensions?.template).toBeNull();
  });
});
