import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { launchConsoleBrowser, SHOTS } from '../support/browser';
import { startTestApp, TestClock } from '../support/app';
import { codeFromMail, startSmtpReceiver } from '../support/receivers';
import { totpDevice } from '../support/flows';
import { makeEmail, makeNik, STRONG_PASSWORD } from '../support/factories';
import { gqlOk, waitFor } from '../support/graphql';

/** WIB (UTC+7) wall-clock time of a date as an instant. */
const wib = (date: string, hhmm: string) => new Date(Date.parse(`${date}T${hhmm}:00Z`) - 7 * 3600_000);

/**
 * Jemput bola in the console: a regional supervisor plans the day on the
 * "Jemput bola" page; the officer at the kelurahan hall registers an
 * applicant on a tablet (768×1024): the code goes to the applicant's
 * mailbox and is typed by them, the password is theirs, the consent is
 * stated on the screen. Nothing the tablet receives carries the code.
 */
describe('the outreach desk on a tablet (Chromium)', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let browser: Browser;
  const clock = new TestClock();
  const day = new Date(Date.now() + 7 * 3600_000 + 86400_000).toISOString().slice(0, 10);
  const sql = (q: string, p: unknown[] = []) => app.orm.em.fork().getConnection().execute(q, p);

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    app = await startTestApp({ smtpUrl: smtp.url, clock });
    browser = await launchConsoleBrowser();
    clock.set(wib(day, '07:30'));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await app?.dropDatabase();
    await smtp?.close();
  });

  /** Serious and critical accessibility violations on the page as it is now. */
  async function axe(page: Page, where: string): Promise<string[]> {
    const r = await new AxeBuilder({ page })
      .setLegacyMode(true)
      .options({ resultTypes: ['violations'] })
      .analyze();
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${where}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  }

  async function login(page: Page, username: string, password: string, totp?: string) {
    await page.goto(`${app.url}/admin/#/login`);
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(password);
    if (totp) await page.getByLabel('Kode TOTP (SUPERVISOR/ADMIN)').fill(totp);
    await page.getByRole('button', { name: 'Masuk' }).click();
  }

  it('plans the event, then registers an applicant at the desk end to end', async () => {
    const em = () => app.orm.em.fork();
    const admin = await app.services.staff.create(em(), { username: 'admin.jb', role: 'ADMIN' });
    const adminToken = (
      await gqlOk(
        app.url,
        `mutation($u: String!, $p: String!, $t: String) { staffLogin(username: $u, password: $p, totp: $t) { token } }`,
        { u: 'admin.jb', p: admin.generatedPassword, t: await totpDevice(admin.otpauthUri!).code() },
      )
    ).staffLogin.token;
    const unitId = (
      await gqlOk(
        app.url,
        `mutation { createServiceUnit(name: "DPMPTSP Kabupaten Mojokerto", regionCode: "3516") { id } }`,
        {},
        adminToken,
      )
    ).createServiceUnit.id;
    const supervisor = await app.services.staff.create(em(), { username: 'spv.mojokerto', role: 'SUPERVISOR' });
    const officer = await app.services.staff.create(em(), { username: 'jb.mojokerto', role: 'OUTREACH' });
    for (const s of [supervisor, officer]) {
      await gqlOk(
        app.url,
        `mutation($s: ID!, $u: ID!) { setStaffUnit(staffId: $s, unitId: $u) { id } }`,
        { s: s.staff.id, u: unitId },
        adminToken,
      );
    }
    const district = app.services.regions.children('3516', 4)[0].code;
    const village = app.services.regions.children(district, 6)[0].code;
    const errors: string[] = [];

    // The supervisor plans the day on the "Jemput bola" page.
    const desktop = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    desktop.on('pageerror', (e) => errors.push(e.message));
    await login(
      desktop,
      'spv.mojokerto',
      supervisor.generatedPassword!,
      await totpDevice(supervisor.otpauthUri!).code(),
    );
    await desktop.getByRole('menuitem', { name: 'Jemput bola' }).click();
    await desktop.getByRole('link', { name: 'Buat' }).click();
    await desktop.getByLabel('Kode kelurahan/desa (10 digit)').fill(village);
    await desktop.getByLabel('Tanggal').fill(day);
    await desktop.getByLabel('Jam mulai').fill('08:00');
    await desktop.getByLabel('Jam selesai').fill('12:00');
    await desktop.getByRole('combobox', { name: 'Petugas jemput bola' }).click();
    await desktop.getByRole('option', { name: 'jb.mojokerto' }).click();
    await desktop.keyboard.press('Escape');
    await desktop.getByLabel('Persyaratan yang dibawa pemohon (satu per baris)').fill('KTP asli\nEmail aktif');
    const violations = await axe(desktop, 'event-create');
    await desktop.getByRole('button', { name: 'Simpan' }).click();
    await desktop.getByRole('cell', { name: 'jb.mojokerto' }).waitFor();
    await desktop.screenshot({ path: path.join(SHOTS, 'outreach-00-events.png'), fullPage: true });
    violations.push(...(await axe(desktop, 'events')));
    const [event] = await sql(`select id, village_code, start_time, officer_ids, requirements from outreach_event`);
    expect(event).toMatchObject({
      village_code: village,
      start_time: '08:00',
      officer_ids: [officer.staff.id],
      requirements: ['KTP asli', 'Email aktif'],
    });

    // The officer's tablet, before the desk opens: the event is there, the desk is not open.
    const tablet = await browser.newPage({ viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true });
    tablet.on('pageerror', (e) => errors.push(e.message));
    const received: string[] = [];
    tablet.on('response', async (r) => {
      if (r.url().includes('/graphql')) received.push(await r.text().catch(() => ''));
    });
    await login(tablet, 'jb.mojokerto', officer.generatedPassword!);
    await tablet.getByText('Pilih acara hari ini').waitFor();
    await tablet.getByText('Meja belum/tidak lagi buka').waitFor();
    // The desk is all an outreach officer's console has: no account search, no outbox, nothing "live".
    expect(await tablet.getByRole('menuitem').allTextContents()).toEqual(['Dasbor', 'Meja jemput bola']);
    expect(await tablet.getByTestId('live-indicator').count()).toBe(0);
    await tablet.screenshot({ path: path.join(SHOTS, 'outreach-01-desk-closed.png'), fullPage: true });

    // 08:00: the desk opens.
    clock.set(wib(day, '08:00'));
    await tablet.reload();
    await tablet.getByRole('button', { name: 'Buka meja' }).click();
    const nik = makeNik({ district: '351601' });
    const email = makeEmail('tablet');
    await tablet.getByTestId('desk-nik').fill(nik);
    await tablet.getByTestId('desk-channel-email').click();
    await tablet.getByTestId('desk-destination').fill(email);
    await tablet.screenshot({ path: path.join(SHOTS, 'outreach-02-start.png'), fullPage: true });
    violations.push(...(await axe(tablet, 'start')));
    await tablet.getByTestId('desk-send-code').click();
    await tablet.getByText('Mintalah pemohon membuka pesannya').waitFor();

    // The first code does not show up: once the three-minute countdown has run (the flow's send times are real
    // time, not the test clock: the first send is moved ten minutes back), "Kirim ulang kode" sends another, and
    // the applicant types the newer one.
    await smtp.waitForMail(email);
    await sql(`update registration_flow set send_times = ? where nik = ?`, [
      JSON.stringify([new Date(Date.now() - 600_000).toISOString()]),
      nik,
    ]);
    await tablet.getByRole('button', { name: 'Kirim ulang kode' }).click();
    const resent = await smtp.waitForMail(email, 2);
    const [flow] = await sql(`select send_times from registration_flow where nik = ?`, [nik]);
    expect(flow.send_times).toHaveLength(2);
    const resends = await sql(`select actor_id from audit_event where action = 'OUTREACH_CODE_RESENT'`);
    expect(resends).toEqual([{ actor_id: officer.staff.id }]);

    // The applicant reads the code in their own mailbox and types it.
    const code = codeFromMail(resent);
    await tablet.getByTestId('desk-code').fill(code);
    expect(await tablet.getByTestId('desk-code').getAttribute('type')).toBe('password');
    await tablet.screenshot({ path: path.join(SHOTS, 'outreach-03-code.png'), fullPage: true });
    await tablet.getByRole('button', { name: 'Periksa kode' }).click();

    // The applicant makes their own password: a weak one is refused on the field, and nothing stays on screen.
    await tablet.getByText('Serahkan tablet kepada pemohon').waitFor();
    await tablet.getByTestId('desk-password').fill('lemah');
    await tablet.getByTestId('desk-password-confirmation').fill('lemah');
    await tablet.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await tablet.getByTestId('desk-error').waitFor();
    expect(await tablet.getByTestId('desk-password').inputValue()).toBe('');
    await tablet.getByTestId('desk-password').fill(STRONG_PASSWORD);
    await tablet.getByTestId('desk-password-confirmation').fill(STRONG_PASSWORD);
    await tablet.screenshot({ path: path.join(SHOTS, 'outreach-04-password.png'), fullPage: true });
    await tablet.getByRole('button', { name: 'Simpan kata sandi' }).click();

    // The officer fills the profile from the KTP; the applicant ticks the consent statement.
    await tablet.getByText('Pernyataan persetujuan pemohon').waitFor();
    await tablet.getByTestId('desk-fullName').fill('Siti Aminah');
    await tablet.getByTestId('desk-birthDate').fill('1990-05-17');
    await tablet.getByRole('combobox', { name: 'Jenis kelamin' }).click();
    await tablet.getByRole('option', { name: 'Laki-laki' }).click();
    await tablet.getByTestId('desk-address').fill('Jl. Raya Mojosari No. 5');
    // without the applicant's consent, the desk refuses
    await tablet.getByTestId('desk-complete').click();
    await tablet.getByText('Pemohon harus membaca dan menyetujui pernyataan persetujuan.', { exact: true }).waitFor();
    await tablet.getByTestId('desk-consent').check();
    await tablet.screenshot({ path: path.join(SHOTS, 'outreach-05-profile.png'), fullPage: true });
    violations.push(...(await axe(tablet, 'profile')));
    await tablet.getByTestId('desk-complete').click();
    await tablet.getByTestId('desk-done').waitFor();
    await tablet.screenshot({ path: path.join(SHOTS, 'outreach-06-done.png'), fullPage: true });

    expect(violations).toEqual([]);
    expect(await tablet.locator('h1').count()).toBe(1);
    // It fits the tablet: no sideways scrolling.
    expect(
      await tablet.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number),
    ).toBeLessThanOrEqual(768);
    // The tablet never received the code or the password back.
    expect(received.length).toBeGreaterThan(5);
    expect(received.join('\n')).not.toContain(code);
    expect(received.join('\n')).not.toContain(STRONG_PASSWORD);
    expect(await tablet.content()).not.toContain(code);

    const [row] = await sql(
      `select f.outreach_event_id, f.outreach_officer_id, a.status, a.consent_channel
         from registration_flow f join account a on a.id = f.account_id where f.nik = ?`,
      [nik],
    );
    expect(row).toEqual({
      outreach_event_id: event.id,
      outreach_officer_id: officer.staff.id,
      status: 'ACTIVE',
      consent_channel: 'OUTREACH',
    });
    // The supervisor's list counts it.
    await desktop.reload();
    await desktop.getByRole('cell', { name: 'jb.mojokerto' }).waitFor();
    const cells = await desktop.getByRole('row').nth(1).getByRole('cell').allTextContents();
    expect(cells.slice(-4)).toEqual(['1', '1', '0', '0']);
    await desktop.screenshot({ path: path.join(SHOTS, 'outreach-07-report.png'), fullPage: true });

    // The supervisor's dashboard, for the event's day: started / completed / abandoned as registrationMetrics says.
    await desktop.getByRole('menuitem', { name: 'Dasbor' }).click();
    await desktop.getByTestId('period-custom').click();
    await desktop.getByTestId('range-from').fill(day);
    await desktop.getByTestId('range-to').fill(day);
    // Asked with the supervisor's own session, so the server scopes it as it scopes the dashboard.
    const supervisorToken = await desktop.evaluate(
      () => JSON.parse((globalThis as any).localStorage.getItem('hakAkses.session')).token as string,
    );
    const { outreach } = (
      await gqlOk(
        app.url,
        `query($from: DateTime!, $to: DateTime!) { registrationMetrics(from: $from, to: $to, interval: DAY) {
          outreach { totals { started completed abandoned } } } }`,
        { from: wib(day, '00:00').toISOString(), to: new Date(wib(day, '00:00').getTime() + 86400_000).toISOString() },
        supervisorToken,
      )
    ).registrationMetrics;
    expect(outreach.totals).toEqual({ started: 1, completed: 1, abandoned: 0 });
    const figure = desktop.getByTestId('fig-outreach');
    const shown = `${outreach.totals.started} / ${outreach.totals.completed} / ${outreach.totals.abandoned}`;
    await waitFor(async () => (await figure.textContent()) === shown, `the outreach card to show ${shown}`);
    await desktop.screenshot({ path: path.join(SHOTS, 'outreach-08-dashboard.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
