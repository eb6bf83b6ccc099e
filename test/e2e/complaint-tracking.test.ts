import { solveChallenge } from 'altcha-lib';
import type { Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { makePhone, toE164 } from '../support/factories';
import { staffSession } from '../support/flows';
import { gqlOk, waitFor } from '../support/graphql';
import { useStack } from '../support/stack';
import { inboundText, signWebhook, TEST_APP_SECRET } from '../support/whatsapp-webhook';

/**
 * /pengaduan/cek: a reporter follows their complaint with its number and the
 * contact they wrote from; nothing else (notes, officers, other complaints)
 * and no hint whether a number exists.
 */
describe('public complaint tracking page', () => {
  const stack = useStack({ whatsapp: true, env: { WHATSAPP_APP_SECRET: TEST_APP_SECRET } });
  const form = (nomor: string, kontak: string) =>
    fetch(`${stack.app.url}/pengaduan/cek`, { method: 'POST', body: new URLSearchParams({ nomor, kontak }) });
  const json = (number: string, contact: string) =>
    fetch(`${stack.app.url}/pengaduan/cek.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ number, contact }),
    });

  /** A WhatsApp complaint from a new number, its id and number once the inbound job stored it. */
  async function whatsappComplaint(text: string) {
    const phone = toE164(makePhone());
    const body = inboundText(phone, `wamid.track-${phone}`, text);
    expect(
      (
        await fetch(`${stack.app.url}/webhooks/whatsapp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(body) },
          body,
        })
      ).status,
    ).toBe(200);
    const row = await waitFor(async () => {
      const [r] = await stack.sql(`select id, number from complaint where reporter_contact = ?`, [phone]);
      return r as { id: string; number: string } | undefined;
    }, `complaint from ${phone}`);
    return { phone, ...row };
  }

  let mine: { phone: string; id: string; number: string };
  let officer: { token: string; username: string; id: string };

  beforeAll(async () => {
    officer = await staffSession(stack.app);
    mine = await whatsappComplaint('Kode OTP tidak masuk ke WhatsApp saya <b>lagi</b>');
    const other = await whatsappComplaint('PESAN-ORANG-LAIN: akun saya terkunci');
    const step = (query: string, vars: Record<string, unknown>) => gqlOk(stack.app.url, query, vars, officer.token);
    await step(`mutation($id: ID!, $s: ID!) { assignComplaint(id: $id, staffId: $s) { id } }`, {
      id: mine.id,
      s: officer.id,
    });
    await step(
      `mutation($id: ID!) { addComplaintNote(id: $id, note: "CATATAN-INTERNAL pelapor pernah ditipu") { id } }`,
      {
        id: mine.id,
      },
    );
    await step(`mutation($id: ID!, $b: String!) { replyToComplaint(id: $id, body: $b) { id } }`, {
      id: mine.id,
      b: 'Kode baru sudah kami kirim, silakan coba lagi.',
    });
    await step(`mutation($id: ID!, $b: String!) { replyToComplaint(id: $id, body: $b) { id } }`, {
      id: other.id,
      b: 'BALASAN-UNTUK-ORANG-LAIN',
    });
  });

  it('every reply carries the complaint number and the link to the page', async () => {
    const sent = await stack.wa.waitForMessage(mine.phone);
    const text = sent.body.text?.body ?? '';
    expect(text).toContain(mine.number);
    // PUBLIC_URL (http://oss.test here) plus the page, which this server serves.
    const link = new URL(text.match(/https?:\/\/\S+\/pengaduan\/cek/)![0]);
    expect(link.origin).toBe('http://oss.test');
    expect((await fetch(`${stack.app.url}${link.pathname}`)).status).toBe(200);
  });

  it('shows status, dates and the conversation for the right number and contact, in any written form', async () => {
    const get = await fetch(`${stack.app.url}/pengaduan/cek`);
    expect(get.status).toBe(200);
    expect(get.headers.get('cache-control')).toBe('no-store');
    expect(await get.text()).toContain('<form method="post" action="/pengaduan/cek">');

    const local = `0${mine.phone.slice(3, 6)}-${mine.phone.slice(6, 10)}-${mine.phone.slice(10)}`; // 0812-3456-7890
    const res = await form(mine.number.toLowerCase(), local);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`Pengaduan ${mine.number}`);
    expect(html).toContain('Sedang ditangani');
    expect(html).toContain('Target penyelesaian');
    // The reporter's text as text: markup arrives escaped.
    expect(html).toContain('Kode OTP tidak masuk ke WhatsApp saya &lt;b&gt;lagi&lt;/b&gt;');
    expect(html).toContain('Kode baru sudah kami kirim, silakan coba lagi.');
    expect(html).toContain('Petugas');
    // Never the notes, the officer, the contact itself or another reporter's conversation.
    for (const secret of ['CATATAN-INTERNAL', officer.username, mine.phone.slice(3), 'ORANG-LAIN']) {
      expect(html).not.toContain(secret);
    }

    const asJson = await json(mine.number, `+62 ${mine.phone.slice(3)}`);
    expect(asJson.status).toBe(200);
    const { complaint } = (await asJson.json()) as { complaint: Record<string, any> };
    expect(Object.keys(complaint).sort()).toEqual(
      [
        'closedAt',
        'createdAt',
        'dueAt',
        'mergedInto',
        'messages',
        'number',
        'resolvedAt',
        'status',
        'statusLabel',
      ].sort(),
    );
    expect(complaint).toMatchObject({ number: mine.number, status: 'IN_PROGRESS', resolvedAt: null, mergedInto: null });
    expect(complaint.messages.map((m: Record<string, unknown>) => [m.from, m.body])).toEqual([
      ['PELAPOR', 'Kode OTP tidak masuk ke WhatsApp saya <b>lagi</b>'],
      ['PETUGAS', 'Kode baru sudah kami kirim, silakan coba lagi.'],
    ]);
    expect(JSON.stringify(complaint)).not.toMatch(/CATATAN|actor|ORANG-LAIN/);
  });

  it('answers a wrong contact exactly as a number that does not exist', async () => {
    const wrongContact = await json(mine.number, toE164(makePhone()));
    const wrongNumber = await json('ADU-2026-999999', mine.phone);
    expect(wrongContact.status).toBe(404);
    expect(wrongNumber.status).toBe(404);
    expect(await wrongContact.text()).toBe(await wrongNumber.text());
    const page = async (r: Response) => (await r.text()).replace(/ value="[^"]*"/g, '');
    const a = await form(mine.number, 'orang.lain@example.co.id');
    const b = await form('ADU-2026-999998', mine.phone);
    expect([a.status, b.status]).toEqual([404, 404]);
    const [pa, pb] = [await page(a), await page(b)];
    expect(pa).toBe(pb);
    expect(pa).toContain('Pengaduan tidak ditemukan');
    expect(pa).not.toContain('Kode baru');
  });

  it('limits lookups per complaint number, then per client address', async () => {
    // Four lookups of this number so far (two right, two with a wrong contact); the limit is five an hour.
    let n = 4;
    let res: Response;
    do {
      res = await json(mine.number, mine.phone);
      n++;
    } while (res.status === 200 && n < 10);
    expect(n).toBe(6);
    expect(res.status).toBe(429);
    const body = (await res.json()) as { error: string; retryAfterSeconds: number };
    expect(body.error).toBe('RATE_LIMITED');
    expect(body.retryAfterSeconds).toBeGreaterThan(3000);
    expect(Number(res.headers.get('retry-after'))).toBe(body.retryAfterSeconds);
    // Even the right contact is refused now (the form too), without showing the complaint.
    const page = await form(mine.number, mine.phone);
    expect(page.status).toBe(429);
    expect(await page.text()).not.toContain('Kode baru');

    // New numbers each time: only the per-address limit (30 an hour) can refuse them.
    const statuses: number[] = [];
    for (let i = 0; i < 30 && statuses.at(-1) !== 429; i++) {
      statuses.push((await json(`ADU-2026-${String(900000 + i)}`, mine.phone)).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([404]));
  });
});

