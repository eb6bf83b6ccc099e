import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { gqlOk, waitFor } from '../support/graphql';
import { launchConsoleBrowser, SHOTS } from '../support/browser';
import { startTestApp } from '../support/app';
import { startSmtpReceiver } from '../support/receivers';
import { individualInput, seedAccount, staffSession, START, STAFF_LOGIN, totpDevice } from '../support/flows';
import { makeEmail, makeNik } from '../support/factories';

const CREATE_COMPLAINT = `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id number } }`;
const FILE_REQUEST = `mutation($k: DataSubjectRequestKind!) { fileDataSubjectRequest(kind: $k) { id number } }`;

/**
 * The console's action buttons that no other browser test clicks: each one clicked as an officer does,
 * then the server's state checked (SQL), in Indonesian at 1366 px and in English on a 390 px phone.
 */
describe('the remaining action buttons of the console (Chromium)', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let browser: Browser;
  const errors: string[] = [];
  const sql = (q: string, params: unknown[] = []) => app.orm.em.fork().execute(q, params);

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
  afterEach(() => expect(errors.splice(0)).toEqual([]));

  const open = async (width: number, height: number) => {
    const page = await browser.newPage({ viewport: { width, height } });
    page.on('pageerror', (e) => errors.push(e.message));
    return page;
  };
  const login = async (page: Page, username: string, password: string, totp?: string) => {
    await page.goto(`${app.url}/admin/#/login`);
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(password);
    if (totp) await page.getByLabel('Kode TOTP (SUPERVISOR/ADMIN)').fill(totp);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByTestId('live-indicator').waitFor();
  };
  const toEnglish = async (page: Page) => {
    await page.getByRole('button', { name: 'Indonesia' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('button', { name: 'English' }).waitFor();
  };
  /** Nothing wider than a 390 px phone: no sideways scrolling. */
  const fitsPhone = async (page: Page, where: string) => {
    const width = await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);
    expect({ where, width }).toEqual({ where, width: Math.min(width, 390) });
  };
  /** A long record title takes at most two lines on a phone: the app bar stays short and covers no field. */
  const titleFits = async (page: Page, where: string) => {
    const header = await page.locator('header').first().boundingBox();
    expect({ where, height: header!.height }).toEqual({ where, height: Math.min(header!.height, 64) });
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  /** Clicks a button that opens a confirmation dialog, fills its fields, confirms, waits for it to close. */
  const confirm = async (page: Page, button: string, ok: string, fields: [string, string][] = []) => {
    await page.getByRole('button', { name: button, exact: true }).click();
    const dialog = page.getByRole('dialog');
    for (const [label, value] of fields) await dialog.getByLabel(label).fill(value);
    await dialog.getByRole('button', { name: ok }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 }).catch(async (e) => {
      throw new Error(`${button}: ${await dialog.textContent()} ${e}`);
    });
  };

  it('takes a complaint on its page, follows and unfollows it, closes two from the list, and sends a stuck applicant a new code on a phone (Indonesian)', async () => {
    const officer = await staffSession(app, 'HELPDESK');
    const complaint = async (description: string) =>
      (
        await gqlOk(
          app.url,
          CREATE_COMPLAINT,
          { i: { channel: 'PHONE', category: 'CODE_NOT_RECEIVED', description, reporterName: 'Sri Wahyuni' } },
          officer.token,
        )
      ).createComplaint as { id: string; number: string };
    const single = await complaint('Kode verifikasi tidak masuk ke email');
    const done = [await complaint('Tidak bisa masuk setelah ganti HP'), await complaint('Email salah ketik')];
    for (const c of done)
      await gqlOk(
        app.url,
        `mutation($id: ID!) { resolveComplaint(id: $id, resolution: "Kode dikirim ulang, pelapor sudah masuk") { id } }`,
        { id: c.id },
        officer.token,
      );
    // An applicant whose code bounced for good (DEAD: the worker does not try it again): the officer finds the
    // unfinished registration and sends a new code.
    const nik = makeNik();
    const email = makeEmail('penuh');
    await gqlOk(app.url, START, { input: individualInput({ nik, email }) });
    await smtp.waitForMail(email);
    await waitFor(
      async () =>
        (await sql(`select 1 from outbox_message where recipient = ? and status = 'SENT'`, [email])).length > 0,
      'code SENT',
    );
    await sql(
      `update outbox_message set status = 'DEAD', attempts = 6, last_error = '552 5.2.2 Mailbox full' where recipient = ?`,
      [email],
    );
    // The applicant's own countdown has run out (the code went ten minutes ago).
    await sql(`update registration_flow set send_times = ? where email = ?`, [
      JSON.stringify([new Date(Date.now() - 600_000).toISOString()]),
      email,
    ]);

    const page = await open(1366, 768);
    await login(page, officer.username, officer.password);

    // "Tangani saya" on the complaint's own page.
    await page.goto(`${app.url}/admin/#/complaints/${single.id}/show`);
    await page.getByText(single.number).first().waitFor();
    await confirm(page, 'Tangani saya', 'Lanjutkan');
    await waitFor(
      async () =>
        (await sql(`select assignee_id from complaint where id = ?`, [single.id]))[0].assignee_id === officer.id,
      'assigned to the officer',
    );
    const events = await sql(`select kind from complaint_event where complaint_id = ? order by at`, [single.id]);
    expect(events.map((e: any) => e.kind)).toContain('ASSIGNED');
    await page.getByTestId('complaint-history').getByText(`→ ${officer.username}`).waitFor();

    // "Ikuti", then "Berhenti mengikuti".
    const followers = async () =>
      (await sql(`select staff_id from complaint_follower where complaint_id = ?`, [single.id])).map(
        (r: any) => r.staff_id,
      );
    await page.getByRole('button', { name: 'Ikuti', exact: true }).click();
    await page.getByRole('button', { name: 'Berhenti mengikuti' }).waitFor();
    expect(await page.getByTestId('follow-toggle').getAttribute('aria-pressed')).toBe('true');
    expect(await followers()).toEqual([officer.id]);
    await shot(page, 'buttons-00-complaint-taken-followed');
    await page.getByRole('button', { name: 'Berhenti mengikuti' }).click();
    await page.getByRole('button', { name: 'Ikuti', exact: true }).waitFor();
    expect(await page.getByTestId('follow-toggle').getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByTestId('complaint-followers').textContent()).toBe('–');
    expect(await followers()).toEqual([]);

    // Two resolved complaints closed at once from the list ("Tutup" among the bulk actions).
    await page.goto(`${app.url}/admin/#/complaints`);
    for (const c of done)
      await page.locator('tbody tr', { hasText: c.number }).locator('input[type="checkbox"]').check();
    await page.getByRole('button', { name: 'Tutup', exact: true }).click();
    await page.getByText('2 berhasil, 0 gagal').waitFor();
    const closed = await sql(
      `select status, closed_at from complaint where id in (?, ?)`,
      done.map((c) => c.id),
    );
    expect(closed.map((c: any) => [c.status, !!c.closed_at])).toEqual([
      ['CLOSED', true],
      ['CLOSED', true],
    ]);
    expect((await sql(`select status from complaint where id = ?`, [single.id]))[0].status).toBe('IN_PROGRESS');
    await shot(page, 'buttons-01-complaints-closed');
    await page.close();

    // On a phone: "Kirim kode baru" from the unfinished-registration panel of the account search.
    const phone = await open(390, 844);
    await login(phone, officer.username, officer.password);
    await phone.goto(`${app.url}/admin/#/accounts?filter=${encodeURIComponent(JSON.stringify({ q: nik }))}`);
    const unfinished = phone.getByTestId('unfinished-registrations');
    await unfinished.getByTestId('flow-explanation').waitFor();
    await fitsPhone(phone, 'unfinished registration');
    await shot(phone, 'buttons-02-phone-unfinished');
    await unfinished.getByRole('button', { name: 'Kirim kode baru' }).click();
    await phone.getByRole('dialog').getByLabel('Alasan').fill('Pemohon menelepon, kotak surat sudah dikosongkan');
    await fitsPhone(phone, 'resend dialog');
    await phone.getByRole('dialog').getByRole('button', { name: 'Lanjutkan' }).click();
    await phone.getByRole('dialog').waitFor({ state: 'detached' });
    // The new code goes to the applicant, never to the officer's screen; the resend is audited with its reason.
    const mail = await smtp.waitForMail(email, 2);
    const code = /(\d{6})/.exec(mail.text)![1];
    expect(await phone.content()).not.toContain(code);
    const [flow] = await sql(`select send_times from registration_flow where email = ?`, [email]);
    expect(flow.send_times).toHaveLength(2);
    const [audit] = await sql(`select actor_id, details from audit_event where action = 'REGISTRATION_CODE_RESENT'`);
    expect(audit).toMatchObject({
      actor_id: officer.id,
      details: expect.objectContaining({ reason: 'Pemohon menelepon, kotak surat sudah dikosongkan' }),
    });
    await waitFor(async () => (await unfinished.getByTestId('flow-message').count()) === 2, 'both codes listed');
    await shot(phone, 'buttons-03-phone-code-resent');
    await phone.close();
  }, 120_000);

  it('a supervisor on a phone in English: takes a data request, marks a breach reported, edits a canned response and an outreach event', async () => {
    const admin = await staffSession(app, 'ADMIN');
    const asAdmin = (query: string, variables: Record<string, unknown> = {}) =>
      gqlOk(app.url, query, variables, admin.token);
    const unitId = (
      await asAdmin(`mutation { createServiceUnit(name: "DPMPTSP Kabupaten Mojokerto", regionCode: "3516") { id } }`)
    ).createServiceUnit.id;
    const spv = await app.services.staff.create(app.orm.em.fork(), { username: 'spv.tombol', role: 'SUPERVISOR' });
    const outreach = await app.services.staff.create(app.orm.em.fork(), { username: 'jb.tombol', role: 'OUTREACH' });
    // The supervisor works at the national office (the breach register is national); the outreach officer in the unit.
    await asAdmin(`mutation($s: ID!, $u: ID!) { setStaffUnit(staffId: $s, unitId: $u) { id } }`, {
      s: outreach.staff.id,
      u: unitId,
    });
    const district = app.services.regions.children('3516', 4)[0].code;
    const village = app.services.regions.children(district, 6)[0].code;
    const day = new Date(Date.now() + 7 * 86400_000 + 7 * 3600_000).toISOString().slice(0, 10);
    const event = (
      await asAdmin(`mutation($i: OutreachEventInput!, $u: ID) { createOutreachEvent(input: $i, unitId: $u) { id } }`, {
        u: unitId,
        i: {
          villageCode: village,
          date: day,
          startTime: '08:00',
          endTime: '12:00',
          officerIds: [outreach.staff.id],
          requirements: [],
          targetCount: 50,
        },
      })
    ).createOutreachEvent;
    const template = (
      await asAdmin(
        `mutation { createResponseTemplate(title: "Kode dikirim ulang", body: "Halo {nama}, kode baru sudah kami kirim.") { id } }`,
      )
    ).createResponseTemplate;
    const breach = (
      await asAdmin(`mutation($i: BreachIncidentInput!) { recordBreachIncident(input: $i) { id number } }`, {
        i: {
          foundAt: new Date(Date.now() - 3600_000).toISOString(),
          dataCategories: ['NIK', 'EMAIL'],
          description: 'Berkas ekspor akun terbuka di folder bersama tanpa login.',
          measures: 'Folder ditutup dan akses petugas ditinjau ulang.',
        },
      })
    ).recordBreachIncident;
    const applicant = await seedAccount(app);
    const applicantToken = (await app.services.sessions.create(app.orm.em.fork(), 'ACCOUNT', applicant.id, null)).token;
    const request = (await gqlOk(app.url, FILE_REQUEST, { k: 'ACCESS' }, applicantToken)).fileDataSubjectRequest;

    const page = await open(390, 844);
    await login(page, 'spv.tombol', spv.generatedPassword!, await totpDevice(spv.otpauthUri!).code());
    await toEnglish(page);

    // Data requests: "Take it".
    await page.goto(`${app.url}/admin/#/dataSubjectRequests`);
    await page.getByText(request.number, { exact: false }).waitFor();
    await fitsPhone(page, 'data requests');
    await confirm(page, 'Take it', 'Continue');
    await page.getByText('Done.').waitFor();
    const [taken] = await sql(`select status, assignee_id from data_subject_request where id = ?`, [request.id]);
    expect(taken).toEqual({ status: 'IN_PROGRESS', assignee_id: spv.staff.id });
    // Taken, it leaves the open queue (the default filter) and waits in "In progress" for the decision.
    await page.getByText(request.number, { exact: false }).waitFor({ state: 'detached' });
    await page.goto(
      `${app.url}/admin/#/dataSubjectRequests?filter=${encodeURIComponent(JSON.stringify({ status: 'IN_PROGRESS' }))}`,
    );
    await page.getByText(request.number, { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Fulfil' }).waitFor();
    expect(await page.getByRole('button', { name: 'Take it' }).count()).toBe(0);
    await fitsPhone(page, 'data requests in progress');
    await shot(page, 'buttons-10-phone-data-request-taken');

    // Breach register: "Mark as reported".
    await page.goto(`${app.url}/admin/#/breachIncidents`);
    await page.getByText(breach.number).waitFor();
    await fitsPhone(page, 'breach register');
    const note = 'Dilaporkan ke lembaga PDP lewat surel resmi, tanda terima 12/2026';
    await confirm(page, 'Mark as reported', 'Continue', [['How it was reported to the supervisory body', note]]);
    await page.getByRole('button', { name: 'Mark as reported' }).waitFor({ state: 'detached' });
    const [reported] = await sql(`select reported_at, report_note from breach_incident where id = ?`, [breach.id]);
    expect(reported.report_note).toBe(note);
    expect(Date.now() - new Date(reported.reported_at).getTime()).toBeLessThan(60_000);
    await shot(page, 'buttons-11-phone-breach-reported');

    // Canned responses: edit one (new text, no longer offered).
    await page.goto(`${app.url}/admin/#/responseTemplates`);
    await page.getByText('Kode dikirim ulang').click();
    await page.waitForURL(new RegExp(`/responseTemplates/${template.id}$`));
    await page.getByLabel('Reply text').fill('Halo {nama}, kode baru untuk pengaduan {nomor} sudah kami kirim.');
    await page.getByLabel('Offered').uncheck();
    await fitsPhone(page, 'canned response edit');
    await titleFits(page, 'canned response edit');
    await shot(page, 'buttons-12-phone-template-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/responseTemplates$/);
    const [edited] = await sql(`select title, body, active from response_template where id = ?`, [template.id]);
    expect(edited).toEqual({
      title: 'Kode dikirim ulang',
      body: 'Halo {nama}, kode baru untuk pengaduan {nomor} sudah kami kirim.',
      active: false,
    });

    // Outreach events: edit one (a higher target, a later end).
    await page.goto(`${app.url}/admin/#/outreachEvents`);
    await page.getByText(`${day} 08:00-12:00`).click();
    await page.waitForURL(new RegExp(`/outreachEvents/${event.id}$`));
    await page.getByLabel('Target registrations').fill('120');
    await page.getByLabel('Ends').fill('13:30');
    await fitsPhone(page, 'outreach event edit');
    await shot(page, 'buttons-13-phone-event-edit');
    await titleFits(page, 'outreach event edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/outreachEvents$/);
    const [saved] = await sql(`select target_count, end_time, officer_ids from outreach_event where id = ?`, [
      event.id,
    ]);
    expect(saved).toEqual({ target_count: 120, end_time: '13:30', officer_ids: [outreach.staff.id] });
    await page.getByText(`${day} 08:00-13:30`).waitFor();
    await page.close();
  }, 120_000);

  it('an administrator in English at 1366 px creates a staff user through the dialog; the shown password signs in', async () => {
    const created = await app.services.staff.create(app.orm.em.fork(), { username: 'admin.tombol', role: 'ADMIN' });
    const page = await open(1366, 768);
    await login(page, 'admin.tombol', created.generatedPassword!, await totpDevice(created.otpauthUri!).code());
    await toEnglish(page);
    await page.goto(`${app.url}/admin/#/staffUsers`);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Username').fill('jb.baru');
    await dialog.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Jemput bola (outreach)' }).click();
    await shot(page, 'buttons-20-staff-create');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    const password = (await page.getByTestId('one-time-password').textContent())!;
    await shot(page, 'buttons-21-staff-created');
    const [row] = await sql(`select id, role, active from staff_user where username = 'jb.baru'`);
    expect(row).toMatchObject({ role: 'OUTREACH', active: true });
    // The password on the screen is the one the server keeps (an outreach officer needs no TOTP).
    const { staffLogin } = await gqlOk(app.url, STAFF_LOGIN, { u: 'jb.baru', p: password });
    expect(staffLogin.staff).toEqual({ username: 'jb.baru', role: 'OUTREACH' });
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('cell', { name: 'jb.baru' }).waitFor();
    await page.close();
  }, 90_000);
});
