import fs from 'node:fs';
import path from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import { errorCode, gql, gqlOk, waitFor } from '../support/graphql';
import { startTestApp } from '../support/app';
import { startSmtpReceiver } from '../support/receivers';
import { individualInput, LOGIN, registerByEmail, seedAccount, START, totpDevice } from '../support/flows';
import { makeEmail, STRONG_PASSWORD } from '../support/factories';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, 'screenshots');

/**
 * The react-admin console in Chromium, against the real server and database,
 * driven as a helpdesk officer and a supervisor would. Every test saves a
 * screenshot under test/browser/screenshots/.
 */
describe('the helpdesk console in Chromium', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let browser: Browser;
  const consoleErrors: string[] = [];
  const staff: Record<string, { username: string; password: string; totp?: ReturnType<typeof totpDevice> }> = {};

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    if (!fs.existsSync(path.resolve(__dirname, '../../admin-ui/dist/index.html')))
      throw new Error('Build the console first: npm run build:console');
    fs.mkdirSync(SHOTS, { recursive: true });
    smtp = await startSmtpReceiver();
    app = await startTestApp({ smtpUrl: smtp.url });
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
    for (const role of ['HELPDESK', 'SUPERVISOR'] as const) {
      const username = `${role.toLowerCase()}.konsol`;
      const c = await app.services.staff.create(app.orm.em.fork(), { username, role });
      staff[role] = {
        username,
        password: c.generatedPassword!,
        totp: c.otpauthUri ? totpDevice(c.otpauthUri) : undefined,
      };
    }
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await app?.dropDatabase();
    await smtp?.close();
  });

  async function open(role: 'HELPDESK' | 'SUPERVISOR', width = 1366, height = 768): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${role}: ${m.text()}`));
    page.on('pageerror', (e) => consoleErrors.push(`${role}: ${e.message}`));
    await page.goto(`${app.url}/admin/#/login`);
    const s = staff[role];
    await page.getByLabel('Nama pengguna').fill(s.username);
    await page.getByLabel('Kata sandi').fill(s.password);
    // The server takes each code once: every login gets a fresh one, as from an authenticator app.
    if (s.totp) await page.getByLabel('Kode TOTP (SUPERVISOR/ADMIN)').fill(await s.totp.code());
    await page.getByRole('button', { name: 'Masuk' }).click();
    // Connected: the indicator is labelled "langsung" (on a phone it shows only the dot).
    await page.locator('[data-testid="live-indicator"][aria-label="langsung"]').waitFor();
    return page;
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  it('logs in helpdesk and supervisor (TOTP); a wrong code says so in Indonesian; menus follow the role', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${app.url}/admin/#/login`);
    await page.getByLabel('Nama pengguna').fill(staff.SUPERVISOR.username);
    await page.getByLabel('Kata sandi').fill(staff.SUPERVISOR.password);
    await page.getByLabel('Kode TOTP (SUPERVISOR/ADMIN)').fill('000000');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('alert').filter({ hasText: 'Identitas atau kata sandi salah' }).waitFor();
    await shot(page, '01-login-error');
    await page.close();

    const helpdesk = await open('HELPDESK');
    await helpdesk.getByRole('menuitem', { name: 'Akun' }).waitFor();
    expect(await helpdesk.getByRole('menuitem', { name: 'Log audit' }).count()).toBe(0);
    expect(await helpdesk.getByRole('menuitem', { name: 'Staf' }).count()).toBe(0);
    await shot(helpdesk, '02-helpdesk-home');
    await helpdesk.close();
    const supervisor = await open('SUPERVISOR');
    await supervisor.getByRole('menuitem', { name: 'Log audit' }).waitFor();
    await supervisor.close();
  });

  it('finds an account by NIK and by a misspelt name, opens it, reveals and changes its email', async () => {
    const { account, input } = await registerByEmail(app, smtp, {}, { fullName: 'Kartika Sari Dewi' });
    const page = await open('HELPDESK');
    await page.goto(`${app.url}/admin/#/accounts?filter=${encodeURIComponent(JSON.stringify({ q: input.nik }))}`);
    await page.getByText(account.username).waitFor();
    await page.goto(`${app.url}/admin/#/accounts?filter=${encodeURIComponent(JSON.stringify({ q: 'kartka sari' }))}`);
    await page.getByText('KARTIKA SARI DEWI').first().click();
    await page.getByRole('tab', { name: 'Profil' }).waitFor();
    expect(await page.getByText(input.nik as string).count()).toBe(0); // masked until asked
    await page.getByTestId('reveal').click();
    await page.getByText(input.nik as string).waitFor();
    await shot(page, '03-account-detail');
    const newEmail = makeEmail('konsol');
    await page.getByRole('button', { name: 'Ganti email' }).click();
    await page.getByLabel('Email baru').fill(newEmail);
    await page.getByLabel('Alasan').fill('Email lama tidak aktif; identitas dicek lewat telepon');
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByText('Berhasil.').waitFor();
    const link = await smtp.waitForMail(newEmail);
    expect(link.text).toContain('/confirm-email?token=');
    await page.getByRole('tab', { name: 'Permintaan ganti email' }).click();
    // Staff see the new address masked, like every contact outside a revealed read.
    await page.getByText(`${newEmail.slice(0, 2)}****@example.co.id`).waitFor();
    expect(await page.getByText(newEmail).count()).toBe(0);
    await shot(page, '03b-email-change');
    const views = await app.orm.em
      .fork()
      .execute(`select count(*)::int as n from audit_event where action = 'PII_VIEW' and target_id = ?`, [account.id]);
    expect(views[0].n).toBeGreaterThanOrEqual(1);
    await page.close();
  });

  it('lets a supervisor extend an expiry; a helpdesk officer sees no such button', async () => {
    const a = await seedAccount(app, { fullName: 'BAYU PERPANJANG' });
    const helpdesk = await open('HELPDESK');
    await helpdesk.goto(`${app.url}/admin/#/accounts/${a.id}/show`);
    await helpdesk.getByRole('button', { name: 'Ganti email' }).waitFor();
    expect(await helpdesk.getByRole('button', { name: 'Perpanjang' }).count()).toBe(0);
    expect(await helpdesk.getByRole('button', { name: 'Tangguhkan' }).count()).toBe(0);
    await helpdesk.close();
    const supervisor = await open('SUPERVISOR');
    await supervisor.goto(`${app.url}/admin/#/accounts/${a.id}/show`);
    await supervisor.getByRole('button', { name: 'Perpanjang' }).click();
    await supervisor.getByLabel('Jumlah hari (1-30)').fill('14');
    await supervisor.getByLabel('Alasan').fill('Dokumen perizinan sedang disiapkan');
    await supervisor.getByRole('button', { name: 'Lanjutkan' }).click();
    await supervisor.getByText('Berhasil.').waitFor();
    const [row] = await app.orm.em.fork().execute('select extended_days from account where id = ?', [a.id]);
    expect(row.extended_days).toBe(14);
    await supervisor.getByRole('dialog').waitFor({ state: 'detached' }); // the dialog has finished closing
    await shot(supervisor, '04-extended');
    await supervisor.close();
  });

  it('suspends, reactivates, resends the activation and unlocks login from the account page, each with a reason', async () => {
    const { account } = await registerByEmail(app, smtp, {}, { fullName: 'EKA TOMBOL' });
    const sql = (q: string, params: unknown[] = []) => app.orm.em.fork().execute(q, params);
    // Five wrong passwords lock the applicant's login.
    for (let i = 0; i < 5; i++) {
      await gql(app.url, LOGIN, { identifier: account.username, password: `Salah#${i}abc` });
    }
    expect(errorCode(await gql(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD }))).toBe(
      'RATE_LIMITED',
    );
    const page = await open('SUPERVISOR');
    await page.goto(`${app.url}/admin/#/accounts/${account.id}/show`);
    const chip = page.getByTestId(`status-${account.id}`).first();
    await chip.filter({ hasText: /^Aktif$/ }).waitFor();
    const lockAlert = page.getByRole('alert').filter({ hasText: 'Buka kunci masuk:' });
    await lockAlert.waitFor();
    await shot(page, '09-locked');
    // The consent the applicant gave when registering; no newer notice waits for them.
    expect(await page.getByTestId('consent').textContent()).toMatch(
      /^Versi 1 · \d{1,2} \w{3} \d{4}, \d{2}\.\d{2} WIB · Pemohon sendiri$/,
    );
    expect(await page.getByTestId('consent-required').count()).toBe(0);
    expect(await page.getByTestId('processing-restricted').count()).toBe(0);

    /** Clicks an action, gives the reason in its dialog, confirms, and waits for the dialog to close. */
    const act = async (button: string, reason: string) => {
      await page.getByRole('button', { name: button }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Alasan').fill(reason);
      await dialog.getByRole('button', { name: 'Lanjutkan' }).click();
      await page.getByText('Berhasil.').last().waitFor();
      await dialog.waitFor({ state: 'detached' });
    };
    const welcomes = async () =>
      (
        await sql(`select count(*)::int as n from outbox_message where account_id = ? and template = 'welcome'`, [
          account.id,
        ])
      )[0].n as number;

    const before = await welcomes();
    await act('Kirim ulang aktivasi', 'Pemohon tidak menerima email selamat datang');
    expect(await welcomes()).toBe(before + 1);
    const resent = await smtp.waitForMail(account.email, 2);
    expect(resent.text).toContain(account.username);

    await act('Buka kunci masuk', 'Pemohon sudah dicek lewat telepon');
    await lockAlert.waitFor({ state: 'detached' });
    const { login } = await gqlOk(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });
    expect(login.token).toBeTruthy();

    await act('Tangguhkan', 'Dugaan penyalahgunaan akun');
    await chip.filter({ hasText: /^Ditangguhkan$/ }).waitFor();
    expect((await sql('select status from account where id = ?', [account.id]))[0].status).toBe('SUSPENDED');
    expect(await page.getByRole('button', { name: 'Tangguhkan' }).count()).toBe(0);
    await shot(page, '10-suspended');

    await act('Aktifkan kembali', 'Pemeriksaan selesai, akun aman');
    await chip.filter({ hasText: /^Aktif$/ }).waitFor();
    expect((await sql('select status from account where id = ?', [account.id]))[0].status).toBe('ACTIVE');
    const actions = await sql(
      `select action from audit_event where target_id = ? and action in
         ('ACTIVATION_RESENT', 'LOGIN_UNLOCKED', 'ACCOUNT_SUSPENDED', 'ACCOUNT_ACTIVE') order by at, id`,
      [account.id],
    );
    expect(actions.map((r: any) => r.action)).toEqual([
      'ACTIVATION_RESENT',
      'LOGIN_UNLOCKED',
      'ACCOUNT_SUSPENDED',
      'ACCOUNT_ACTIVE',
    ]);
    await shot(page, '11-reactivated');

    // A restriction of processing (UU PDP) is in front of every officer who opens the account.
    await sql(`update account set processing_restricted = true, processing_restricted_at = now() where id = ?`, [
      account.id,
    ]);
    await page.reload();
    await page.getByTestId('processing-restricted').filter({ hasText: 'membatasi pemrosesan' }).waitFor();
    await sql(`update account set processing_restricted = false, processing_restricted_at = null where id = ?`, [
      account.id,
    ]);

    // "Keluar" from the user menu ends the session on the server, not just in the tab.
    const token = await page.evaluate(() => {
      const store = (
        globalThis as unknown as {
          localStorage: { length: number; key(i: number): string | null; getItem(k: string): string | null };
        }
      ).localStorage;
      for (let i = 0; i < store.length; i++) {
        const v = store.getItem(store.key(i)!);
        if (v?.includes('"token"')) return JSON.parse(v).token as string;
      }
      return undefined;
    });
    expect(token).toBeTruthy();
    const staffQuery = '{ outboxMessages(first: 1) { totalCount } }';
    expect((await gqlOk(app.url, staffQuery, {}, token)).outboxMessages).toBeDefined();
    await page
      .getByRole('button', { name: /profil|profile|pengguna|user/i })
      .first()
      .click();
    await page.getByRole('menuitem', { name: 'Keluar' }).click();
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    await shot(page, '12-logged-out');
    expect(errorCode(await gql(app.url, staffQuery, {}, token))).toBe('UNAUTHENTICATED');
    await page.close();
  });

  it('logs a complaint from a call with the account found by NIK, and resolves it', async () => {
    const a = await seedAccount(app, { fullName: 'CITRA PENGADU' });
    const page = await open('HELPDESK');
    await page.goto(`${app.url}/admin/#/complaints/create`);
    await page.getByTestId('nik-lookup').fill(a.nik!);
    await page.getByRole('button', { name: 'Cari' }).click();
    await page.getByTestId('linked-account').waitFor();
    await page.getByLabel('Kategori').click();
    await page.getByRole('option', { name: 'Kode tidak diterima' }).click();
    await page.getByRole('textbox', { name: 'Pelapor', exact: true }).fill('Citra');
    await page.getByRole('textbox', { name: 'Uraian' }).fill('Kode verifikasi tidak pernah masuk ke WhatsApp');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByRole('button', { name: 'Selesaikan' }).click();
    await page.getByLabel('Penyelesaian').fill('Kode dikirim ulang lewat email');
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByText('Selesai', { exact: true }).first().waitFor();
    const rows = await app.orm.em
      .fork()
      .execute('select status, account_id from complaint where account_id = ?', [a.id]);
    expect(rows).toEqual([{ status: 'RESOLVED', account_id: a.id }]);
    await shot(page, '05-complaint');
    await page.close();
  });

  it('changes a status chip live when the account is suspended through the API, on a phone screen too', async () => {
    const a = await seedAccount(app, { fullName: 'DANI LANGSUNG' });
    const page = await open('HELPDESK', 390, 844);
    await page.goto(`${app.url}/admin/#/accounts/${a.id}/show`);
    const chip = page.getByTestId(`status-${a.id}`).first();
    await chip.filter({ hasText: /^Aktif$/ }).waitFor();
    const em = app.orm.em.fork();
    const sup = await app.services.staff.create(em, { username: 'spv.api', role: 'SUPERVISOR' });
    const token = (await app.services.sessions.create(em, 'STAFF', sup.staff.id, null)).token;
    await gqlOk(
      app.url,
      'mutation($id: ID!) { suspendAccount(id: $id, reason: "Uji tampilan langsung") { status } }',
      { id: a.id },
      token,
    );
    await chip.filter({ hasText: /^Ditangguhkan$/ }).waitFor({ timeout: 10_000 });
    // The chip's colour follows its status: warning (amber) for SUSPENDED, once MUI's transition has run.
    await page.waitForFunction((id) => {
      // Runs in the page (the test's TypeScript has no DOM types; the console's CSP forbids string code).
      const w = globalThis as unknown as {
        document: { querySelector(selector: string): unknown };
        getComputedStyle(element: unknown): { backgroundColor: string };
      };
      const chipElement = w.document.querySelector(`[data-testid="status-${id}"]`);
      return w.getComputedStyle(chipElement).backgroundColor === 'rgb(180, 83, 9)';
    }, a.id);
    await shot(page, '06-live-phone');
    await page.close();
  });

  it('renders the supervisor dashboard with non-empty charts', async () => {
    await gqlOk(app.url, START, { input: individualInput() });
    const page = await open('SUPERVISOR');
    await page.getByTestId('dashboard').waitFor();
    await waitFor(
      async () => ((await page.getByTestId('fig-started').textContent()) !== '0' ? true : undefined),
      'figures',
    );
    await page.locator('[data-testid="chart-registrations"] .recharts-line').first().waitFor({ state: 'attached' });
    await page.locator('[data-testid="chart-funnel"] .recharts-bar-rectangle path').first().waitFor();
    await shot(page, '07-dashboard');
    await page.close();
  });

  it('shows a held code in the outbox on an install without transports; the applicant verifies with its link', async () => {
    const local = await startTestApp();
    try {
      const input = individualInput();
      const { startRegistration: reg } = await gqlOk(local.url, START, { input });
      const c = await local.services.staff.create(local.orm.em.fork(), {
        username: 'lokal.helpdesk',
        role: 'HELPDESK',
      });
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.goto(`${local.url}/admin/#/login`);
      await page.getByLabel('Nama pengguna').fill('lokal.helpdesk');
      await page.getByLabel('Kata sandi').fill(c.generatedPassword!);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.getByTestId('live-indicator').waitFor();
      await page.goto(`${local.url}/admin/#/outboxMessages`);
      await page.getByText(input.email as string).click();
      const body = (await page.getByTestId('message-body').textContent())!;
      expect(body).toMatch(/Kode verifikasi pendaftaran Hak Akses OSS Anda: \d{6}/);
      await shot(page, '08-outbox-held');
      const link = /http:\/\/oss\.test(\/verify-registration\?\S+)/.exec(body)![1];
      const applicant = await browser.newPage();
      await applicant.goto(`${local.url}${link}`);
      await applicant.click('#b');
      await applicant.waitForFunction(() =>
        ((globalThis as any).document.getElementById('msg')?.textContent ?? '').startsWith('Email terverifikasi'),
      );
      const { data } = await gql(local.url, 'query($id: ID!) { registration(id: $id) { step } }', { id: reg.id });
      expect(data.registration.step).toBe('SET_PASSWORD');
    } finally {
      await local.close();
      await local.dropDatabase();
    }
  });

  it('approves, rejects and cancels email-change requests from the queue; cancels in English on a phone', async () => {
    const REQUEST = `mutation($n: String!, $e: String!, $r: String!) {
      requestEmailChange(nik: $n, newEmail: $e, reason: $r) { id } }`;
    const sql = (q: string, params: unknown[] = []) => app.orm.em.fork().execute(q, params);
    /** An applicant's own request (no login: NIK, the new address and why), OPEN in the queue. */
    const request = async (reason: string) => {
      const a = await seedAccount(app, { fullName: `PEMOHON ${reason.toUpperCase()}` });
      const newEmail = makeEmail('ganti');
      const { requestEmailChange } = await gqlOk(app.url, REQUEST, { n: a.nik, e: newEmail, r: reason });
      return { id: requestEmailChange.id as string, newEmail, reason };
    };
    const statusOf = async (id: string) =>
      (await sql('select status, decision_note from email_change_request where id = ?', [id]))[0];
    const approved = await request('Email lama sudah tidak aktif');
    const rejected = await request('Kotak surat lama diretas');

    const page = await open('HELPDESK');
    await page.goto(`${app.url}/admin/#/emailChangeRequests`);
    const row = (r: { reason: string }) => page.locator('tr').filter({ hasText: r.reason });
    await row(approved).waitFor();
    await shot(page, '13-email-change-queue');

    // "Setujui" with a note: the request waits for the new address to confirm, which gets the link.
    await row(approved).getByRole('button', { name: 'Setujui' }).click();
    await page.getByRole('dialog').getByLabel('Catatan').fill('KTP dicek lewat video');
    await page.getByRole('dialog').getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await row(approved).waitFor({ state: 'detached' }); // no longer OPEN
    expect(await statusOf(approved.id)).toEqual({ status: 'APPROVED', decision_note: 'KTP dicek lewat video' });
    expect((await smtp.waitForMail(approved.newEmail)).text).toContain('/confirm-email?token=');

    // "Tolak" with the reason the applicant reads.
    await row(rejected).getByRole('button', { name: 'Tolak' }).click();
    await page.getByRole('dialog').getByLabel('Alasan').fill('Identitas tidak cocok dengan data akun');
    await page.getByRole('dialog').getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await row(rejected).waitFor({ state: 'detached' });
    expect(await statusOf(rejected.id)).toEqual({
      status: 'REJECTED',
      decision_note: 'Identitas tidak cocok dengan data akun',
    });

    // "Batalkan" on an open one (the applicant called to withdraw it).
    const withdrawn = await request('Salah ketik alamat baru');
    await page.reload();
    await row(withdrawn).getByRole('button', { name: 'Batalkan' }).click();
    await page.getByRole('dialog').getByLabel('Alasan').fill('Pemohon menarik permintaannya lewat telepon');
    await page.getByRole('dialog').getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect((await statusOf(withdrawn.id)).status).toBe('CANCELLED');
    await page.close();

    // In English on a phone: the approved request (still waiting for its confirmation) is cancelled.
    const phone = await open('HELPDESK', 390, 844);
    await phone.getByRole('button', { name: 'Indonesia' }).click();
    await phone.getByRole('menuitem', { name: 'English' }).click();
    // On a phone the menu is folded away: the live indicator says when the console speaks English.
    await phone.locator('[data-testid="live-indicator"][aria-label="live"]').waitFor();
    await phone.goto(
      `${app.url}/admin/#/emailChangeRequests?filter=${encodeURIComponent(JSON.stringify({ status: 'APPROVED' }))}`,
    );
    const item = phone.getByRole('listitem').filter({ hasText: approved.reason });
    await item.getByRole('button', { name: 'Cancel request' }).click();
    await phone.getByRole('dialog').getByLabel('Reason').fill('The applicant lost access to the new address');
    await shot(phone, '14-email-change-cancel-phone-en');
    await phone.getByRole('dialog').getByRole('button', { name: 'Continue' }).click();
    await phone.getByText('Done.').waitFor();
    await item.waitFor({ state: 'detached' });
    expect(await statusOf(approved.id)).toEqual({
      status: 'CANCELLED',
      decision_note: 'The applicant lost access to the new address',
    });
    // Nothing on the page is wider than the phone.
    expect(await phone.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await shot(phone, '15-email-change-cancelled-phone-en');
    await phone.close();
  });

  it('wrote no errors to the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
