import fs from 'node:fs';
import path from 'node:path';
import { chromium, Browser, BrowserContext, Page } from 'playwright-core';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { startTestApp } from '../support/app';
import { seedAccount, totpDevice } from '../support/flows';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, 'screenshots');
const STAFF_LOGIN =
  'mutation($u: String!, $p: String!, $t: String) { staffLogin(username: $u, password: $p, totp: $t) { token } }';
const STILL_IN = '{ emailChangeRequests { totalCount } }';

/**
 * Sessions and staff administration in the console, in Chromium against the
 * real server: an ended session leads to the login page and back, tabs share
 * one login, "Keluar" ends the server session, and the staff page's buttons
 * change what the server holds.
 */
describe('console sessions and staff administration in Chromium', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let browser: Browser;
  type Who = { id: string; username: string; password: string; totp?: ReturnType<typeof totpDevice> };
  const staff: Record<string, Who> = {};

  async function createStaff(username: string, role: 'HELPDESK' | 'SUPERVISOR' | 'ADMIN', demo = false) {
    const c = await app.services.staff.create(app.orm.em.fork(), { username, role, demo });
    return {
      id: c.staff.id,
      username,
      password: c.generatedPassword!,
      totp: c.otpauthUri ? totpDevice(c.otpauthUri) : undefined,
    };
  }

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    if (!fs.existsSync(path.resolve(__dirname, '../../admin-ui/dist/index.html')))
      throw new Error('Build the console first: npm run build:console');
    fs.mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    staff.HELPDESK = await createStaff('sesi.helpdesk', 'HELPDESK');
    staff.ADMIN = await createStaff('sesi.admin', 'ADMIN');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await app?.dropDatabase();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  /**
   * A page that counts every change of the address (router pushes, replaces and hash changes) and notes when
   * the login form's first field appeared, in the page's own clock (ms since the navigation started).
   */
  async function countingPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    // Runs in the page before the console's own scripts (a string: the tests compile without the DOM types).
    await page.addInitScript(`
      window.__navigations = 0;
      window.addEventListener('hashchange', () => window.__navigations++);
      for (const m of ['pushState', 'replaceState']) {
        const original = history[m];
        history[m] = function (...args) {
          window.__navigations++;
          return original.apply(this, args);
        };
      }
      window.__formAt = null;
      new MutationObserver((_, observer) => {
        if (!document.querySelector('input[name="username"]')) return;
        window.__formAt = performance.now();
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    `);
    return page;
  }
  const navigations = (page: Page) => page.evaluate(() => (globalThis as any).__navigations as number);

  async function fillLogin(page: Page, who: Who) {
    await page.getByLabel('Nama pengguna').fill(who.username);
    await page.getByLabel('Kata sandi').fill(who.password);
    if (who.totp) await page.getByLabel('Kode TOTP (SUPERVISOR/ADMIN)').fill(await who.totp.code());
    await page.getByRole('button', { name: 'Masuk' }).click();
  }
  async function signIn(page: Page, who: Who, at = '#/') {
    await page.goto(`${app.url}/admin/${at}`);
    await fillLogin(page, who);
    await page.locator('[data-testid="live-indicator"][aria-label="langsung"]').waitFor();
  }
  const tokenOf = (page: Page) =>
    page.evaluate(
      () =>
        JSON.parse((globalThis as any).localStorage.getItem('hakAkses.session') ?? 'null')?.token as string | undefined,
    );

  it('shows the login form at once on a deep link, with a handful of address changes, and returns there after login', async () => {
    const a = await seedAccount(app, { fullName: 'DEWI TAUTAN LANGSUNG' });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await countingPage(context);
    const started = Date.now();
    await page.goto(`${app.url}/admin/#/accounts/${a.id}/show`);
    await page.getByLabel('Nama pengguna').waitFor();
    const formAt = await page.evaluate(() => (globalThis as any).__formAt as number);
    console.log(`login form ${Math.round(formAt)} ms into the visit (${Date.now() - started} ms for the test)`);
    // About 0.9 s on an idle machine, up to 1.6 s on a loaded 2-core one: the bound is 3 s, which still
    // catches the 10-27 s of redirects the visit used to take.
    expect(formAt).toBeGreaterThan(0);
    expect(formAt).toBeLessThan(3000);
    // Before the fix react-admin redirected to #/login over a thousand times here.
    expect(await navigations(page)).toBeLessThan(5);
    expect(page.url()).toMatch(/#\/login$/);
    // No "session ended" notice for someone who never signed in.
    expect(await page.getByTestId('session-expired').count()).toBe(0);
    await shot(page, '20-deep-link-login');
    await fillLogin(page, staff.HELPDESK);
    await page.getByText('DEWI TAUTAN LANGSUNG').first().waitFor();
    expect(page.url()).toBe(`${app.url}/admin/#/accounts/${a.id}/show`);
    await context.close();
  });

  it('ends the session everywhere when the server ends it: login page with the notice, then back to the same page', async () => {
    const a = await seedAccount(app, { fullName: 'BUDI SESI BERAKHIR' });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await countingPage(context);
    await signIn(page, staff.HELPDESK);
    await page.goto(`${app.url}/admin/#/accounts/${a.id}/show`);
    await page.getByText('BUDI SESI BERAKHIR').first().waitFor();
    // A second tab of the same browser shares the login: no form, the list straight away.
    const second = await context.newPage();
    await second.goto(`${app.url}/admin/#/accounts`);
    await second.locator('[data-testid="live-indicator"][aria-label="langsung"]').waitFor();
    expect(await second.getByRole('button', { name: 'Masuk' }).count()).toBe(0);

    // The idle limit passed (the socket is not told): the next read (a reload) is refused; the console says why.
    await app.orm.em
      .fork()
      .execute(`update auth_session set last_seen_at = now() - interval '2 days' where subject_id = ?`, [
        staff.HELPDESK.id,
      ]);
    await page.reload();
    await page.getByTestId('session-expired').waitFor();
    await page.getByText('Sesi Anda telah berakhir').waitFor();
    expect(page.url()).toMatch(/#\/login$/);
    // The other tab follows (the shared session is gone), and nothing showed an empty list meanwhile.
    await second.getByRole('button', { name: 'Masuk' }).waitFor();
    expect(await page.getByText('Tidak ada Akun').count()).toBe(0);
    await shot(page, '21-session-ended');

    await fillLogin(page, staff.HELPDESK);
    await page.getByText('BUDI SESI BERAKHIR').first().waitFor();
    expect(page.url()).toBe(`${app.url}/admin/#/accounts/${a.id}/show`);
    expect(await page.getByTestId('session-expired').count()).toBe(0);

    // Logged out elsewhere (an API client holding the same token): the server closes the socket, no click needed.
    await gqlOk(app.url, 'mutation { logout }', {}, (await tokenOf(page))!);
    await page.getByTestId('session-expired').waitFor({ timeout: 15_000 });
    await fillLogin(page, staff.HELPDESK);
    await page.getByText('BUDI SESI BERAKHIR').first().waitFor();
    expect(page.url()).toBe(`${app.url}/admin/#/accounts/${a.id}/show`);
    // The notice is gone once used.
    expect(await page.getByTestId('session-expired').count()).toBe(0);
    await context.close();
  });

  it('returns a disabled officer to the login page without a click (the server closes the socket with 4403)', async () => {
    const officer = await createStaff('sesi.nonaktif', 'HELPDESK');
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await signIn(page, officer, '#/complaints');
    await page.getByRole('menuitem', { name: 'Akun' }).waitFor();
    const admin = await createStaff(`sesi.admin${Date.now() % 1000}`, 'ADMIN');
    const { staffLogin } = await gqlOk(app.url, STAFF_LOGIN, {
      u: admin.username,
      p: admin.password,
      t: await admin.totp!.code(),
    });
    await gqlOk(app.url, 'mutation($id: ID!) { disableStaff(id: $id) { id } }', { id: officer.id }, staffLogin.token);
    await page.getByTestId('session-expired').waitFor({ timeout: 15_000 });
    expect(page.url()).toMatch(/#\/login$/);
    expect(await page.evaluate(() => (globalThis as any).localStorage.getItem('hakAkses.session'))).toBeNull();
    await context.close();
  });

  it('"Keluar" ends the session on the server, in every tab', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await signIn(page, staff.HELPDESK, '#/accounts');
    const other = await context.newPage();
    await other.goto(`${app.url}/admin/#/complaints`);
    await other.locator('[data-testid="live-indicator"][aria-label="langsung"]').waitFor();
    const token = (await tokenOf(page))!;
    expect(errorCode(await gql(app.url, STILL_IN, {}, token))).toBeUndefined();
    await page.getByRole('button', { name: 'Profil' }).click();
    await page.getByRole('menuitem', { name: 'Keluar' }).click();
    await page.getByLabel('Nama pengguna').waitFor();
    // Leaving on purpose is not an ended session: no notice.
    expect(await page.getByTestId('session-expired').count()).toBe(0);
    expect(errorCode(await gql(app.url, STILL_IN, {}, token))).toBe('UNAUTHENTICATED');
    const [row] = await app.orm.em
      .fork()
      .execute(`select revoked_at from auth_session where subject_id = ? order by created_at desc limit 1`, [
        staff.HELPDESK.id,
      ]);
    expect(row.revoked_at).toBeTruthy();
    await other.getByLabel('Nama pengguna').waitFor();
    await context.close();
  });

  it('"Logout" in English on a phone ends the session on the server', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, staff.HELPDESK, '#/accounts');
    await page.getByRole('button', { name: 'Indonesia' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.locator('[data-testid="live-indicator"][aria-label="live"]').waitFor();
    const token = (await tokenOf(page))!;
    expect(errorCode(await gql(app.url, STILL_IN, {}, token))).toBeUndefined();
    // On a phone the user menu is an icon button, named for screen readers.
    await page.getByRole('button', { name: 'Profile' }).click();
    await shot(page, '24-logout-phone-en');
    await page.getByRole('menuitem', { name: 'Logout' }).click();
    // The login form, still in English (the officer's language outlives the session), and no "session ended" notice.
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByTestId('session-expired').count()).toBe(0);
    expect(errorCode(await gql(app.url, STILL_IN, {}, token))).toBe('UNAUTHENTICATED');
    expect(await page.evaluate(() => (globalThis as any).localStorage.getItem('hakAkses.session'))).toBeNull();
    await shot(page, '25-logged-out-phone-en');
    await context.close();
  });

  it('staff page: no actions on the own row, no TOTP reset for HELPDESK; reset TOTP, one-time password and the demo user', async () => {
    const supervisor = await createStaff('sesi.supervisor', 'SUPERVISOR');
    const helpdesk = await createStaff('sesi.petugas', 'HELPDESK');
    const demo = await createStaff('demo.helpdesk', 'HELPDESK', true);
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, staff.ADMIN, '#/staffUsers');
    const row = (username: string) => page.locator('tr').filter({ has: page.getByText(username, { exact: true }) });
    await row(supervisor.username).waitFor();
    await page.getByTestId('demo-warning').waitFor();
    await shot(page, '22-staff-page');

    const own = row(staff.ADMIN.username);
    expect(await own.getByRole('button').count()).toBe(0);
    expect(await row(helpdesk.username).getByRole('button', { name: 'Atur ulang TOTP' }).count()).toBe(0);
    expect(await row(helpdesk.username).getByRole('button', { name: 'Kata sandi sekali pakai' }).count()).toBe(1);
    expect(await row(supervisor.username).getByRole('button', { name: 'Atur ulang TOTP' }).count()).toBe(1);

    // Re-key the supervisor's TOTP: a QR code is shown, the secret on the server changed, the old device fails.
    const secretBefore = await app.orm.em
      .fork()
      .execute(`select totp_secret from staff_user where id = ?`, [supervisor.id]);
    await row(supervisor.username).getByRole('button', { name: 'Atur ulang TOTP' }).click();
    await page.getByText('Kode QR baru untuk sesi.supervisor').waitFor();
    await shot(page, '22a-staff-reset-totp-confirm');
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByTestId('totp-qr').waitFor();
    await page.getByRole('button', { name: 'Tutup' }).click();
    const secretAfter = await app.orm.em
      .fork()
      .execute(`select totp_secret from staff_user where id = ?`, [supervisor.id]);
    expect(secretAfter[0].totp_secret).not.toBe(secretBefore[0].totp_secret);

    // One-time password for the helpdesk officer: shown once, the old password fails, the new one signs in.
    await row(helpdesk.username).getByRole('button', { name: 'Kata sandi sekali pakai' }).click();
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByTestId('one-time-password').waitFor();
    await shot(page, '22b-staff-one-time-password');
    // A password only: no QR code (not the supervisor's from the dialog before).
    expect(await page.getByTestId('totp-qr').count()).toBe(0);
    const oneTime = (await page.getByTestId('one-time-password').textContent())!;
    expect(oneTime.length).toBeGreaterThanOrEqual(12);
    await page.getByRole('button', { name: 'Tutup' }).click();
    // Until the officer replaces it, the row says so.
    await row(helpdesk.username).getByTestId('password-pending').waitFor();
    expect(await row(supervisor.username).getByTestId('password-pending').count()).toBe(0);
    expect(errorCode(await gql(app.url, STAFF_LOGIN, { u: helpdesk.username, p: helpdesk.password }))).toBe(
      'UNAUTHENTICATED',
    );
    await gqlOk(app.url, STAFF_LOGIN, { u: helpdesk.username, p: oneTime });

    // Disable the helpdesk officer through the row's dialog.
    await row(helpdesk.username).getByRole('button', { name: 'Nonaktifkan' }).click();
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByText('Berhasil.').waitFor();
    await expect_active(helpdesk.id, false);

    // The demo user: one click in the warning disables it, and the warning goes.
    await page.getByRole('button', { name: 'Nonaktifkan pengguna demo' }).click();
    await page.getByTestId('demo-warning').waitFor({ state: 'detached' });
    await expect_active(demo.id, false);
    await expect_active(staff.ADMIN.id, true);
    await shot(page, '23-staff-page-after');
    await context.close();
  });

  it('an officer given a one-time password chooses their own at the login page, then changes it again from the user menu', async () => {
    const officer = await createStaff('sesi.baru', 'HELPDESK');
    const adminToken = (
      await gqlOk(app.url, STAFF_LOGIN, {
        u: staff.ADMIN.username,
        p: staff.ADMIN.password,
        t: await staff.ADMIN.totp!.code(),
      })
    ).staffLogin.token;
    const { resetStaffPassword } = await gqlOk(
      app.url,
      'mutation($id: ID!) { resetStaffPassword(id: $id) { password } }',
      { id: officer.id },
      adminToken,
    );
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/admin/#/complaints`);
    await fillLogin(page, { ...officer, password: resetStaffPassword.password });
    // Not into the console yet: the form asks for the officer's own password (the one just typed is not asked again).
    await page.getByTestId('password-change').waitFor();
    expect(await page.locator('input[name="currentPassword"]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as any).localStorage.getItem('hakAkses.session'))).toBeNull();
    const own = 'Meja-Bantuan-7x!';
    await page.locator('input[name="newPassword"]').fill(own);
    await page.locator('input[name="newPasswordConfirmation"]').fill(`${own}?`);
    await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await page.getByText('Konfirmasi kata sandi tidak sama.').waitFor();
    await shot(page, '26-password-change-required');
    expect(await page.getByRole('button', { name: 'Simpan kata sandi' }).isEnabled()).toBe(true);
    await page.locator('input[name="newPasswordConfirmation"]').fill(own);
    await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
    // Into the console, at the page the officer was going to.
    await page.locator('[data-testid="live-indicator"][aria-label="langsung"]').waitFor();
    expect(new URL(page.url()).hash).toBe('#/complaints');
    const [row] = await app.orm.em
      .fork()
      .execute(`select password_change_required from staff_user where id = ?`, [officer.id]);
    expect(row.password_change_required).toBe(false);
    expect(errorCode(await gql(app.url, STILL_IN, {}, (await tokenOf(page))!))).toBeUndefined();
    expect(errorCode(await gql(app.url, STAFF_LOGIN, { u: officer.username, p: resetStaffPassword.password }))).toBe(
      'UNAUTHENTICATED',
    );

    // Later, in English on a phone: "Change password" in the user menu asks for the current one first.
    await context.close();
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const p2 = await phone.newPage();
    await signIn(p2, { ...officer, password: own }, '#/accounts');
    await p2.getByRole('button', { name: 'Indonesia' }).click();
    await p2.getByRole('menuitem', { name: 'English' }).click();
    await p2.locator('[data-testid="live-indicator"][aria-label="live"]').waitFor();
    await p2.getByRole('button', { name: 'Profile' }).click();
    await p2.getByRole('menuitem', { name: 'Change password' }).click();
    const newer = 'Meja-Bantuan-8y!';
    await p2.locator('input[name="currentPassword"]').fill('Salah-Sandi-1!');
    await p2.locator('input[name="newPassword"]').fill(newer);
    await p2.locator('input[name="newPasswordConfirmation"]').fill(newer);
    await p2.getByRole('button', { name: 'Save password' }).click();
    await p2.getByText('Kata sandi saat ini salah.').waitFor();
    await p2.locator('input[name="currentPassword"]').fill(own);
    await p2.getByRole('button', { name: 'Save password' }).click();
    await p2.getByText('Password changed. Your sessions on other devices have ended.').waitFor();
    await shot(p2, '27-password-changed-phone-en');
    expect(
      await p2.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number),
    ).toBeLessThanOrEqual(390);
    // The session that changed it carries on; the new password is the one that signs in.
    expect(errorCode(await gql(app.url, STILL_IN, {}, (await tokenOf(p2))!))).toBeUndefined();
    await gqlOk(app.url, STAFF_LOGIN, { u: officer.username, p: newer });
    await phone.close();
  });

  async function expect_active(id: string, active: boolean) {
    const [r] = await app.orm.em.fork().execute(`select active from staff_user where id = ?`, [id]);
    expect(r.active).toBe(active);
  }
});
