import path from 'node:path';
import { Browser } from 'playwright-core';
import { gqlOk, waitFor } from '../support/graphql';
import { launchConsoleBrowser, SHOTS } from '../support/browser';
import { startTestApp, TestClock } from '../support/app';
import { startSmtpReceiver } from '../support/receivers';
import { seedAccount, totpDevice } from '../support/flows';

const FILE = `mutation($k: DataSubjectRequestKind!, $d: String) { fileDataSubjectRequest(kind: $k, details: $d) { id number } }`;

/** The supervisor's queue of UU PDP requests: soonest deadline first, overdue in red, decided from the row. */
describe('the data-request queue in the console (Chromium)', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let browser: Browser;
  const clock = new TestClock();

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    app = await startTestApp({ smtpUrl: smtp.url, clock });
    browser = await launchConsoleBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await app?.dropDatabase();
    await smtp?.close();
  });

  it('shows time left, the overdue request first and in red, and refuses it with a reason the applicant receives', async () => {
    const a = await seedAccount(app);
    const token = (await app.services.sessions.create(app.orm.em.fork(), 'ACCOUNT', a.id, null)).token;
    // Filed 73 hours ago: one hour past its 72-hour deadline.
    clock.set(new Date(Date.now() - 73 * 3600_000));
    const late = (await gqlOk(app.url, FILE, { k: 'ACCESS', d: 'Mohon salinan data saya' }, token))
      .fileDataSubjectRequest;
    clock.set(new Date());
    const fresh = (await gqlOk(app.url, FILE, { k: 'CORRECTION' }, token)).fileDataSubjectRequest;

    const created = await app.services.staff.create(app.orm.em.fork(), { username: 'spv.pdp', role: 'SUPERVISOR' });
    const totp = totpDevice(created.otpauthUri!);
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${app.url}/admin/#/login`);
    await page.getByLabel('Nama pengguna').fill('spv.pdp');
    await page.getByLabel('Kata sandi').fill(created.generatedPassword!);
    await page.getByLabel('Kode TOTP (SUPERVISOR/ADMIN)').fill(await totp.code());
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('menuitem', { name: 'Permintaan data pribadi' }).click();

    const rows = page.locator('tbody tr');
    await rows.nth(1).waitFor();
    expect(await rows.nth(0).textContent()).toContain(late.number);
    expect(await rows.nth(1).textContent()).toContain(fresh.number);
    const lateLeft = rows.nth(0).getByTestId('time-left');
    expect(await lateLeft.getAttribute('data-overdue')).toBe('true');
    expect(await lateLeft.textContent()).toMatch(/^terlambat (0 jam 59 menit|1 jam 0 menit)$/);
    expect(await lateLeft.evaluate((el) => (globalThis as any).getComputedStyle(el).color)).toBe('rgb(198, 40, 40)');
    const freshLeft = rows.nth(1).getByTestId('time-left');
    expect(await freshLeft.getAttribute('data-overdue')).toBe('false');
    expect(await freshLeft.textContent()).toMatch(/^71 jam 59 menit$/);
    expect(await rows.nth(0).textContent()).toContain('Akses data');
    await page.screenshot({ path: path.join(SHOTS, 'data-requests-00-queue.png'), fullPage: true });

    // Refuse the overdue one with the explanation the applicant reads.
    await rows.nth(0).getByRole('button', { name: 'Tolak' }).click();
    const reason = 'Mohon lampirkan foto KTP agar identitas Anda dapat kami pastikan';
    await page.getByRole('dialog').getByLabel('Keterangan untuk pemohon (dikirim kepadanya)').fill(reason);
    await page.screenshot({ path: path.join(SHOTS, 'data-requests-01-refuse.png'), fullPage: true });
    await page.getByRole('dialog').getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByText('Berhasil.').waitFor();
    // The default filter shows open requests: the refused one leaves the queue.
    await waitFor(async () => (await rows.count()) === 1, 'refused request gone from the open queue');
    expect(await rows.nth(0).textContent()).toContain(fresh.number);
    const mail = await smtp.waitForMailMatching(a.email!, new RegExp(late.number));
    expect(mail.text).toContain(reason);

    // The same queue in English: words for every code, the time left in English.
    await page.getByRole('button', { name: 'Indonesia' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'Data requests' }).waitFor();
    await rows.nth(0).getByText('Correction', { exact: true }).waitFor();
    expect(await rows.nth(0).getByTestId('time-left').textContent()).toMatch(/^71 h 5\d min$/);
    expect(await rows.nth(0).textContent()).toContain('Applicant');
    await page.screenshot({ path: path.join(SHOTS, 'data-requests-02-english.png'), fullPage: true });

    // A live queue: a request filed while it is open appears within the 15 s refetch, with no reload.
    await page.evaluate(() => ((globalThis as any).__sameDocument = true));
    const filedMeanwhile = (await gqlOk(app.url, FILE, { k: 'OBJECTION' }, token)).fileDataSubjectRequest;
    const newRow = page.locator('tbody tr', { hasText: filedMeanwhile.number });
    await newRow.waitFor({ timeout: 20_000 });
    expect(await newRow.getByTestId('time-left').textContent()).toMatch(/^71 h 5\d min$/);
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'data-requests-02b-filed-meanwhile.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows what fulfilling did: the export link waiting to be opened, the account anonymised', async () => {
    const a = await seedAccount(app);
    const gone = await seedAccount(app);
    const tokenOf = async (id: string) =>
      (await app.services.sessions.create(app.orm.em.fork(), 'ACCOUNT', id, null)).token;
    const access = (await gqlOk(app.url, FILE, { k: 'ACCESS' }, await tokenOf(a.id))).fileDataSubjectRequest;
    const deletion = (await gqlOk(app.url, FILE, { k: 'DELETION' }, await tokenOf(gone.id))).fileDataSubjectRequest;
    const created = await app.services.staff.create(app.orm.em.fork(), { username: 'spv.pdp2', role: 'SUPERVISOR' });
    const totp = totpDevice(created.otpauthUri!);
    const page = await browser.newPage({ viewport: { width: 1600, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${app.url}/admin/#/login`);
    await page.getByLabel('Nama pengguna').fill('spv.pdp2');
    await page.getByLabel('Kata sandi').fill(created.generatedPassword!);
    await page.getByLabel('Kode TOTP (SUPERVISOR/ADMIN)').fill(await totp.code());
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('menuitem', { name: 'Permintaan data pribadi' }).click();

    // Fulfil both from their rows.
    for (const r of [access, deletion]) {
      const row = page.locator('tbody tr', { hasText: r.number });
      await row.getByRole('button', { name: 'Penuhi' }).click();
      await page
        .getByRole('dialog')
        .getByLabel('Keterangan untuk pemohon (dikirim kepadanya)')
        .fill('Permintaan Anda sudah kami laksanakan');
      await page.getByRole('dialog').getByRole('button', { name: 'Lanjutkan' }).click();
      await page.getByText('Berhasil.').waitFor();
      await waitFor(async () => (await row.count()) === 0, `${r.number} leaves the open queue`);
    }
    await smtp.waitForMailMatching(a.email!, /data-export\?token=/);

    await page.goto(`${app.url}/admin/#/dataSubjectRequests?filter=${encodeURIComponent('{"status":"FULFILLED"}')}`);
    const accessRow = page.locator('tbody tr', { hasText: access.number });
    const deletionRow = page.locator('tbody tr', { hasText: deletion.number });
    await accessRow.getByTestId('effect').waitFor();
    expect(await accessRow.getByTestId('effect').textContent()).toMatch(/^Menunggu dibuka, tautan berlaku sampai /);
    expect(await deletionRow.getByTestId('effect').textContent()).toMatch(/^Data dihapus \(anonim\) /);
    await page.screenshot({ path: path.join(SHOTS, 'data-requests-03-fulfilled.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
