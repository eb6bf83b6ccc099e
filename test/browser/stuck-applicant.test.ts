import fs from 'node:fs';
import path from 'node:path';
import { chromium, Browser } from 'playwright-core';
import { gqlOk, waitFor } from '../support/graphql';
import { startTestApp } from '../support/app';
import { startSmtpReceiver } from '../support/receivers';
import { individualInput, seedAccount, staffSession, START } from '../support/flows';
import { makeEmail, makeNik } from '../support/factories';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, 'screenshots');

/** "Kode verifikasi tidak masuk": the officer finds the unfinished registration by NIK and sends the code elsewhere. */
describe('the stuck applicant in the console (Chromium)', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let browser: Browser;
  let officer: { username: string; password: string };

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
    fs.mkdirSync(SHOTS, { recursive: true });
    smtp = await startSmtpReceiver();
    app = await startTestApp({ smtpUrl: smtp.url });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync'],
    });
    const c = await app.services.staff.create(app.orm.em.fork(), { username: 'piket.kode', role: 'HELPDESK' });
    officer = { username: 'piket.kode', password: c.generatedPassword! };
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await app?.dropDatabase();
    await smtp?.close();
  });

  it('finds the unfinished flow by NIK, explains the failure, and sends a new code to another address', async () => {
    const nik = makeNik();
    const dead = makeEmail('mati');
    await gqlOk(app.url, START, { input: individualInput({ nik, email: dead }) });
    await smtp.waitForMail(dead);
    await waitFor(
      async () =>
        (
          await app.orm.em
            .fork()
            .execute(`select 1 from outbox_message where recipient = ? and status = 'SENT'`, [dead])
        ).length > 0,
      'code SENT',
    );
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${app.url}/admin/#/login`);
    await page.getByLabel('Nama pengguna').fill(officer.username);
    await page.getByLabel('Kata sandi').fill(officer.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    // The caller gives a NIK; the officer types it in the one account search box: no account yet, but the
    // unfinished registration shows with the fate of its code.
    await page.getByRole('menuitem', { name: 'Akun' }).click();
    await page.locator('input[name="q"]').fill(nik);
    const unfinished = page.getByTestId('unfinished-registrations');
    await unfinished.waitFor();
    expect(await unfinished.textContent()).toContain('Pendaftaran belum selesai');
    // The mail server took the code: the server offers nothing, and neither does the console.
    await unfinished.getByTestId('flow-message').waitFor();
    expect(await unfinished.getByTestId('flow-message').textContent()).toContain('Terkirim');
    expect(await unfinished.getByRole('button').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'stuck-00-code-sent.png'), fullPage: true });

    await app.orm.em
      .fork()
      .execute(
        `update outbox_message set status = 'FAILED', attempts = 6, last_error = '552 5.2.2 Mailbox full' where recipient = ?`,
        [dead],
      );
    await page.reload();
    await unfinished.getByTestId('flow-explanation').waitFor();
    expect(await unfinished.getByTestId('flow-explanation').textContent()).toMatch(/^Kotak surat penerima penuh/);
    await unfinished.getByRole('button', { name: 'Kirim kode baru' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'stuck-00-account-search.png'), fullPage: true });

    // The outbox offers the flow's actions for the failed code, not a re-drive of a message that cannot help.
    await page.getByRole('menuitem', { name: 'Pesan keluar' }).click();
    await page.getByLabel('Status').click();
    await page.getByRole('option', { name: 'Gagal, dicoba lagi' }).click();
    const actions = page.getByTestId('message-actions').first();
    await actions.getByRole('button', { name: 'Kirim kode baru' }).waitFor();
    expect(await actions.getByRole('button', { name: 'Kirim ulang' }).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'stuck-01-outbox.png'), fullPage: true });

    await page.getByRole('menuitem', { name: 'Akun' }).click();
    await unfinished.waitFor();

    const fresh = makeEmail('hidup');
    await unfinished.getByRole('button', { name: 'Kirim ke alamat lain' }).click();
    await page.getByLabel('Email atau nomor WhatsApp baru').fill(fresh);
    await page.getByLabel('Alasan').fill('Email lama penuh; identitas dicek lewat telepon');
    await page.screenshot({ path: path.join(SHOTS, 'stuck-02-dialog.png'), fullPage: true });
    await page.getByRole('dialog').getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    // The code goes to the applicant's new address, never to the officer's screen.
    const mail = await smtp.waitForMail(fresh);
    const code = /(\d{6})/.exec(mail.text)![1];
    expect(await page.content()).not.toContain(code);
    // Both codes are listed, newest first: the one on its way, then the failed one with its explanation.
    await waitFor(async () => (await unfinished.getByTestId('flow-message').count()) === 2, 'two messages listed');
    expect(await unfinished.getByTestId('flow-explanation').count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'stuck-03-sent.png'), fullPage: true });
    const [audit] = await app.orm.em
      .fork()
      .execute(`select details from audit_event where action = 'REGISTRATION_DESTINATION_CHANGED'`);
    expect(audit.details.reason).toBe('Email lama penuh; identitas dicek lewat telepon');
    await page.close();
  });
  it('sends a dead welcome mail again from the outbox ("Kirim ulang"): queued, delivered and audited', async () => {
    const email = makeEmail('sambutan');
    const account = await seedAccount(app, { email, fullName: 'RINA KIRIM ULANG' });
    const sql = (q: string, params: unknown[] = []) => app.orm.em.fork().execute(q, params);
    const helper = await staffSession(app);
    await gqlOk(
      app.url,
      'mutation($id: ID!) { resendActivation(id: $id, reason: "Uji") }',
      { id: account.id },
      helper.token,
    );
    await smtp.waitForMail(email);
    // Every message to this address has gone out (a delivery still running would write SENT over the DEAD below).
    await waitFor(
      async () =>
        (await sql(`select 1 from outbox_message where recipient = ? and status <> 'SENT'`, [email])).length === 0,
      'every message SENT',
    );
    const mailsBefore = smtp.mails.filter((m) => m.to.includes(email.toLowerCase())).length;
    // The provider gave up on the welcome mail (as after six refusals): DEAD, and email has a transport, so it can go
    // again.
    const [message] = await sql(
      `update outbox_message set status = 'DEAD', attempts = 6, last_error = '421 4.7.0 Try again later'
        where id = (select id from outbox_message where recipient = ? and template = 'welcome'
                     order by created_at desc limit 1) returning id`,
      [email],
    );
    expect(message).toBeDefined();

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${app.url}/admin/#/login`);
    await page.getByLabel('Nama pengguna').fill(officer.username);
    await page.getByLabel('Kata sandi').fill(officer.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.locator('[data-testid="live-indicator"]').waitFor();
    await page.goto(
      `${app.url}/admin/#/outboxMessages?filter=${encodeURIComponent(JSON.stringify({ status: 'DEAD' }))}`,
    );
    // The recipient shows masked, as everywhere outside a revealed read.
    const row = page.locator('tr').filter({ hasText: `${email.slice(0, 2)}****@example.co.id` });
    await row.waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'stuck-04-outbox-dead.png'), fullPage: true });
    await row.getByRole('button', { name: 'Kirim ulang', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByText('Berhasil.').waitFor();
    await row.waitFor({ state: 'detached' }); // no longer DEAD
    // Queued again and delivered: a second welcome mail with the username.
    expect((await smtp.waitForMail(email, mailsBefore + 1)).text).toContain(account.username);
    await waitFor(
      async () => (await sql(`select status from outbox_message where id = ?`, [message.id]))[0].status === 'SENT',
      're-driven message SENT',
    );
    const audited = async () =>
      (
        await sql(`select actor_id, details from audit_event where action = 'MESSAGE_REDELIVERED' and target_id = ?`, [
          message.id,
        ])
      )[0];
    const audit = await audited();
    expect(audit.details).toMatchObject({ template: 'welcome', outcome: 'requeue', accountId: account.id });
    await page.screenshot({ path: path.join(SHOTS, 'stuck-05-outbox-redelivered.png'), fullPage: true });
    await page.close();
  });
});
