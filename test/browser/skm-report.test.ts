import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Browser, Page } from 'playwright-core';
import { gqlOk } from '../support/graphql';
import { launchConsoleBrowser, SHOTS } from '../support/browser';
import { startTestApp } from '../support/app';
import { totpDevice } from '../support/flows';
import { pdfPages } from '../support/pdf-text';

const wib = (iso: string) => new Date(`${iso}+07:00`);

/**
 * The SKM in the console: an officer of a regional unit types in a paper
 * questionnaire; the supervisor reads the unit's report for the last finished
 * semester on screen and in print (a section a page), downloads it as PDF and
 * XLSX, and sees the unit on the dashboard.
 */
describe('SKM report, paper survey and unit dashboard in the console (Chromium)', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestApp({});
    browser = await launchConsoleBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await app?.dropDatabase();
  });

  const sql = (q: string, p: unknown[] = []) => app.orm.em.fork().getConnection().execute(q, p);

  async function login(page: Page, username: string, password: string, totp?: string) {
    await page.goto(`${app.url}/admin/#/login`);
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(password);
    if (totp) await page.getByLabel('Kode TOTP (SUPERVISOR/ADMIN)').fill(totp);
    await page.getByRole('button', { name: 'Masuk' }).click();
  }

  it('records a paper survey, prints and downloads the report, and shows the unit on the dashboard', async () => {
    const em = () => app.orm.em.fork();
    const unit = await app.services.units.create(
      { em: em(), actor: { kind: 'SYSTEM' } } as never,
      'DPMPTSP Kabupaten Mojokerto',
      '3516',
    );
    const officer = await app.services.staff.create(em(), { username: 'hd.mojokerto', role: 'HELPDESK' });
    const supervisor = await app.services.staff.create(em(), { username: 'spv.pusat', role: 'SUPERVISOR' });
    await sql(`update staff_user set unit_id = ? where username = 'hd.mojokerto'`, [unit.id]);
    const errors: string[] = [];

    // The officer: "Survei kertas / tatap muka"; U1 left empty is refused naming it, then saved.
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, 'hd.mojokerto', officer.generatedPassword!);
    await page.getByRole('menuitem', { name: 'Survei kertas' }).click();
    await page.getByTestId('paper-served-at').fill('2026-03-02');
    const pick = (code: string, score: number) =>
      page
        .getByTestId(`paper-${code}`)
        .getByRole('radio')
        .nth(score - 1)
        .check();
    for (const code of ['U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9']) await pick(code, 4);
    await page.getByRole('button', { name: 'Simpan survei' }).click();
    await page.getByTestId('paper-U1').getByText('Persyaratan: nilai 1 sampai 4.').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'skm-00-paper-refused.png'), fullPage: true });
    expect(await sql(`select count(*)::int as n from paper_survey`)).toEqual([{ n: 0 }]);
    await pick('U1', 1);
    await page.getByRole('combobox', { name: 'Jenis kelamin' }).click();
    await page.getByRole('option', { name: 'Perempuan' }).click();
    await page.getByRole('button', { name: 'Simpan survei' }).click();
    // (1 + 8 × 4) ÷ 9 × 25 = 91.67
    await page.getByTestId('paper-saved').getByText('IKM kuesioner ini 91,67').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'skm-01-paper-saved.png'), fullPage: true });
    const rows = await sql(`select unit_id, served_at, satisfaction->'scores' as scores from paper_survey`);
    // the day of service at noon WIB: the same calendar day whatever the browser's time zone
    expect(rows.map((r: any) => ({ ...r, served_at: new Date(r.served_at).toISOString() }))).toEqual([
      { unit_id: unit.id, served_at: wib('2026-03-02T12:00:00').toISOString(), scores: [1, 4, 4, 4, 4, 4, 4, 4, 4] },
    ]);
    expect(await page.getByRole('menuitem', { name: 'Laporan SKM' }).count()).toBe(0);

    // Four more answers in Semester I 2026 (five: the profile is shown), two in the semester before.
    const officerToken = (
      await gqlOk(app.url, `mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { token } }`, {
        u: 'hd.mojokerto',
        p: officer.generatedPassword,
      })
    ).staffLogin.token;
    const record = (servedAt: string, scores: number[]) =>
      gqlOk(
        app.url,
        `mutation($i: PaperSurveyInput!) { recordPaperSurvey(input: $i) { id } }`,
        { i: { servedAt: wib(servedAt).toISOString(), scores } },
        officerToken,
      );
    for (const [d, s] of [
      ['2026-01-05T09:00:00', 3],
      ['2026-02-05T09:00:00', 3],
      ['2026-04-05T09:00:00', 3],
      ['2026-06-30T23:59:00', 2],
      ['2025-09-01T09:00:00', 4],
      ['2025-10-01T09:00:00', 3],
    ] as const)
      await record(d, Array(9).fill(s));

    const spv = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    spv.on('pageerror', (e) => errors.push(e.message));
    await login(spv, 'spv.pusat', supervisor.generatedPassword!, await totpDevice(supervisor.otpauthUri!).code());
    await spv.getByRole('menuitem', { name: 'Laporan SKM' }).click();
    await spv.getByRole('combobox', { name: 'Unit layanan' }).click();
    await spv.getByRole('option', { name: 'DPMPTSP Kabupaten Mojokerto' }).click();
    // The last finished semester is proposed (the machine's clock: this test runs after 1 July 2026).
    expect(await spv.getByTestId('skm-first').inputValue()).toMatch(/^\d{4}-(01|07)-01$/);
    await spv.getByTestId('skm-first').fill('2026-01-01');
    await spv.getByTestId('skm-last').fill('2026-06-30');
    await spv.getByTestId('skm-show').click();
    await spv.getByTestId('skm-heading').getByText('DPMPTSP Kabupaten Mojokerto').waitFor();
    const sections = spv.locator('.skm-section');
    expect(await sections.count()).toBe(5);
    for (let i = 0; i < 5; i++) {
      expect(await sections.nth(i).textContent()).toContain(
        'DPMPTSP Kabupaten Mojokerto · Periode 1 Januari 2026 – 30 Juni 2026 (WIB)',
      );
    }
    // (1 + 32) + 3 × 27 + 18 = 132 over 45 answers: 132 ÷ 45 × 25 = 73.33 (C)
    const summary = await spv.getByTestId('skm-summary').textContent();
    expect(summary).toContain('Jumlah responden5');
    expect(summary).toContain('73,33');
    expect(summary).toContain('C (Kurang baik)');
    expect(await spv.getByTestId('skm-elements').textContent()).toContain('U1Persyaratan2,40');
    expect(await spv.getByTestId('skm-profile').textContent()).toContain('Perempuan1');
    // the period of the same length (181 days) just before: from 4 July 2025
    expect(await spv.getByTestId('skm-comparison').textContent()).toContain(
      'Periode sebelumnya: 4 Juli 2025 – 31 Desember 2025 (WIB)',
    );
    await spv.screenshot({ path: path.join(SHOTS, 'skm-02-report-screen.png'), fullPage: true });

    // In print: no menu or controls, each section ends its page.
    await spv.emulateMedia({ media: 'print' });
    expect(await spv.getByTestId('skm-show').isVisible()).toBe(false);
    const breaks = await sections.evaluateAll((els) =>
      els.map((e) => (globalThis as any).getComputedStyle(e).breakAfter),
    );
    expect(breaks).toEqual(['page', 'page', 'page', 'page', 'auto']);
    await spv.screenshot({ path: path.join(SHOTS, 'skm-03-report-print.png'), fullPage: true });
    // Chromium's own print of the page: five sections, five A4 pages
    const printed = await spv.pdf({ format: 'A4' });
    fs.writeFileSync(path.join(SHOTS, 'skm-04-report-print.pdf'), printed);
    expect(printed.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(5);
    await spv.emulateMedia({ media: 'screen' });

    // Downloads: the server's PDF and XLSX of the same figures.
    const [pdfDownload] = await Promise.all([spv.waitForEvent('download'), spv.getByTestId('skm-pdf').click()]);
    expect(pdfDownload.suggestedFilename()).toBe('laporan-skm-3516-2026-01-01-2026-06-30.pdf');
    const pages = pdfPages(fs.readFileSync(await pdfDownload.path()));
    expect(pages).toHaveLength(5);
    expect(pages[0]).toContain('73,33');
    expect(pages[1]).toContain('U1\nPersyaratan\n2,40');
    const [xlsxDownload] = await Promise.all([spv.waitForEvent('download'), spv.getByTestId('skm-xlsx').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await xlsxDownload.path());
    const summaryRows = wb.getWorksheet('Ringkasan')!.getSheetValues() as any[];
    expect(summaryRows.find((r) => r?.[1] === 'IKM')[2]).toBe(73.33);

    // The dashboard: Mojokerto's IKM month by month, and the complaint clock per unit.
    // One complaint of Mojokerto logged an hour ago and already past its due time.
    await sql(
      `insert into complaint (id, number, status, channel, category, description, reporter_name, due_at, created_at,
         unit_id) values (gen_random_uuid(), 'ADU-SKM-1', 'OPEN', 'PHONE', 'LOST_ACCOUNT', 'Uji', 'Pelapor',
         now() - interval '1 minute', now() - interval '1 hour', ?)`,
      [unit.id],
    );
    await spv.getByRole('menuitem', { name: 'Dasbor' }).click();
    const dashboard = spv.getByTestId('unit-dashboard');
    await dashboard.waitFor();
    const clockRow = spv.getByTestId(`clock-${unit.id}`);
    await clockRow.waitFor();
    const [{ opened, overdue }] = await sql(
      `select count(*)::int as opened, count(*) filter (where due_at < now())::int as overdue from complaint
        where unit_id = ? and created_at >= now() - interval '7 days'`,
      [unit.id],
    );
    expect([opened, overdue]).toEqual([1, 1]);
    // unit, "Semua kategori", logged, on time, late, open within due, overdue
    expect(await clockRow.locator('td').allTextContents()).toEqual([
      'DPMPTSP Kabupaten Mojokerto',
      'Semua kategori',
      String(opened),
      '0',
      '0',
      '0',
      String(overdue),
    ]);
    // the element table opens on the unit with answers: Mojokerto, March 2026 (the paper answer, 91.67)
    await spv.getByText('NRR per unsur, DPMPTSP Kabupaten Mojokerto').waitFor();
    await dashboard.screenshot({ path: path.join(SHOTS, 'skm-05-dashboard.png') });
    expect(errors).toEqual([]);
  });
});
