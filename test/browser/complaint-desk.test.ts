import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, Browser, Page } from 'playwright-core';
import { makePhone, toE164 } from '../support/factories';
import { gqlOk, waitFor } from '../support/graphql';
import { seedAccount, staffSession } from '../support/flows';
import { useStack } from '../support/stack';
import { signWebhook, TEST_APP_SECRET as SECRET, webhookBody } from '../support/whatsapp-webhook';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, 'screenshots');

/** A w×h PNG of horizontal stripes (a real image the browser decodes). */
function stripes(w: number, h: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type), data])) >>> 0);
    return Buffer.concat([len, Buffer.from(type), data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.concat(
    Array.from({ length: h }, (_, y) =>
      Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, y % 20 < 10 ? 0x1e : 0xc8)]),
    ),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A signed webhook with one message from `from` (E.164) sent at `at`. */
function inbound(from: string, id: string, at: Date, message: Record<string, unknown>) {
  const waId = from.replace(/^\+/, '');
  return webhookBody({
    contacts: [{ wa_id: waId, profile: { name: 'Dewi Lestari' } }],
    messages: [{ from: waId, id, timestamp: String(Math.floor(at.getTime() / 1000)), ...message }],
  });
}

/** The helpdesk's buttons on a complaint: attachment, template, round-robin, follow, merge, and the list's queues. */
describe('complaint desk work in the console', () => {
  const stack = useStack({ whatsapp: true, env: { WHATSAPP_APP_SECRET: SECRET } });
  let browser: Browser;
  let helpdesk: { username: string; password: string; id: string };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
    if (!fs.existsSync(path.resolve(__dirname, '../../admin-ui/dist/index.html')))
      throw new Error('Build the console first: npm run build:console');
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    const c = await stack.app.services.staff.create(stack.app.orm.em.fork(), {
      username: 'helpdesk.meja',
      role: 'HELPDESK',
    });
    helpdesk = { username: 'helpdesk.meja', password: c.generatedPassword!, id: c.staff.id };
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(width = 1366, height = 900): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${stack.app.url}/admin/#/login`);
    await page.getByLabel('Nama pengguna').fill(helpdesk.username);
    await page.getByLabel('Kata sandi').fill(helpdesk.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.locator('[data-testid="live-indicator"]').waitFor();
    return page;
  }

  async function write(phone: string, wamid: string, at: Date, message: Record<string, unknown>): Promise<string> {
    const raw = inbound(phone, wamid, at, message);
    const res = await fetch(`${stack.app.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(raw) },
      body: raw,
    });
    expect(res.status).toBe(200);
    const [row] = await waitFor(async () => {
      const rows = await stack.sql(`select complaint_id from complaint_message where provider_message_id = ?`, [wamid]);
      return rows.length ? rows : undefined;
    }, `message ${wamid}`);
    return row.complaint_id;
  }

  it('opens an image attachment in place and, the window closed, sends the follow-up template', async () => {
    const phone = toE164(makePhone());
    stack.wa.media.set('media-screen', { mime: 'image/png', data: stripes(240, 120) });
    const yesterday = Date.now() - 26 * 3600_000;
    const id = await write(phone, 'wamid.desk-1', new Date(yesterday), {
      type: 'text',
      text: { body: 'Pendaftaran saya gagal terus' },
    });
    await write(phone, 'wamid.desk-2', new Date(yesterday + 1000), {
      type: 'image',
      image: { id: 'media-screen', mime_type: 'image/png', caption: 'Ini tangkapan layarnya' },
    });
    const page = await open();
    await page.goto(`${stack.app.url}/admin/#/complaints/${id}/show`);
    await page.getByTestId('media-open').waitFor();
    expect(stack.wa.mediaRequests).toEqual([]); // nothing fetched until the officer asks
    await page.getByTestId('media-open').click();
    const img = page.getByTestId('media-image');
    await img.waitFor();
    await waitFor(
      () => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth === 240),
      'image decoded',
    );
    expect(stack.wa.mediaRequests.map((r) => r.path)).toEqual(['/v21.0/media-screen', '/files/media-screen']);

    expect(await page.getByTestId('reply-window').getAttribute('data-open')).toBe('false');
    await page.getByTestId('template-offer').waitFor();
    await page.getByTestId('conversation').screenshot({ path: path.join(SHOTS, '30-complaint-media-template.png') });
    await page.getByTestId('send-template').click();
    const sent = await stack.wa.waitForMessage(phone);
    expect(sent.body.template.name).toBe('oss_tindak_lanjut_pengaduan');
    await page
      .getByTestId('conversation-message')
      .filter({ hasText: 'ingin menindaklanjuti pengaduan Anda' })
      .waitFor();
    await page.close();
  });

  it('assigns round-robin, follows, and merges a second complaint of the same reporter', async () => {
    const phone = toE164(makePhone());
    const target = await write(phone, 'wamid.desk-merge', new Date(), {
      type: 'text',
      text: { body: 'Akun saya terkunci sejak kemarin' },
    });
    const officer = await staffSession(stack.app);
    const { createComplaint: source } = await gqlOk(
      stack.app.url,
      `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id number } }`,
      {
        i: {
          channel: 'PHONE',
          category: 'LOGIN_LOCKED',
          description: 'Menelepon soal akun terkunci',
          reporterName: 'Dewi Lestari',
          reporterContact: phone,
        },
      },
      officer.token,
    );
    const [{ number: targetNumber }] = await stack.sql(`select number from complaint where id = ?`, [target]);

    const page = await open();
    // The list's queues: the new complaints are unassigned; nothing is followed yet.
    await page.goto(`${stack.app.url}/admin/#/complaints`);
    await page.getByLabel('Belum ditugaskan').check();
    await page.waitForURL(/unassigned/);
    await page.getByRole('cell', { name: source.number }).waitFor();
    await page.getByRole('cell', { name: targetNumber }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, '31-complaint-unassigned.png'), fullPage: true });

    // An officer who changes a filter and opens a row at once, before the list applies the change (it waits
    // 500 ms for more typing), stays on the complaint: the pending change must not take them back to the list.
    await page.getByLabel('Belum ditugaskan').uncheck();
    await page.getByRole('cell', { name: source.number }).click();
    await page.waitForURL(new RegExp(`/complaints/${source.id}/show`));
    await page.waitForTimeout(1000);
    expect(page.url()).toMatch(new RegExp(`/complaints/${source.id}/show$`));
    // The page has its record once the complaint's number shows; a failure leaves a picture of what was there.
    await page.getByText(source.number).first().waitFor();
    await page
      .getByTestId('assign-round-robin')
      .click({ timeout: 60_000 })
      .catch(async (err) => {
        await page.screenshot({ path: path.join(SHOTS, '31-complaint-show-without-actions.png'), fullPage: true });
        throw err;
      });
    const assignee = await waitFor(async () => {
      const [row] = await stack.sql(`select assignee_id from complaint where id = ?`, [source.id]);
      return row?.assignee_id as string | undefined;
    }, 'round-robin assignee');
    // Every national HELPDESK officer of this test had no open complaint: the one never assigned, first by name.
    expect([helpdesk.id, officer.id]).toContain(assignee);

    await page.getByTestId('follow-toggle').click();
    await waitFor(
      async () => (await page.getByTestId('complaint-followers').textContent()) === helpdesk.username,
      'follower shown',
    );
    expect(await page.getByTestId('follow-toggle').textContent()).toBe('Berhenti mengikuti');

    await page.getByRole('button', { name: 'Gabungkan ke…' }).click();
    await page.getByLabel('Nomor pengaduan tujuan (pelapor yang sama)').fill(targetNumber);
    await page.getByRole('textbox', { name: 'Alasan' }).fill('Pelapor yang sama, soal akun terkunci yang sama');
    await page.screenshot({ path: path.join(SHOTS, '32-complaint-merge-dialog.png') });
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByTestId('merged-into').waitFor();
    expect(await page.getByTestId('merged-into').textContent()).toBe(targetNumber);
    await page.screenshot({ path: path.join(SHOTS, '33-complaint-merged.png'), fullPage: true });
    const [merged] = await stack.sql(`select status, merged_into_id from complaint where id = ?`, [source.id]);
    expect(merged).toEqual({ status: 'CLOSED', merged_into_id: target });

    // The follower moved with the merge: the target is in "Diikuti".
    await page.getByTestId('merged-into').click();
    await waitFor(
      async () => (await page.getByTestId('complaint-followers').textContent()) === helpdesk.username,
      'follower on the target',
    );
    await page.goto(`${stack.app.url}/admin/#/complaints`);
    await page.getByLabel('Diikuti').check();
    await page.getByRole('cell', { name: targetNumber }).waitFor();
    await waitFor(async () => (await page.locator('tbody tr').count()) === 1, 'only the followed complaint');
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 150_000);
  it('adds a note, resolves, reopens and closes a complaint, each checked on the server; in English on a phone too', async () => {
    const officer = await staffSession(stack.app);
    const create = async (description: string, accountId?: string) =>
      (
        await gqlOk(
          stack.app.url,
          `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id number } }`,
          {
            i: {
              channel: 'PHONE',
              category: 'CODE_NOT_RECEIVED',
              description,
              reporterName: 'Budi Santoso',
              accountId,
            },
          },
          officer.token,
        )
      ).createComplaint as { id: string; number: string };
    const state = async (id: string) => {
      const [c] = await stack.sql(`select status, resolution, closed_at from complaint where id = ?`, [id]);
      const events = await stack.sql(`select kind, note from complaint_event where complaint_id = ? order by at`, [id]);
      return { status: c.status as string, closed: !!c.closed_at, resolution: c.resolution, events };
    };
    /** Clicks an action button, fills its dialog's one field (if any), confirms and waits for the dialog to go. */
    const act = async (page: Page, button: string, confirm: string, field?: [string, string]) => {
      await page.getByRole('button', { name: button, exact: true }).click();
      const dialog = page.getByRole('dialog');
      if (field) await dialog.getByLabel(field[0]).fill(field[1]);
      await dialog.getByRole('button', { name: confirm }).click();
      await dialog.waitFor({ state: 'detached' });
    };

    const account = await seedAccount(stack.app, { fullName: 'BUDI SANTOSO' });
    const c = await create('Kode verifikasi tidak masuk ke email', account.id);
    const page = await open();
    await page.goto(`${stack.app.url}/admin/#/complaints/${c.id}/show`);
    await page.getByText(c.number).first().waitFor();
    // The account the complaint is about, a link to it.
    const linked = page.getByTestId('complaint-account');
    expect(await linked.textContent()).toContain(account.username);
    expect(await linked.getAttribute('href')).toBe(`#/accounts/${account.id}/show`);
    const history = page.getByTestId('complaint-history');

    await act(page, 'Tambah catatan', 'Lanjutkan', ['Catatan', 'Pelapor diminta memeriksa folder spam']);
    await history.getByText('Pelapor diminta memeriksa folder spam').waitFor();
    expect((await state(c.id)).events).toContainEqual({ kind: 'NOTE', note: 'Pelapor diminta memeriksa folder spam' });

    await act(page, 'Selesaikan', 'Lanjutkan', ['Penyelesaian', 'Kode dikirim ulang, pelapor sudah masuk']);
    await page.getByRole('button', { name: 'Buka kembali' }).waitFor();
    expect((await state(c.id)).status).toBe('RESOLVED');

    await act(page, 'Buka kembali', 'Lanjutkan', ['Alasan', 'Pelapor menelepon lagi: belum bisa masuk']);
    await page.getByRole('button', { name: 'Selesaikan' }).waitFor();
    const reopened = await state(c.id);
    expect(reopened.status).toBe('IN_PROGRESS');
    expect(reopened.events).toContainEqual({ kind: 'REOPENED', note: 'Pelapor menelepon lagi: belum bisa masuk' });

    await act(page, 'Selesaikan', 'Lanjutkan', ['Penyelesaian', 'Kata sandi diatur ulang, pelapor sudah masuk']);
    await page.getByRole('button', { name: 'Tutup', exact: true }).waitFor();
    await act(page, 'Tutup', 'Lanjutkan');
    await history.getByText('Ditutup').waitFor();
    const closed = await state(c.id);
    expect(closed).toMatchObject({ status: 'CLOSED', closed: true });
    expect(closed.resolution).toBe('Kata sandi diatur ulang, pelapor sudah masuk');
    expect(closed.events.map((e: any) => e.kind)).toEqual([
      'CREATED',
      'NOTE',
      'RESOLVED',
      'REOPENED',
      'RESOLVED',
      'CLOSED',
    ]);
    // A closed complaint takes no more notes.
    expect(await page.getByRole('button', { name: 'Tambah catatan' }).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, '34-complaint-closed.png'), fullPage: true });
    await page.close();

    // The same buttons in English on a phone.
    const e = await create('Cannot log in after the code arrived');
    const phone = await open(390, 844);
    await phone.getByRole('button', { name: 'Indonesia' }).click();
    await phone.getByRole('menuitem', { name: 'English' }).click();
    // On a phone the menu is folded away: the live indicator says when the console speaks English.
    await phone.locator('[data-testid="live-indicator"][aria-label="live"]').waitFor();
    await phone.goto(`${stack.app.url}/admin/#/complaints/${e.id}/show`);
    await phone.getByText(e.number).first().waitFor();
    await act(phone, 'Add note', 'Continue', ['Note', 'Asked the reporter to clear the browser cache']);
    await phone.getByTestId('complaint-history').getByText('Asked the reporter to clear the browser cache').waitFor();
    await act(phone, 'Resolve', 'Continue', ['Resolution', 'The reporter logged in after clearing the cache']);
    await phone.getByRole('button', { name: 'Reopen' }).waitFor();
    await act(phone, 'Reopen', 'Continue', ['Reason', 'The reporter called again']);
    await phone.getByRole('button', { name: 'Resolve' }).waitFor();
    expect((await state(e.id)).status).toBe('IN_PROGRESS');
    await act(phone, 'Resolve', 'Continue', ['Resolution', 'Password reset; the reporter is in']);
    await phone.getByRole('button', { name: 'Close', exact: true }).waitFor();
    await phone.screenshot({ path: path.join(SHOTS, '35-complaint-resolved-phone-en.png'), fullPage: true });
    await act(phone, 'Close', 'Continue');
    await phone.getByTestId('complaint-history').getByText('Closed').waitFor();
    expect((await state(e.id)).events.map((x: any) => x.kind)).toEqual([
      'CREATED',
      'NOTE',
      'RESOLVED',
      'REOPENED',
      'RESOLVED',
      'CLOSED',
    ]);
    expect(await phone.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await phone.screenshot({ path: path.join(SHOTS, '36-complaint-closed-phone-en.png'), fullPage: true });
    await phone.close();
    expect(pageErrors).toEqual([]);
  }, 150_000);
});
