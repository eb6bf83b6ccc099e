import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, Browser, Page } from 'playwright-core';
import { startTestApp } from '../support/app';
import { seedAccount, totpDevice } from '../support/flows';
import { gqlOk, waitFor } from '../support/graphql';

async function waitUntil(ok: () => boolean, ms = 10_000) {
  for (const end = Date.now() + ms; !ok();) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, 'screenshots');

/**
 * Exports as an officer makes them: clicks "Ekspor" in Chromium, waits for the
 * download and reads the file. More rows than one API page (100), so the
 * export has to page. Then the lists around them: complaints logged from an
 * account, assigned in bulk; recently viewed accounts; the dashboard's links.
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

  it('exports the canned responses the list holds (not paged): translated headers, a planted title defused', async () => {
    const page = await open();
    const token = await page.evaluate(
      () => JSON.parse((globalThis as any).localStorage.getItem('hakAkses.session')).token as string,
    );
    await gqlOk(
      app.url,
      'mutation($t: String!, $b: String!) { createResponseTemplate(title: $t, body: $b) { id } }',
      { t: '+Kode tidak sampai', b: 'Yth. {nama}, kode untuk pengaduan {nomor} kami kirim ulang.' },
      token,
    );
    await page.goto(`${app.url}/admin/#/responseTemplates`);
    await page.getByText('+Kode tidak sampai').waitFor();
    // No XLSX here: one click writes the CSV.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
    expect(download.suggestedFilename()).toMatch(/^balasan-siap-pakai-\d{8}-\d{4}\.csv$/);
    const lines = fs
      .readFileSync(await download.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('Judul,Teks balasan,Ditawarkan');
    expect(lines).toContain('\'+Kode tidak sampai,"Yth. {nama}, kode untuk pengaduan {nomor} kami kirim ulang.",Ya');
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

  it('pages the audit log past the API page size, and exports it all as XLSX', async () => {
    const page = await open();
    const [{ n }] = await app.orm.em.fork().execute('select count(*)::int as n from audit_event');
    expect(n).toBeGreaterThan(125);
    await page.goto(`${app.url}/admin/#/auditEvents?page=5&perPage=25`);
    await page.getByText(/^101-125 dari \d+$/).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(25);
    // The account of each row by its username, a link to the account (not its id).
    const account = page.locator('tbody a[href^="#/accounts/"]').first();
    await account.waitFor();
    expect(await account.textContent()).toMatch(/^[a-z]+\d+[a-z0-9]*$/);
    expect(await page.locator('tbody').textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await shot(page, 'export-audit-page-5');
    await page.getByTestId('export-button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-\d{8}-\d{4}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.worksheets[0];
    expect((sheet.getRow(1).values as any[]).slice(1, 3)).toEqual(['Waktu', 'Tindakan']);
    // Every row there was when the export started (reading the log may add rows of its own afterwards).
    expect(sheet.rowCount - 1).toBeGreaterThanOrEqual(n);
    expect(sheet.getRow(2).getCell(1).value).toBeInstanceOf(Date);
    await page.close();
  });

  it("links the account's Audit tab (the newest 100 rows) to the audit log filtered to that account", async () => {
    const em = app.orm.em.fork();
    const [a] = await em.execute("select id from account where full_name = 'PEMOHON EKSPOR 8'");
    // 120 reads of the account, one a second, more than the tab's 100.
    await em.execute(
      `insert into audit_event (id, actor_type, actor_id, action, target_type, target_id, ip, details, at)
       select gen_random_uuid(), 'SYSTEM', 'test', 'PII_VIEW', 'account', ?, null, '{}', now() - make_interval(secs => i)
         from generate_series(1, 120) i`,
      [a.id],
    );
    const [{ n }] = await em.execute(
      `select count(*)::int as n from audit_event where (target_type = 'account' and target_id = ?) or details->>'accountId' = ?`,
      [a.id, a.id],
    );
    const page = await open();
    await page.goto(`${app.url}/admin/#/accounts/${a.id}/show/audit`);
    await page.getByTestId('audit-for-account').waitFor();
    // The tab's own table (the only one in the open tab).
    expect(await page.locator('table tbody tr').count()).toBe(100);
    expect(await page.getByTestId('audit-for-account').textContent()).toBe('Lihat semua di Log audit');
    await shot(page, 'account-audit-tab');
    await page.getByTestId('audit-for-account').click();
    await page.waitForURL(/#\/auditEvents\?filter=/);
    expect(decodeURIComponent(page.url())).toContain(`"accountId":"${a.id}"`);
    // Every row about the account, paged (reading the log may add rows of its own).
    const total = Number((await page.getByText(/^1-\d+ dari \d+$/).textContent())!.split(' dari ')[1]);
    expect(total).toBeGreaterThanOrEqual(n);
    expect(total).toBeGreaterThan(100);
    // The server keeps the log newest first: no header offers a sort it would ignore.
    expect(await page.locator('thead .MuiTableSortLabel-root').count()).toBe(0);
    await shot(page, 'audit-for-account');
    await page.close();
  });

  it('logs a complaint from the account page (reporter prefilled), shows it with account and assignee, assigns in bulk', async () => {
    const page = await open();
    const [a] = await app.orm.em
      .fork()
      .execute("select id, nik, full_name from account where full_name = 'PEMOHON EKSPOR 3'");
    await page.goto(`${app.url}/admin/#/accounts/${a.id}/show/complaints`);
    await page.getByTestId('complaint-from-account').click();
    await page.getByTestId('linked-account').waitFor();
    expect(await page.getByRole('textbox', { name: 'Pelapor', exact: true }).inputValue()).toBe('PEMOHON EKSPOR 3');
    // Enter in the NIK box looks the NIK up (and does not submit the form).
    await page.getByTestId('nik-lookup').fill(niks[5]);
    await page.getByTestId('nik-lookup').press('Enter');
    await page.getByText('PEMOHON EKSPOR 5').first().waitFor();
    expect(await page.getByRole('textbox', { name: 'Pelapor', exact: true }).inputValue()).toBe('PEMOHON EKSPOR 3');
    await page.getByLabel('Kategori').click();
    await page.getByRole('option', { name: 'Kode tidak diterima' }).click();
    await page.getByRole('textbox', { name: 'Uraian' }).fill('Kode tidak masuk');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.waitForURL(/#\/complaints\/[^/]+\/show/);
    const [c] = await app.orm.em
      .fork()
      .execute('select id, account_id, reporter_name, assignee_id from complaint order by created_at desc limit 1');
    expect(c).toMatchObject({ reporter_name: 'PEMOHON EKSPOR 3', assignee_id: null });
    const [five] = await app.orm.em.fork().execute("select id from account where full_name = 'PEMOHON EKSPOR 5'");
    expect(c.account_id).toBe(five.id);

    await page.goto(`${app.url}/admin/#/complaints`);
    await page.getByTestId('complaint-account').first().waitFor();
    expect(await page.getByTestId('complaint-account').first().textContent()).toBe('PEMOHON EKSPOR 5');
    // The server lists complaints in its own order: no header offers a sort it would ignore.
    expect(await page.locator('thead .MuiTableSortLabel-root').count()).toBe(0);
    await page.locator('tbody input[type="checkbox"]').first().check();
    await page.getByRole('button', { name: 'Tangani saya' }).click();
    await page.getByText('1 berhasil, 0 gagal').waitFor();
    const [me] = await app.orm.em.fork().execute('select id from staff_user where username = ?', [supervisor.username]);
    const [after] = await app.orm.em.fork().execute('select assignee_id from complaint where id = ?', [c.id]);
    expect(after.assignee_id).toBe(me.id);
    await page.getByText(supervisor.username, { exact: true }).first().waitFor();
    // "Pengaduan saya" keeps it; the account link opens the account.
    const asked: any[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.postData()?.includes('complaints(')) asked.push(r.postDataJSON().variables);
    });
    await page.getByLabel('Pengaduan saya').check();
    await page.waitForURL((u) => decodeURIComponent(u.toString()).includes('"mine":true'));
    await page.getByText('1-1 dari 1').waitFor();
    // The list asks the server for the complaints assigned to the signed-in officer.
    await waitUntil(() => asked.some((v) => v.filter?.assigneeId === me.id));
    expect(asked.every((v) => !('mine' in (v.filter ?? {})))).toBe(true);
    await shot(page, 'complaints-list');
    await page.getByTestId('complaint-account').first().click();
    await page.waitForURL(new RegExp(`#/accounts/${five.id}/show`));
    // The account page remembers the account once it has loaded it.
    await page.waitForFunction(
      (id) => (globalThis as any).localStorage.getItem('hakAkses.recentAccounts')?.includes(id),
      five.id,
    );
    // Both accounts opened are now "recently viewed" on the dashboard, newest first.
    await page.goto(`${app.url}/admin/#/`);
    await page.getByTestId('recent-accounts').locator('a').nth(1).waitFor();
    const recent = await page.getByTestId('recent-accounts').locator('a').allTextContents();
    expect(recent[0]).toContain('PEMOHON EKSPOR 5');
    expect(recent[1]).toContain('PEMOHON EKSPOR 3');
    const stored = await page.evaluate(() => (globalThis as any).localStorage.getItem('hakAkses.recentAccounts'));
    expect(JSON.parse(stored!)).toEqual([five.id, a.id]);
    await page.close();
  });

  it('links dashboard cards to their lists (expiring accounts soonest first); sorts the outbox on the server', async () => {
    const em = app.orm.em.fork();
    const [{ id: unitId }] = await em.execute(
      "insert into service_unit (id, name, region_code, national, created_at) values (gen_random_uuid(), 'DPMPTSP Kota Surabaya', '3578', false, now()) returning id",
    );
    await em.execute("update account set expires_at = now() + interval '5 days' where full_name = 'PEMOHON EKSPOR 40'");
    await em.execute("update account set expires_at = now() + interval '2 days' where full_name = 'PEMOHON EKSPOR 41'");
    const page = await open();
    await page.goto(`${app.url}/admin/#/`);
    await page.getByTestId('fig-expiring-link').waitFor();
    expect(await page.getByTestId('fig-expiring-link').textContent()).toBe('2');
    // Every card carries the period, and the province where its list filters by it.
    const filterOf = async (testId: string) => {
      const href = (await page.getByTestId(testId).getAttribute('href'))!;
      return JSON.parse(decodeURIComponent(href.split('filter=')[1]));
    };
    const completed = await filterOf('fig-completed-link');
    expect(Object.keys(completed).sort()).toEqual(['createdFrom', 'createdTo']);
    expect(await filterOf('fig-cancelled-link')).toEqual({
      status: 'CANCELLED',
      cancelledFrom: completed.createdFrom,
      cancelledTo: completed.createdTo,
    });
    expect(await page.getByTestId('fig-ikm-link').getAttribute('href')).toBe('#/skm');
    await page.getByTestId('province-filter').locator('..').click();
    await page.locator('li[role="option"][data-value="35"]').click();
    await waitFor(
      async () => (await filterOf('fig-completed-link')).provinceCode === '35',
      'the province in the links',
    );
    expect(await filterOf('fig-completed-link')).toEqual({ ...completed, provinceCode: '35' });
    expect(await filterOf('fig-expiring-link')).toEqual({ expiringWithinDays: 7, provinceCode: '35' });
    expect((await filterOf('fig-cancelled-link')).provinceCode).toBe('35');
    // The province's expiring figure counts what its list shows.
    expect(await page.getByTestId('fig-expiring-link').textContent()).toBe('2');
    // The complaint clock: a unit's figures open its complaints; the overdue one those past due.
    const clock = page.getByTestId(`clock-${unitId}`);
    await clock.waitFor();
    const clockFilter = async (k: string) =>
      JSON.parse(
        decodeURIComponent((await clock.getByTestId(`clock-link-${k}`).getAttribute('href'))!.split('filter=')[1]),
      );
    expect(await clockFilter('opened')).toEqual({ unitId });
    expect(await clockFilter('overdue')).toEqual({ unitId, overdue: true });
    await shot(page, 'dashboard-links');
    await clock.getByTestId('clock-link-overdue').click();
    await page.waitForURL(/#\/complaints\?filter=/);
    expect(JSON.parse(new URL(page.url().replace('#/', '')).searchParams.get('filter')!)).toEqual({
      unitId,
      overdue: true,
    });
    await page.goto(`${app.url}/admin/#/`);
    await page.getByTestId('fig-expiring-link').waitFor();
    await page.getByTestId('fig-expiring-link').click();
    await page.waitForURL((u) => /sort=expiresAt/.test(u.toString()) && /order=ASC/.test(u.toString()));
    await page.getByText('1-2 dari 2').waitFor();
    const names = await page.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(names).toEqual(['PEMOHON EKSPOR 41', 'PEMOHON EKSPOR 40']);
    await shot(page, 'accounts-expiring');
    await page.goto(`${app.url}/admin/#/`);
    // One account cancelled today, one long ago: the card's list is the period's.
    await em.execute(
      "update account set status = 'CANCELLED', cancelled_at = case when full_name = 'PEMOHON EKSPOR 42' then now() else now() - interval '60 days' end where full_name in ('PEMOHON EKSPOR 42', 'PEMOHON EKSPOR 43')",
    );
    await page.getByTestId('fig-cancelled-link').click();
    await page.waitForURL(/#\/accounts\?filter=/);
    expect(decodeURIComponent(page.url())).toContain('"status":"CANCELLED"');
    await page.getByText('1-1 dari 1').waitFor();
    expect(await page.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual(['PEMOHON EKSPOR 42']);
    await shot(page, 'accounts-cancelled-in-period');
    await em.execute(
      "update account set status = 'ACTIVE', cancelled_at = null where full_name in ('PEMOHON EKSPOR 42', 'PEMOHON EKSPOR 43')",
    );
    // The outbox: 124 welcome messages, 10 a page, sorted by the server when a header is clicked.
    const asked: any[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.postData()?.includes('outboxMessages('))
        asked.push(r.postDataJSON().variables);
    });
    await page.goto(`${app.url}/admin/#/outboxMessages?perPage=10`);
    await page.getByText('1-10 dari 124').waitFor();
    await page.getByRole('button', { name: 'Dibuat' }).click();
    await waitUntil(() => asked.some((v) => v.sort?.field === 'CREATED_AT' && v.sort?.direction === 'ASC'));
    await page.getByRole('button', { name: 'Ke halaman 2' }).click();
    await waitUntil(() => asked.some((v) => v.offset === 10 && v.first === 10));
    await shot(page, 'outbox-list');
    await page.close();
  });
});
