import fs from 'node:fs';
import path from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import { makePhone, toE164 } from '../support/factories';
import { waitFor } from '../support/graphql';
import { totpDevice } from '../support/flows';
import { useStack } from '../support/stack';
import { signWebhook, TEST_APP_SECRET as SECRET, webhookBody } from '../support/whatsapp-webhook';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, 'screenshots');

/** A signed Cloud API webhook with one text from `from` (E.164) sent at `at`. */
function inbound(from: string, id: string, at: Date, body: string) {
  const waId = from.replace(/^\+/, '');
  return webhookBody({
    contacts: [{ wa_id: waId, profile: { name: 'Rina Pelapor' } }],
    messages: [{ from: waId, id, timestamp: String(Math.floor(at.getTime() / 1000)), type: 'text', text: { body } }],
  });
}

/** The complaint detail page of a WhatsApp complaint: the thread, the window, and a reply that reaches WhatsApp. */
describe('a WhatsApp complaint in the console', () => {
  const stack = useStack({ whatsapp: true, env: { WHATSAPP_APP_SECRET: SECRET } });
  let browser: Browser;
  let helpdesk: { username: string; password: string };
  let supervisor: { username: string; password: string; totp: ReturnType<typeof totpDevice> };
  const consoleErrors: string[] = [];

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
      username: 'helpdesk.percakapan',
      role: 'HELPDESK',
    });
    helpdesk = { username: 'helpdesk.percakapan', password: c.generatedPassword! };
    const s = await stack.app.services.staff.create(stack.app.orm.em.fork(), {
      username: 'supervisor.percakapan',
      role: 'SUPERVISOR',
    });
    supervisor = { username: 'supervisor.percakapan', password: s.generatedPassword!, totp: totpDevice(s.otpauthUri!) };
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(as: 'helpdesk' | 'supervisor' = 'helpdesk'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(`${stack.app.url}/admin/#/login`);
    const who = as === 'helpdesk' ? helpdesk : supervisor;
    await page.getByLabel('Nama pengguna').fill(who.username);
    await page.getByLabel('Kata sandi').fill(who.password);
    if (as === 'supervisor') await page.getByLabel('Kode TOTP (SUPERVISOR/ADMIN)').fill(await supervisor.totp.code());
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.locator('[data-testid="live-indicator"]').waitFor();
    return page;
  }

  /** Posts a signed text and waits for the complaint it lands in. */
  async function complaintFrom(phone: string, id: string, at: Date, body: string): Promise<string> {
    const raw = inbound(phone, id, at, body);
    const sig = signWebhook(raw);
    const res = await fetch(`${stack.app.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig },
      body: raw,
    });
    expect(res.status).toBe(200);
    const [row] = await waitFor(async () => {
      const rows = await stack.sql(`select id from complaint where reporter_contact = ?`, [phone]);
      return rows.length ? rows : undefined;
    }, 'complaint opened');
    return row.id;
  }

  it('shows the thread with the time left, and a reply lands in it and on WhatsApp', async () => {
    const phone = toE164(makePhone());
    const id = await complaintFrom(phone, 'wamid.console-1', new Date(), 'Kode verifikasi tidak masuk, mohon bantuan');
    const page = await open();
    await page.goto(`${stack.app.url}/admin/#/complaints/${id}/show`);
    await page.getByTestId('conversation-message').filter({ hasText: 'Kode verifikasi tidak masuk' }).waitFor();
    expect(await page.getByTestId('conversation-message').first().getAttribute('data-direction')).toBe('IN');
    await expect(page.getByTestId('conversation-message').first().textContent()).resolves.toMatch(/WIB/);
    const window = page.getByTestId('reply-window');
    expect(await window.getAttribute('data-open')).toBe('true');
    // Just sent: 23 h 59 min (or 23 h 58 min, should a minute turn) left.
    expect(await window.textContent()).toMatch(/Sisa waktu jendela 24 jam: 23 jam 5[89] menit/);

    await page.getByTestId('reply-body').fill('Kode sudah kami kirim ulang, silakan cek WhatsApp Anda.');
    await page.getByTestId('reply-send').click();
    await page.getByTestId('conversation-message').filter({ hasText: 'Kode sudah kami kirim ulang' }).waitFor();
    const bubbles = page.getByTestId('conversation-message');
    expect(await bubbles.count()).toBe(2);
    expect([
      await bubbles.nth(0).getAttribute('data-direction'),
      await bubbles.nth(1).getAttribute('data-direction'),
    ]).toEqual(['IN', 'OUT']);
    const sent = await stack.wa.waitForMessage(phone);
    expect(sent.body.text?.body).toMatch(/^Kode sudah kami kirim ulang/);
    await page.screenshot({ path: path.join(SHOTS, '20-complaint-conversation.png'), fullPage: true });
    await page.close();
  });

  it('badges a new message in the menu, and the officer answers it with a canned response', async () => {
    // A supervisor keeps the canned response, on its own page.
    const spv = await open('supervisor');
    await spv.getByRole('menuitem', { name: 'Balasan siap pakai' }).click();
    await spv.getByRole('link', { name: 'Buat' }).click();
    await spv.getByRole('textbox', { name: 'Judul' }).fill('Kode dikirim ulang');
    await spv
      .getByRole('textbox', { name: 'Teks balasan' })
      .fill('Yth. {nama}, kode baru untuk pengaduan {nomor} sudah kami kirim ke WhatsApp Anda.');
    await spv.getByRole('button', { name: 'Simpan' }).click();
    await spv.getByRole('cell', { name: 'Kode dikirim ulang' }).waitFor();
    await spv.screenshot({ path: path.join(SHOTS, '22-canned-responses.png'), fullPage: true });
    await spv.close();

    // The officer is on the dashboard when the reporter writes: the menu says so.
    const page = await open();
    await page.waitForTimeout(500); // the live subscription is up
    const phone = toE164(makePhone());
    const id = await complaintFrom(phone, 'wamid.console-canned', new Date(), 'Kode OTP belum masuk juga');
    const news = page.getByTestId('complaint-news');
    await news.waitFor();
    expect(await news.textContent()).toBe('1Pengaduan'); // one complaint, though it came with two events
    await page.screenshot({ path: path.join(SHOTS, '23-complaint-badge.png') });
    await news.click();
    await page.locator('tbody tr').first().waitFor();
    await page.getByTestId('complaint-news').waitFor({ state: 'detached' });

    const [{ number }] = await stack.sql(`select number from complaint where id = ?`, [id]);
    await page.goto(`${stack.app.url}/admin/#/complaints/${id}/show`);
    await page.getByTestId('canned-select').waitFor({ state: 'attached' });
    await page.getByRole('combobox', { name: 'Balasan siap pakai' }).click();
    await page.getByRole('option', { name: 'Kode dikirim ulang' }).click();
    const filled = `Yth. Rina Pelapor, kode baru untuk pengaduan ${number} sudah kami kirim ke WhatsApp Anda.`;
    expect(await page.getByTestId('reply-body').inputValue()).toBe(filled);
    await page.screenshot({ path: path.join(SHOTS, '24-canned-reply.png'), fullPage: true });
    await page.getByTestId('reply-send').click();
    await page.getByTestId('conversation-message').filter({ hasText: 'kode baru untuk pengaduan' }).waitFor();
    expect((await stack.wa.waitForMessage(phone)).body.text?.body).toContain(filled);
    expect(
      await stack.sql(`select note from complaint_event where complaint_id = ? and kind = 'REPLIED'`, [id]),
    ).toEqual([{ note: 'Balasan siap pakai: Kode dikirim ulang' }]);
    await page.close();
  });

  it('says the window has closed and offers no reply box after 24 hours', async () => {
    const phone = toE164(makePhone());
    const id = await complaintFrom(phone, 'wamid.console-old', new Date(Date.now() - 25 * 3600_000), 'Pesan kemarin');
    const page = await open();
    await page.goto(`${stack.app.url}/admin/#/complaints/${id}/show`);
    const window = page.getByTestId('reply-window');
    await window.waitFor();
    expect(await window.getAttribute('data-open')).toBe('false');
    expect(await window.textContent()).toMatch(/^jendela 24 jam sudah tertutup — tertutup sejak .* WIB;/);
    expect(await page.getByTestId('reply-body').count()).toBe(0);
    await page.getByTestId('conversation').screenshot({ path: path.join(SHOTS, '21-complaint-window-closed.png') });
    await page.close();
    expect(consoleErrors).toEqual([]);
  });
});
