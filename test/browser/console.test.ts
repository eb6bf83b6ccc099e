import fs from 'node:fs';
import { chromium, Browser } from 'playwright-core';
import type { RunningApp } from '../../server/src/app';
import { gql, gqlOk } from '../support/graphql';
import { startTestApp } from '../support/app';
import { individualInput, START } from '../support/flows';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * A local install without SMTP/WhatsApp, driven as people would: the helpdesk
 * reads the held verification message in the console, the applicant opens the
 * one-click link and presses the button.
 */
describe('console and link pages in Chromium', () => {
  let app: RunningApp & { dropDatabase(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    app = await startTestApp();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await app?.dropDatabase();
  });

  it('shows held messages to staff; the applicant verifies with the link from one', async () => {
    const input = individualInput();
    const { startRegistration: reg } = await gqlOk(app.url, START, { input });
    const { generatedPassword } = await app.services.staff.create(app.orm.em.fork(), {
      username: 'dewi.helpdesk',
      role: 'HELPDESK',
    });

    const page = await browser.newPage();
    await page.goto(`${app.url}/admin/`);
    await page.fill('#u', 'dewi.helpdesk');
    await page.fill('#p', 'salah-sekali');
    await page.click('button[type=submit]');
    await page.waitForFunction(
      () => ((globalThis as any).document.getElementById('msg')?.textContent ?? '').length > 0,
    );
    expect(await page.textContent('#msg')).toBe('Identitas atau kata sandi salah, atau sesi Anda telah berakhir.');

    await page.fill('#p', generatedPassword!);
    await page.click('button[type=submit]');
    const row = page.locator('tr', { hasText: input.email as string });
    await row.waitFor();
    expect(await row.locator('.status').textContent()).toBe('HELD');
    const body = (await row.locator('pre').textContent())!;
    expect(body).toMatch(/Kode verifikasi pendaftaran Hak Akses OSS Anda: \d{6}/);
    const link = /http:\/\/oss\.test(\/verify-registration\?\S+)/.exec(body)![1];

    const applicant = await browser.newPage();
    await applicant.goto(`${app.url}${link}`);
    expect(await applicant.textContent('h1')).toBe('Verifikasi pendaftaran');
    await applicant.click('#b');
    await applicant.waitForFunction(() =>
      ((globalThis as any).document.getElementById('msg')?.textContent ?? '').startsWith('Email terverifikasi'),
    );
    const { data } = await gql(app.url, 'query($id: ID!) { registration(id: $id) { step } }', { id: reg.id });
    expect(data.registration.step).toBe('SET_PASSWORD');
  });
});
