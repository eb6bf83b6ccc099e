import fs from 'node:fs';
import path from 'node:path';
import { Browser } from 'playwright-core';
import { waitFor } from '../support/graphql';
import { pdfPages } from '../support/pdf-text';
import { launchConsoleBrowser, SHOTS } from '../support/browser';
import { startTestApp } from '../support/app';
import { startSmtpReceiver } from '../support/receivers';
import { seedAccount, totpDevice } from '../support/flows';

/** The breach register in the console: record, select the affected accounts, notify them, download the report. */
describe('the breach register in the console (Chromium)', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    app = await startTestApp({ smtpUrl: smtp.url });
    browser = await launchConsoleBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await app?.dropDatabase();
    await smtp?.close();
  });

  it('records an incident, notifies the affected applicants once and downloads the report', async () => {
    const hit = [
      await seedAccount(app, { provinceCode: '94', villageCode: '9471011001' }),
      await seedAccount(app, { provinceCode: '94', villageCode: '9471011001' }),
    ];
    await seedAccount(app);
    const created = await app.services.staff.create(app.orm.em.fork(), { username: 'spv.insiden', role: 'SUPERVISOR' });
    const totp = totpDevice(created.otpauthUri!);
    const page = await browser.newPage({
      viewport: { width: 1600, height: 900 },
      acceptDownloads: true,
      timezoneId: 'Asia/Jakarta',
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${app.url}/admin/#/login`);
    await page.getByLabel('Nama pengguna').fill('spv.insiden');
    await page.getByLabel('Kata sandi').fill(created.generatedPassword!);
    await page.getByLabel('Kode TOTP (SUPERVISOR/ADMIN)').fill(await totp.code());
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('menuitem', { name: 'Insiden data pribadi' }).click();

    await page.getByRole('button', { name: 'Catat insiden' }).click();
    const dialog = page.getByRole('dialog');
    const found = new Date(Date.now() - 3600_000 + 7 * 3600_000).toISOString().slice(0, 16); // one hour ago, WIB
    await dialog.getByLabel('Diketahui').fill(found);
    await dialog.getByLabel('NIK').check();
    await dialog.getByLabel('Email').check();
    await dialog.getByLabel('Bagaimana terjadi').fill('Berkas ekspor akun terbuka di folder bersama tanpa login.');
    await dialog.getByLabel('Penanganan').fill('Folder ditutup dan akses petugas ditinjau ulang.');
    await page.screenshot({ path: path.join(SHOTS, 'breach-00-record.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByText('Berhasil.').waitFor();

    const row = page.locator('tbody tr').first();
    await row.getByTestId('breach-time-left').waitFor();
    expect(await row.getByTestId('breach-time-left').textContent()).toMatch(/^70 jam 5\d menit$/);
    expect(await row.textContent()).toContain('NIK, Email');

    await row.getByRole('button', { name: 'Pilih akun terdampak' }).click();
    await page.getByRole('dialog').getByLabel('Kode provinsi (2 angka)').fill('94');
    await page.getByRole('dialog').getByRole('button', { name: 'Lanjutkan' }).click();
    await waitFor(async () => (await row.getByTestId('breach-affected').textContent()) === '2 / 0 / 0', 'selected');

    await row.getByRole('button', { name: 'Kirim pemberitahuan' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Lanjutkan' }).click();
    await waitFor(async () => (await row.getByTestId('breach-affected').textContent()) === '2 / 2 / 0', 'notified');
    for (const a of hit) await smtp.waitForMailMatching(a.email!, /kegagalan pelindungan data pribadi/);

    await row.getByRole('button', { name: 'Unduh laporan' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('dialog').getByRole('button', { name: 'Lanjutkan' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^laporan-insiden-INS-\d{4}-\d{6}\.html$/);
    const html = fs.readFileSync(await download.path(), 'utf8');
    expect(html).toContain('Laporan kegagalan pelindungan data pribadi');

    // The same report as a PDF file, its text read back.
    await row.getByRole('button', { name: 'Unduh PDF' }).click();
    const [pdfDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('dialog').getByRole('button', { name: 'Lanjutkan' }).click(),
    ]);
    expect(pdfDownload.suggestedFilename()).toMatch(/^laporan-insiden-INS-\d{4}-\d{6}\.pdf$/);
    const pdf = fs.readFileSync(await pdfDownload.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfPages(pdf).join('\n');
    expect(text).toContain('Laporan kegagalan pelindungan data pribadi');
    expect(text).toContain('Subjek data terdampak\n2');
    await page.screenshot({ path: path.join(SHOTS, 'breach-01-register.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
