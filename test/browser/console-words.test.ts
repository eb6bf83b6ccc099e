import fs from 'node:fs';
import path from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import { enumsEnglish, enumsIndonesian } from '../../admin-ui/src/i18n/enums';
import { gqlOk } from '../support/graphql';
import { startTestApp } from '../support/app';
import { individualInput, seedAccount, START, totpDevice } from '../support/flows';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, 'screenshots');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * Codes that must never reach the screen: every code of the translation
 * tables whose word differs from it (PT stays PT), upper-case codes and
 * snake_case templates, matched as whole words.
 */
function rawCodes(locale: 'id' | 'en'): RegExp {
  const table = (locale === 'id' ? enumsIndonesian : enumsEnglish) as Record<string, Record<string, string>>;
  const codes = new Set<string>();
  for (const [vocabulary, words] of Object.entries(table)) {
    if (vocabulary === 'AuditDetail') continue; // keys such as "from", "to": ordinary words
    for (const [code, word] of Object.entries(words))
      if (word !== code && (/^[A-Z][A-Z0-9_]{3,}$/.test(code) || /^[a-z]+_[a-z_]+$/.test(code))) codes.add(code);
  }
  return new RegExp(`(?<![\\w-])(${[...codes].sort((a, b) => b.length - a.length).join('|')})(?![\\w-])`);
}

/**
 * Every page of the console in Bahasa Indonesia and in English (switched with
 * the language menu, as an officer would): words instead of codes, names
 * instead of ids, dates in the chosen language. Screenshots: words-<lang>-*.png.
 */
