import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, Browser, Page } from 'playwright-core';
import { startTestApp } from '../support/app';
import { seedAccount, totpDevice } from '../support/flows';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, 'screenshots');

/**
 * Exports as an officer makes them: clicks "Ekspor" in Chromium, waits for the
 * download and reads the file. More rows than one API page (100), so the
 * export has to page.
 */
describe('list exports in Chromium', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let browser: Browser;
  let supervisor: { username: string; password: string; totp: ReturnType<typeof totpDevice> };
  const planted = '=HYPERLINK("http://jahat.example","KLIK")';
  const niks: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
    if (!fs.existsSync(path.resolve(__dirname, '../../admin-ui/dist/index.html')))
      throw new Error('Build the console first: npm run build:console');
    fs.mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const c = await app.services.staff.create(app.orm.em.fork(), { username: 'supervisor.ekspor', role: 'SUPERVISOR' });
    supervisor = { username: 'supervisor.ekspor', password: c.generatedPassword!, totp: totpDevice(c.otpauthUri!) };
    for (let i = 0; i < 124; i++) {
      const a = await seedAccount(app, { fullName: i === 0 ? planted : `PEMOHON EKSPOR ${i}`, provinceCode: '35' });
      niks.push(a.nik!);
    }
    // Ten of them suspended: the filter the XLSX export must follow.
    await app.orm.em
      .fork()
      .execute("update account set status = 'SUSPENDED' where full_name ~ '^PEMOHON EKSPOR 1[0-9]$'");
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await app?.dropDatabase();
  });

  async function open(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    await page.goto(`${app.url}/admin/#/login`);
    await page.getByLabel('Nama pengguna').fill(supervisor.username);
    await page.getByLabel('Kata sandi').fill(supervisor.password);
    await page.getByLabel('Kode TOTP (SUPERVISOR/ADMIN)').fill(await supervisor.totp.code());
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.locator('[data-testid="live-indicator"]').first().waitFor();
    return page;
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  it('exports every account the filter selects as CSV: Indonesian headers, masked NIK, WIB dates, defused formula', async () => {
    const page = await open();
    await page.goto(`${app.url}/admin/#/accounts`);
    await page.getByTestId('export-button').click();
    await page.getByTestId('export-csv').waitFor();
    await shot(page, 'export-menu');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^akun-\d{8}-\d{4}\.csv$/);
    const text = fs.readFileSync(await download.path(), 'utf8');
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['Nama pengguna', 'Nama', 'Badan usaha', 'NIK']);
    expect(lines).toHaveLength(1 + 124);
    expect(text).toContain(`"'=HYPERLINK(""http://jahat.example"",""KLIK"")"`);
    for (const nik of niks) expect(text).not.toContain(nik);
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} WIB/);
    expect(text).toContain(',Jawa Timur,'); // the province by name, not code 35
    expect(text).not.toContain('__typename');
    await page.close();
  });

  it('exports the filtered accounts as XLSX', async () => {
    const page = await open();
    const filter = encodeURIComponent(JSON.stringify({ status: 'SUSPENDED' }));
    await page.goto(`${app.url}/admin/#/accounts?filter=${filter}`);
    await page.getByText('PEMOHON EKSPOR 15', { exact: true }).first().waitFor();
    await page.getByTestId('export-button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/^akun-\d{8}-\d{4}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.worksheets[0];
    const header = (sheet.getRow(1).values as any[]).slice(1);
    expect(header.slice(0, 2)).toEqual(['Nama pengguna', 'Nama']);
    const names: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) names.push(String(row.getCell(2).value));
    });
    expect(names.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `PEMOHON EKSPOR 1${i}`).sort());
    const created = sheet.getRow(2).getCell(header.indexOf('Dibuat') + 1);
    expect(created.value).toBeInstanceOf(Date);
    expect(created.numFmt).toContain('WIB');
    await page.close();
  });

  it('shows the outbox paged by the server and sortable, with a dashboard whose cards link to their lists', async () => {
    const page = await open();
    await page.goto(`${app.url}/admin/#/`);
    await page.getByTestId('fig-expiring-link').waitFor();
    await shot(page, 'dashboard-links');
    await page.getByTestId('fig-cancelled-link').click();
    await page.waitForURL(/#\/accounts\?filter=/);
    expect(decodeURIComponent(page.url())).toContain('"status":"CANCELLED"');
    await page.goto(`${app.url}/admin/#/outboxMessages`);
    await page.locator('table').first().waitFor();
    await shot(page, 'outbox-list');
    await page.close();
  });
});
