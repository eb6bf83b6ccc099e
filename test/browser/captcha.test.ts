import fs from 'node:fs';
import path from 'node:path';
import { chromium, Browser } from 'playwright-core';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { startTestApp } from '../support/app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, 'screenshots');
const RESET = 'mutation($c: CaptchaAnswer) { requestPasswordReset(identifier: "siapa@example.co.id", captcha: $c) }';

/**
 * The ALTCHA widget in Chromium, served by the server itself (/altcha.js)
 * under its own Content-Security-Policy: a person ticks "Saya bukan robot",
 * the browser does the proof-of-work, and the server takes the payload once.
 */
describe('captcha widget in the browser', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    fs.mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp({ captcha: true, env: { CAPTCHA_COST: '1000', CAPTCHA_MAX_NUMBER: '200' } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await app?.dropDatabase();
  });

  it('solves the server challenge when ticked, and its payload is accepted once', async () => {
    const page = await browser.newPage({ viewport: { width: 600, height: 300 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The server has no favicon; anything else failing (CSP, workers, the script) is an error.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico'))
        errors.push(`${m.text()} ${m.location().url}`);
    });
    // Any page of the server: same origin and the same CSP as a page that would ask for a captcha.
    await page.goto(`${app.url}/reset-password`);
    const { captcha } = await gqlOk(app.url, '{ captcha { id altcha } }');
    const widget = `<form><altcha-widget language="id" name="altcha" challenge='${captcha.altcha}'></altcha-widget></form>`;
    await page.evaluate(`document.body.innerHTML = ${JSON.stringify(widget)}`);
    await page.addScriptTag({ url: '/altcha.js', type: 'module' });
    await page.getByText('Saya bukan robot').click();
    const input = page.locator('input[name="altcha"]');
    // What the person sees once the browser has done the work.
    await page.getByText('Terverifikasi').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SHOTS, 'captcha-widget.png') });
    const answer = await input.inputValue();
    expect(errors).toEqual([]);
    expect(await gqlOk(app.url, RESET, { c: { id: captcha.id, answer } })).toEqual({ requestPasswordReset: true });
    expect(errorCode(await gql(app.url, RESET, { c: { id: captcha.id, answer } }))).toBe('CAPTCHA_INVALID');
    await page.close();
  });
});