describe('the console speaks both languages', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let browser: Browser;
  let admin: { username: string; password: string; totp: ReturnType<typeof totpDevice>; id: string };
  let account: { id: string; createdAt: Date };
  let complaintId: string;
  let provinceName: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.resolve(__dirname, '../../admin-ui/dist/index.html')))
      throw new Error('Build the console first: npm run build:console');
    fs.mkdirSync(SHOTS, { recursive: true });
    // No transports: messages are HELD, a status the outbox must show in words.
    app = await startTestApp();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const em = app.orm.em.fork();
    const c = await app.services.staff.create(em, { username: 'admin.bahasa', role: 'ADMIN' });
    admin = {
      username: 'admin.bahasa',
      password: c.generatedPassword!,
      totp: totpDevice(c.otpauthUri!),
      id: c.staff.id,
    };
    const token = (await app.services.sessions.create(em, 'STAFF', c.staff.id, null)).token;

    const a = await seedAccount(app, { fullName: 'SRI BAHASA', provinceCode: '35', villageCode: '3578011001' });
    account = { id: a.id, createdAt: a.createdAt };
    await gqlOk(app.url, START, { input: individualInput() });
    const { createComplaint } = await gqlOk(
      app.url,
      `mutation($input: ComplaintInput!) { createComplaint(input: $input) { id } }`,
      {
        input: {
          accountId: a.id,
          category: 'CODE_NOT_RECEIVED',
          channel: 'PHONE',
          reporterName: 'Sri',
          description: 'Kode tidak pernah masuk ke WhatsApp',
        },
      },
      token,
    );
    complaintId = createComplaint.id;
    await gqlOk(
      app.url,
      'mutation($id: ID!, $s: ID!) { assignComplaint(id: $id, staffId: $s) { id } }',
      { id: complaintId, s: c.staff.id },
      token,
    );
    await gqlOk(
      app.url,
      'mutation($id: ID!) { changeAccountEmail(id: $id, newEmail: "sri.baru@example.co.id", reason: "Email lama mati") { id } }',
      { id: a.id },
      token,
    );
    // A read in clear: the account's Audit tab shows it as PII_VIEW by this staff user.
    await gqlOk(app.url, 'query($id: ID!) { account(id: $id, reveal: true) { nik } }', { id: a.id }, token);
    await gqlOk(
      app.url,
      'mutation($i: BreachIncidentInput!) { recordBreachIncident(input: $i) { id } }',
      {
        i: {
          foundAt: new Date().toISOString(),
          dataCategories: ['PASSWORD_HASH', 'BIRTH_DATE'],
          description: 'Cadangan basis data tersalin ke server uji',
          measures: 'Salinan dihapus, kata sandi pemohon diminta diganti',
        },
      },
      token,
    );
    const { provinces } = await gqlOk(app.url, '{ provinces { code name } }');
    provinceName = provinces.find((p: any) => p.code === '35').name;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await app?.dropDatabase();
  });

  async function login(locale: 'id' | 'en'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${locale}: ${m.text()}`));
    page.on('pageerror', (e) => consoleErrors.push(`${locale}: ${e.message}`));
    await page.goto(`${app.url}/admin/#/login`);
    await page.getByLabel('Nama pengguna').fill(admin.username);
    await page.getByLabel('Kata sandi').fill(admin.password);
    await page.getByLabel('Kode TOTP (SUPERVISOR/ADMIN)').fill(await admin.totp.code());
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByTestId('dashboard').waitFor();
    if (locale === 'en') {
      await page.getByRole('button', { name: 'Indonesia' }).click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await page.getByRole('menuitem', { name: 'Accounts' }).waitFor();
      // The layout remounts with the new language; the live connection stays and says so.
      await page.locator('[data-testid="live-indicator"][aria-label="live"]').waitFor({ timeout: 5000 });
    }
    return page;
  }

  /** Opens a route, waits for `ready`, saves a screenshot and returns the visible text, checked for raw codes. */
  async function visit(page: Page, locale: 'id' | 'en', name: string, route: string, ready: string) {
    await page.goto(`${app.url}/admin/#${route}`);
    await page.getByText(ready, { exact: true }).first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(SHOTS, `words-${locale}-${name}.png`), fullPage: true });
    const text = await visibleText(page);
    expect([name, codeIn(text, locale)]).toEqual([name, null]);
    return text;
  }
  /**
   * The page's text nodes as written, one per line (innerText would apply
   * CSS upper-casing: a tab reading "EMAIL CHANGES" is not a code).
   */
  const visibleText = (page: Page) =>
    page.evaluate(() => {
      // Runs in the page (the test's TypeScript has no DOM types).
      const d = (globalThis as any).document;
      const walker = d.createTreeWalker(d.body, 4 /* NodeFilter.SHOW_TEXT */);
      const parts: string[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (el && !['SCRIPT', 'STYLE'].includes(el.tagName) && el.getClientRects().length) parts.push(n.nodeValue);
      }
      return parts.join('\n');
    });
  /** The first raw code in `text`, with what surrounds it; null when there is none. */
  const codeIn = (text: string, locale: 'id' | 'en') => {
    const m = rawCodes(locale).exec(text);
    return m ? `${m[0]} in "${text.slice(Math.max(0, m.index - 40), m.index + 40)}"` : null;
  };

  const fmt = (tag: string, d: Date) =>
    `${new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Jakarta' }).format(d)} WIB`;

  it.each([
    ['id', { active: 'Aktif', profile: 'Profil', history: 'Riwayat pendaftaran', tag: 'id-ID', other: 'en-GB' }],
    ['en', { active: 'Active', profile: 'Profile', history: 'Registration history', tag: 'en-GB', other: 'id-ID' }],
  ] as const)('shows words, names and %s dates on every page', async (locale, w) => {
    const page = await login(locale);
    const dash = await visit(page, locale, 'dashboard', '/', locale === 'id' ? 'Per provinsi' : 'By province');
    expect(dash).toContain(locale === 'id' ? 'Tahapan pendaftaran' : 'Registration steps');

    // The province filter offers names and sends the code.
    await visit(
      page,
      locale,
      'accounts',
      `/accounts?filter=${encodeURIComponent(JSON.stringify({ provinceCode: '35' }))}`,
      'SRI BAHASA',
    );
    await page.getByText(provinceName, { exact: true }).first().waitFor();
    await page
      .getByTestId(`status-${account.id}`)
      .filter({ hasText: new RegExp(`^${w.active}$`) })
      .first()
      .waitFor();

    const show = await visit(page, locale, 'account', `/accounts/${account.id}/show`, w.profile);
    await page.getByRole('tab', { name: w.history }).waitFor();
    await page.getByTestId('province').filter({ hasText: provinceName }).waitFor();
    expect(show).toContain(fmt(w.tag, account.createdAt));
    expect(show).not.toContain(fmt(w.other, account.createdAt));

    for (const [tab, ready] of [
      [locale === 'id' ? 'Pesan' : 'Messages', locale === 'id' ? 'Selamat datang' : 'Welcome'],
      [locale === 'id' ? 'Permintaan ganti email' : 'Email changes', locale === 'id' ? 'Petugas' : 'Staff'],
      [locale === 'id' ? 'Pengaduan' : 'Complaints', locale === 'id' ? 'Kode tidak diterima' : 'Code not received'],
      ['Audit', locale === 'id' ? 'Data pribadi dilihat' : 'Personal data viewed'],
    ]) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await page.getByText(ready, { exact: true }).first().waitFor();
      await page.screenshot({ path: path.join(SHOTS, `words-${locale}-account-${tab}.png`), fullPage: true });
      expect([tab, codeIn(await visibleText(page), locale)]).toEqual([tab, null]);
    }
    expect(await page.getByTestId('audit-actor').filter({ hasText: UUID }).count()).toBe(0);
    await page.getByTestId('audit-actor').filter({ hasText: admin.username }).first().waitFor();

    await visit(page, locale, 'complaints', '/complaints', locale === 'id' ? 'Sedang ditangani' : 'In progress');
    const complaint = await visit(page, locale, 'complaint', `/complaints/${complaintId}/show`, 'Sri');
    expect(complaint).toContain(locale === 'id' ? 'Ditugaskan' : 'Assigned');
    const history = await page.getByTestId('complaint-history').innerText();
    expect(history).toContain(admin.username);
    expect(history).not.toMatch(UUID);

    await visit(page, locale, 'registrations', '/registrations', locale === 'id' ? 'Verifikasi kode' : 'Verify code');
    await visit(
      page,
      locale,
      'email-changes',
      `/emailChangeRequests?filter=${encodeURIComponent(JSON.stringify({ status: 'APPROVED' }))}`,
      locale === 'id' ? 'Disetujui' : 'Approved',
    );
    await visit(page, locale, 'outbox', '/outboxMessages', locale === 'id' ? 'Ditahan' : 'Held');
    const audit = await visit(
      page,
      locale,
      'audit',
      `/auditEvents?filter=${encodeURIComponent(JSON.stringify({ action: 'COMPLAINT_ASSIGNED' }))}`,
      locale === 'id' ? 'Pengaduan ditugaskan' : 'Complaint assigned',
    );
    expect(audit).toContain(`${locale === 'id' ? 'Petugas' : 'Staff'}: ${admin.username}`);
    // the assignee in the details too: a staff id is shown as the staff user's name
    expect(await page.getByTestId('audit-details').first().innerText()).toContain(
      `${locale === 'id' ? 'Catatan' : 'Note'}: ${admin.username}`,
    );
    expect(audit).not.toMatch(UUID);
    await visit(page, locale, 'staff', '/staffUsers', 'Administrator');
    await visit(
      page,
      locale,
      'breaches',
      '/breachIncidents',
      locale === 'id' ? 'Kata sandi tersandi, Tanggal lahir' : 'Password hash, Birth date',
    );

    // A form's choices come from the same table.
    await visit(page, locale, 'complaint-create', '/complaints/create', locale === 'id' ? 'Telepon' : 'Phone');
    await page.getByLabel(locale === 'id' ? 'Kategori' : 'Category').click();
    await page.getByRole('option', { name: locale === 'id' ? 'Login terkunci' : 'Login locked' }).waitFor();
    expect([
      'complaint-create options',
      codeIn((await page.getByRole('listbox').innerText()).replace(/\n/g, ' \n '), locale),
    ]).toEqual(['complaint-create options', null]);
    await page.keyboard.press('Escape');
    await page.close();
  });

  it.each([
    ['id', '1-25 dari lebih dari 10.000 (perkiraan 2.345.678)'],
    ['en', '1-25 of more than 10,000 (about 2,345,678)'],
  ] as const)(
    'says "more than 10,000" in %s when the server only estimated the count of an account search',
    async (locale, label) => {
      const page = await login(locale);
      // The server estimates above 10,000 matches (tested with the search); here its answer is made one.
      await page.route('**/graphql', async (route) => {
        const body = route.request().postData() ?? '';
        if (!body.includes('totalCountIsEstimate') || !body.includes('edges')) return route.continue();
        const response = await route.fetch();
        const json = await response.json();
        json.data.accounts.totalCount = 2_345_678;
        json.data.accounts.totalCountIsEstimate = true;
        await route.fulfill({ response, json });
      });
      await page.goto(`${app.url}/admin/#/accounts`);
      await page.getByText(label, { exact: true }).waitFor();
      await page.unroute('**/graphql');
      await page.close();
    },
  );

  it('wrote no errors to the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
