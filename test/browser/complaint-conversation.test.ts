import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import { makePhone, toE164 } from '../support/factories';
import { waitFor } from '../support/graphql';
import { useStack } from '../support/stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, 'screenshots');
const SECRET = 'rahasia-aplikasi-meta';

/** A signed Cloud API webhook with one text from `from` (E.164) sent at `at`. */
function inbound(from: string, id: string, at: Date, body: string) {
  const waId = from.replace(/^\+/, '');
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        changes: [
          {
            field: 'messages',
            value: {
              contacts: [{ wa_id: waId, profile: { name: 'Rina Pelapor' } }],
              messages: [
                { from: waId, id, timestamp: String(Math.floor(at.getTime() / 1000)), type: 'text', text: { body } },
              ],
            },
          },
        ],
      },
    ],
  });
}

/** The complaint detail page of a WhatsApp complaint: the thread, the window, and a reply that reaches WhatsApp. */
describe('a WhatsApp complaint in the console', () => {
  const stack = useStack({ whatsapp: true, env: { WHATSAPP_APP_SECRET: SECRET } });
  let browser: Browser;
  let helpdesk: { username: string; password: string };
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
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(`${stack.app.url}/admin/#/login`);
    await page.getByLabel('Nama pengguna').fill(helpdesk.username);
    await page.getByLabel('Kata sandi').fill(helpdesk.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.locator('[data-testid="live-indicator"]').waitFor();
    return page;
  }

  /** Posts a signed text and waits for the complaint it lands in. */
  async function complaintFrom(phone: string, id: string, at: Date, body: string): Promise<string> {
    const raw = inbound(phone, id, at, body);
    const sig = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
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