describe('public complaint tracking page with CAPTCHA=on', () => {
  const stack = useStack({
    captcha: true,
    smtp: false,
    env: { CAPTCHA_COST: '100', CAPTCHA_MAX_NUMBER: '50', CAPTCHA_HMAC_KEY: 'k'.repeat(40) },
  });
  const unescape = (v: string) =>
    v
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');

  it('asks for the captcha the page carries, takes a solved one once, and refuses a missing one', async () => {
    const helpdesk = await staffSession(stack.app);
    const { createComplaint: c } = await gqlOk(
      stack.app.url,
      `mutation($i: ComplaintInput!) { createComplaint(input: $i) { number } }`,
      {
        i: {
          channel: 'EMAIL',
          category: 'LOST_ACCOUNT',
          description: 'Saya lupa nama pengguna',
          reporterName: 'Dewi',
          reporterContact: 'Dewi.Lestari@Example.co.id',
        },
      },
      helpdesk.token,
    );
    const html = await (await fetch(`${stack.app.url}/pengaduan/cek`)).text();
    const id = html.match(/name="captchaId" value="([^"]+)"/)![1];
    const challenge = JSON.parse(unescape(html.match(/<altcha-widget [^>]*challenge="([^"]+)"/)![1])) as Challenge;
    expect(html).toContain('<script type="module" src="/altcha.js"></script>');
    const solution = (await solveChallenge({ challenge, deriveKey }))!;
    const { parameters, signature } = challenge;
    const altcha = Buffer.from(JSON.stringify({ challenge: { parameters, signature }, solution })).toString('base64');
    const post = (fields: Record<string, string>) =>
      fetch(`${stack.app.url}/pengaduan/cek`, {
        method: 'POST',
        body: new URLSearchParams({ nomor: c.number, kontak: 'dewi.lestari@example.co.id', ...fields }),
      });

    const missing = await post({});
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('Captcha salah');
    const ok = await post({ captchaId: id, altcha });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain(`Pengaduan ${c.number}`);
    const again = await post({ captchaId: id, altcha });
    expect(again.status).toBe(400);
    expect(await again.text()).not.toContain(`Pengaduan ${c.number}`);
  });
});
