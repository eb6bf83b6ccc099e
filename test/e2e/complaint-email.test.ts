import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { makeEmail } from '../support/factories';
import { seedAccount, staffSession } from '../support/flows';
import { gql, gqlOk, waitFor } from '../support/graphql';
import { useStack } from '../support/stack';

const MAILBOX = 'pengaduan@oss.test';
const MX = 'mx.oss.test';
/** What our MX adds to a mail whose From domain passed DMARC: the proof the ingress trusts. */
const vouched = (address: string) => ({
  'Authentication-Results': `${MX}; dmarc=pass header.from=${address.slice(address.indexOf('@') + 1)}`,
});
const COMPLAINT = `query($id: ID!) { complaint(id: $id) { id number channel category reporterName account { id }
  messages { direction channel body } } }`;
const REPLY = `mutation($id: ID!, $body: String!) { replyToComplaint(id: $id, body: $body) { id } }`;

/** The helpdesk mailbox: mail sent with a real SMTP client (nodemailer) to the server's ingress. */
describe('complaints by email: the helpdesk mailbox', () => {
  const stack = useStack({
    env: { INBOUND_SMTP_PORT: '0', HELPDESK_EMAIL: MAILBOX, INBOUND_MAIL_MAX_MB: '1', INBOUND_MAIL_AUTHSERV_ID: MX },
  });
  const client = () =>
    nodemailer.createTransport({ host: '127.0.0.1', port: stack.app.mailPort!, secure: false, ignoreTLS: true });
  const send = (mail: SMTPTransport.Options) => client().sendMail({ to: MAILBOX, ...mail });
  const complaintsFrom = (address: string) =>
    stack.sql(`select id, number from complaint where reporter_contact = ? order by created_at`, [address]);
  const inbound = (complaintId: string) =>
    stack.sql(
      `select body, provider_message_id from complaint_message where complaint_id = ? and direction = 'IN'
      order by at, id`,
      [complaintId],
    );

  it('opens a complaint linked to the account, answers it in the thread, and threads the answer back', async () => {
    const account = await seedAccount(stack.app, { email: makeEmail('pelapor') });
    const email = account.email!;
    await send({
      from: `"Dewi Lestari" <${email.toUpperCase()}>`,
      subject: 'Kode verifikasi tidak masuk',
      text: 'Sudah tiga kali minta kode, tidak ada yang masuk.',
      messageId: '<m1@mail.example.id>',
      headers: vouched(email),
    });
    const [c] = await complaintsFrom(email);
    const helpdesk = await staffSession(stack.app);
    const read = async () => (await gqlOk(stack.app.url, COMPLAINT, { id: c.id }, helpdesk.token)).complaint;
    expect(await read()).toMatchObject({
      channel: 'EMAIL',
      category: 'OTHER',
      reporterName: 'Dewi Lestari',
      account: { id: account.id },
      messages: [{ direction: 'IN', channel: 'EMAIL', body: 'Sudah tiga kali minta kode, tidak ada yang masuk.' }],
    });

    // The officer's reply reaches the reporter in their thread, the number in its subject.
    await gqlOk(stack.app.url, REPLY, { id: c.id, body: 'Kode baru sudah kami kirim.' }, helpdesk.token);
    const reply = await stack.smtp.waitForMailMatching(email, /Kode baru sudah kami kirim/);
    expect(reply.raw).toMatch(/^In-Reply-To: <m1@mail\.example\.id>/m);
    expect(reply.raw).toContain(`Subject: [${c.number}] Balasan pengaduan`);
    const ourId = /^Message-ID: <([^>]+)>/im.exec(reply.raw)![1];

    // The reporter answers that mail: it joins the same complaint, once however often it is delivered.
    const answer = {
      from: email,
      subject: `Re: [${c.number}] Balasan pengaduan`,
      text: 'Terima kasih, sudah masuk.',
      messageId: '<m2@mail.example.id>',
      inReplyTo: `<${ourId}>`,
      references: ['<m1@mail.example.id>', `<${ourId}>`],
      headers: vouched(email),
    };
    await send(answer);
    await send(answer);
    expect(await complaintsFrom(email)).toEqual([c]);
    expect((await inbound(c.id)).map((m: { provider_message_id: string }) => m.provider_message_id)).toEqual([
      'm1@mail.example.id',
      'm2@mail.example.id',
    ]);

    // The reporter's out-of-office answers our reply in the thread: no loop (nothing joins, nothing is sent back).
    await send({
      from: email,
      subject: `Automatic reply: [${c.number}] Balasan pengaduan`,
      text: 'Saya sedang cuti sampai Senin.',
      messageId: '<ooo1@mail.example.id>',
      inReplyTo: `<${ourId}>`,
      references: [`<${ourId}>`],
      headers: { ...vouched(email), 'Auto-Submitted': 'auto-replied' },
    });
    // A person's mail after it is taken: the auto-reply before it was dropped, not queued.
    await send({ ...answer, text: 'Satu lagi pertanyaan.', messageId: '<m3@mail.example.id>' });
    expect((await inbound(c.id)).map((m: { provider_message_id: string }) => m.provider_message_id)).toEqual([
      'm1@mail.example.id',
      'm2@mail.example.id',
      'm3@mail.example.id',
    ]);
    expect(
      await stack.sql(`select count(*)::int as n from complaint_message where complaint_id = ? and direction = 'OUT'`, [
        c.id,
      ]),
    ).toEqual([{ n: 1 }]);
    expect(await complaintsFrom(email)).toEqual([c]);
  });

  it('threads by the number in the subject only for the complaint’s own address', async () => {
    const email = makeEmail('subjek');
    const h = vouched(email);
    await send({
      from: email,
      subject: 'Akun saya dibatalkan',
      text: 'Mohon dibantu',
      messageId: '<s1@x.id>',
      headers: h,
    });
    const [c] = await complaintsFrom(email);
    await send({
      from: email,
      subject: `Tambahan [${c.number}]`,
      text: 'Ini NIB saya',
      messageId: '<s2@x.id>',
      headers: h,
    });
    expect((await inbound(c.id)).length).toBe(2);
    // Someone else naming the number opens their own complaint: nobody writes into another's case.
    const other = makeEmail('lain');
    await send({
      from: other,
      subject: `Re: [${c.number}]`,
      text: 'Saya ikut menambahkan',
      messageId: '<s3@x.id>',
      headers: vouched(other),
    });
    expect((await inbound(c.id)).length).toBe(2);
    expect(await complaintsFrom(other)).toHaveLength(1);
  });

  it('keeps only the text of an HTML mail: no script, no markup', async () => {
    const email = makeEmail('html');
    await send({
      from: email,
      subject: 'Email HTML',
      html: '<p>Halo <b>petugas</b></p><script>alert(1)</script><img src="http://x/y.png">',
      messageId: '<h1@x.id>',
    });
    const [c] = await complaintsFrom(email);
    const [m] = await inbound(c.id);
    expect(m.body).toMatch(/Halo\s+petugas/);
    expect(m.body).not.toMatch(/<|script|alert|y\.png/);
  });

  it('never opens a complaint for an auto-reply, a list mail or a bounce', async () => {
    const email = makeEmail('otomatis');
    await send({
      from: email,
      subject: 'Sedang cuti',
      text: 'Saya cuti',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await send({ from: email, subject: 'Buletin', text: 'Berita', headers: { Precedence: 'bulk' } });
    // A delivery status notification: null envelope sender, multipart/report.
    await client().sendMail({
      envelope: { from: '', to: [MAILBOX] },
      from: `MAILER-DAEMON@mx.example.id`,
      to: MAILBOX,
      subject: 'Undelivered Mail Returned to Sender',
      text: 'The mail could not be delivered',
    });
    // A normal mail after them is taken: the three before it were dropped, not queued.
    await send({ from: email, subject: 'Pertanyaan', text: 'Bagaimana cara daftar?', messageId: '<n1@x.id>' });
    const rows = await complaintsFrom(email);
    expect(rows).toHaveLength(1);
    expect(
      await stack.sql(`select count(*)::int as n from complaint where reporter_contact like 'mailer-daemon%'`),
    ).toEqual([{ n: 0 }]);
  });

  it('refuses another recipient (550) and a mail over the size limit (552), storing nothing', async () => {
    const email = makeEmail('besar');
    await expect(
      client().sendMail({ from: email, to: 'orang-lain@oss.test', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({
      responseCode: 550,
    });
    await expect(send({ from: email, subject: 'Lampiran besar', text: 'x'.repeat(1100 * 1024) })).rejects.toMatchObject(
      { responseCode: 552 },
    );
    expect(await complaintsFrom(email)).toEqual([]);
  });

  it('lets the officer answer by email once the reporter wrote from that address (no account needed)', async () => {
    const email = makeEmail('tanpa-akun');
    await send({
      from: email,
      subject: 'Lupa email akun',
      text: 'Email lama saya sudah mati',
      messageId: '<t1@x.id>',
      headers: vouched(email),
    });
    const [c] = await complaintsFrom(email);
    const helpdesk = await staffSession(stack.app);
    const r = await gql(stack.app.url, REPLY, { id: c.id, body: 'Silakan ajukan penggantian email.' }, helpdesk.token);
    expect(r.errors).toBeUndefined();
    await waitFor(async () => (await stack.smtp.mails.find((m) => m.to.includes(email))) ?? undefined, 'reply mail');
  });

  it('gives a From our MX did not vouch for nothing: no thread, no account, no proven address', async () => {
    const account = await seedAccount(stack.app, { email: makeEmail('korban') });
    const victim = account.email!;
    await send({ from: victim, subject: 'Asli', text: 'Pesan asli', messageId: '<v1@x.id>', headers: vouched(victim) });
    const [real] = await complaintsFrom(victim);
    // Forged: the victim's address in From, the case number in the subject, and a header of the sender's own.
    await send({
      from: victim,
      subject: `Re: [${real.number}] ganti email saya`,
      text: 'Tolong ganti email akun saya ke alamat baru',
      messageId: '<f1@x.id>',
      headers: { 'Authentication-Results': `mx.palsu.example; dmarc=pass header.from=${victim.split('@')[1]}` },
    });
    const rows = await complaintsFrom(victim);
    expect(rows).toHaveLength(2);
    expect((await inbound(real.id)).length).toBe(1);
    const [forged] = await stack.sql(`select id, account_id from complaint where id = ?`, [rows[1].id]);
    expect(forged.account_id).toBeNull();
    const helpdesk = await staffSession(stack.app);
    const r = await gql(stack.app.url, REPLY, { id: forged.id, body: 'Baik, kami proses.' }, helpdesk.token);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'UNVERIFIED_CONTACT' });
  });
});
