import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { gqlOk } from '../support/graphql';
import { startTestApp } from '../support/app';
import { individualInput, seedAccount, START, totpDevice } from '../support/flows';
import { makeEmail, makeNik } from '../support/factories';
import { launchConsoleBrowser, SHOTS } from '../support/browser';
/** Ceiling for a walk through every page at both sizes (a failure, not a speed target). */
const PAGES_TIMEOUT = 320_000;
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desk', width: 1366, height: 768 },
] as const;
type Locale = 'id' | 'en';

/**
 * Every page of the console, on a phone (390 px) and a desk screen (1366 px),
 * in Bahasa Indonesia and in English: nothing scrolls sideways, axe-core finds
 * no serious or critical violation, and each page has exactly one h1.
 * Screenshots: a11y-<viewport>-<lang>-<page>.png.
 */
describe('the console fits a phone and passes axe-core on every page', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: { username: string; password: string; totp: ReturnType<typeof totpDevice> };
  const ids: Record<string, string> = {};
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchConsoleBrowser();
    app = await startTestApp();
    const em = app.orm.em.fork();
    const c = await app.services.staff.create(em, { username: 'admin.a11y', role: 'ADMIN' });
    admin = { username: 'admin.a11y', password: c.generatedPassword!, totp: totpDevice(c.otpauthUri!) };
    await app.services.staff.create(em, { username: 'helpdesk.a11y', role: 'HELPDESK' });
    const token = (await app.services.sessions.create(em, 'STAFF', c.staff.id, null)).token;

    // One row of every list, with long values where a phone could overflow.
    const nik = makeNik();
    const a = await seedAccount(app, {
      nik,
      fullName: 'SRI RAHAYU KUSUMAWARDHANI NINGSIH',
      email: makeEmail('surel.yang.sangat.panjang.sekali'),
      provinceCode: '35',
      villageCode: '3578011001',
    });
    ids.account = a.id;
    // More rows, one of them suspended: an amber chip beside the green ones.
    await seedAccount(app, { fullName: 'BUDI SANTOSO', provinceCode: '31', villageCode: '3171011001' });
    const held = await seedAccount(app, { fullName: 'NI LUH PUTU AYU' });
    await gqlOk(
      app.url,
      'mutation($id: ID!) { suspendAccount(id: $id, reason: "Diminta pemilik akun") { status } }',
      { id: held.id },
      token,
    );
    await gqlOk(app.url, START, { input: individualInput() });
    const { createComplaint } = await gqlOk(
      app.url,
      `mutation($input: ComplaintInput!) { createComplaint(input: $input) { id number } }`,
      {
        input: {
          accountId: a.id,
          category: 'CODE_NOT_RECEIVED',
          channel: 'PHONE',
          reporterName: 'Sri Rahayu',
          reporterContact: '081234567890',
          description: 'Kode verifikasi tidak pernah masuk ke WhatsApp maupun email pelapor',
        },
      },
      token,
    );
    ids.complaint = createComplaint.id;
    ids.complaintNumber = createComplaint.number;
    await gqlOk(
      app.url,
      'mutation($id: ID!, $s: ID!) { assignComplaint(id: $id, staffId: $s) { id } }',
      { id: ids.complaint, s: c.staff.id },
      token,
    );
    // An applicant's request waits in the queue (OPEN) with its three buttons.
    ids.newEmail = makeEmail('pengganti.alamat.baru');
    await gqlOk(
      app.url,
      'mutation($n: String!, $e: String!) { requestEmailChange(nik: $n, newEmail: $e, reason: "Email lama tidak aktif lagi") { id } }',
      { n: nik, e: ids.newEmail },
    );
    const own = (await app.services.sessions.create(em, 'ACCOUNT', a.id, null)).token;
    const { fileDataSubjectRequest } = await gqlOk(
      app.url,
      'mutation { fileDataSubjectRequest(kind: ACCESS, details: "Mohon salinan seluruh data pribadi saya") { number } }',
      {},
      own,
    );
    ids.dsr = fileDataSubjectRequest.number;
    await gqlOk(
      app.url,
      'mutation($input: BreachIncidentInput!) { recordBreachIncident(input: $input) { id } }',
      {
        input: {
          foundAt: new Date(Date.now() - 3600_000).toISOString(),
          dataCategories: ['NIK', 'EMAIL'],
          description: 'Cadangan basis data terbuka sementara di penyimpanan publik',
          measures: 'Akses ditutup, kunci diganti, pemohon diberi tahu',
        },
      },
      token,
    );
    const { createResponseTemplate } = await gqlOk(
      app.url,
      'mutation { createResponseTemplate(title: "Kode belum masuk", body: "Yth. {nama}, kode untuk {nomor} sudah kami kirim ulang.") { id } }',
      {},
      token,
    );
    ids.template = createResponseTemplate.id;
    // An outreach day of the national unit a week ahead, with its officer.
    const officer = await app.services.staff.create(em, { username: 'jb.a11y', role: 'OUTREACH' });
    ids.eventDate = new Date(Date.now() + 7 * 86400_000 + 7 * 3600_000).toISOString().slice(0, 10);
    const { createOutreachEvent } = await gqlOk(
      app.url,
      'mutation($input: OutreachEventInput!) { createOutreachEvent(input: $input) { id } }',
      {
        input: {
          villageCode: '3578011001',
          date: ids.eventDate,
          startTime: '08:00',
          endTime: '14:00',
          officerIds: [officer.staff.id],
          requirements: ['KTP asli', 'Email aktif'],
          targetCount: 40,
        },
      },
      token,
    );
    ids.event = createOutreachEvent.id;
    // A read in clear, so the audit list has details to show.
    await gqlOk(app.url, 'query($id: ID!) { account(id: $id, reveal: true) { nik } }', { id: a.id }, token);

    context = await browser.newContext({ viewport: VIEWPORTS[1] });
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await app?.dropDatabase();
  });

  /** The console's pages, each with something to wait for that shows its data has arrived. */
  const pages = (): { name: string; route: string; ready: string }[] => [
    { name: 'dashboard', route: '/', ready: '[data-testid="fig-started"]' },
    { name: 'accounts', route: '/accounts', ready: 'text=SRI RAHAYU KUSUMAWARDHANI NINGSIH' },
    { name: 'account', route: `/accounts/${ids.account}/show`, ready: '[data-testid="province"]' },
    // the account's widest tabs: messages (with their buttons) and audit
    { name: 'account-messages', route: `/accounts/${ids.account}/show/messages`, ready: '[data-code="HELD"]' },
    { name: 'account-audit', route: `/accounts/${ids.account}/show/audit`, ready: '[data-testid="audit-details"]' },
    { name: 'registrations', route: '/registrations', ready: '[data-testid="flow-message"]' },
    { name: 'complaints', route: '/complaints', ready: `text=${ids.complaintNumber}` },
    { name: 'complaint', route: `/complaints/${ids.complaint}/show`, ready: '[data-testid="complaint-history"]' },
    { name: 'complaint-create', route: '/complaints/create', ready: '[data-testid="nik-lookup"]' },
    { name: 'email-changes', route: '/emailChangeRequests', ready: '[data-code="OPEN"]' },
    { name: 'outbox', route: '/outboxMessages', ready: '[data-code="HELD"]' },
    { name: 'data-requests', route: '/dataSubjectRequests', ready: `text=${ids.dsr}` },
    { name: 'audit', route: '/auditEvents', ready: '[data-testid="audit-details"]' },
    { name: 'staff', route: '/staffUsers', ready: 'text=helpdesk.a11y' },
    { name: 'breaches', route: '/breachIncidents', ready: '[data-testid="breach-time-left"]' },
    { name: 'templates', route: '/responseTemplates', ready: 'text=Kode belum masuk' },
    { name: 'template-create', route: '/responseTemplates/create', ready: 'textarea[name="body"]' },
    { name: 'template-edit', route: `/responseTemplates/${ids.template}`, ready: 'textarea[name="body"]' },
    { name: 'outreach-events', route: '/outreachEvents', ready: `text=${ids.eventDate}` },
    { name: 'outreach-event-create', route: '/outreachEvents/create', ready: 'input[name="villageCode"]' },
    { name: 'outreach-event-edit', route: `/outreachEvents/${ids.event}`, ready: 'textarea[name="requirementsText"]' },
    { name: 'skm', route: '/skm', ready: '[data-testid="skm-heading"]' },
    { name: 'skm-paper', route: '/skm/paper', ready: '[data-testid="paper-save"]' },
    { name: 'units', route: '/serviceUnits', ready: 'text=Helpdesk OSS Nasional' },
    { name: 'unit-create', route: '/serviceUnits/create', ready: 'input[name="regionCode"]' },
  ];

  const problems: string[] = [];
  /** The three checks on the page as it is now; failures are collected so one run reports them all. */
  async function check(where: string, dialog = false) {
    const hidden = await page.evaluate(
      () => (globalThis as any).document.getElementById('root').getAttribute('aria-hidden') === 'true',
    );
    if (hidden !== dialog)
      problems.push(`${where}: the page is ${hidden ? 'hidden behind a modal' : 'without its dialog'}`);
    const width = await page.evaluate(() => {
      const w = globalThis as any;
      return { scroll: w.document.documentElement.scrollWidth as number, inner: w.innerWidth as number };
    });
    if (width.scroll > width.inner)
      problems.push(`${where}: scrolls sideways (${width.scroll} > ${width.inner}): ${await widest(page)}`);
    const lang = await page.evaluate(() => (globalThis as any).document.documentElement.lang as string);
    if (lang !== where.split(' ')[1]) problems.push(`${where}: the page says its language is "${lang}"`);
    const h1 = await page.locator('h1').count();
    if (h1 !== 1) problems.push(`${where}: ${h1} h1 elements`);
    // Violations only: axe skips collecting every passing node (much faster on a long table).
    const result = await new AxeBuilder({ page })
      .setLegacyMode(true)
      .options({ resultTypes: ['violations'] })
      .analyze();
    for (const v of result.violations)
      if (v.impact === 'serious' || v.impact === 'critical')
        problems.push(
          `${where}: ${v.id} (${v.impact}) ${v.nodes
            .slice(0, 3)
            .map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`)
            .join(' | ')}`,
        );
    // Phone screenshots to look at; desk ones only when something is wrong (they cost time).
    if (where.startsWith('phone') || problems.some((p) => p.startsWith(where)))
      await page.screenshot({ path: path.join(SHOTS, `a11y-${where.replace(/ /g, '-')}.png`), fullPage: true });
  }

  /** The innermost elements that reach past the right edge, to say what to fix. */
  const widest = (page: Page) =>
    page.evaluate(() => {
      const w = globalThis as any;
      const over = (e: any) => e.getBoundingClientRect().right > w.innerWidth + 1;
      const name = (e: any) =>
        `${e.tagName.toLowerCase()}${e.dataset.testid ? `[${e.dataset.testid}]` : ''}.${String(e.className).split(' ').slice(0, 2).join('.')}`;
      const leaves = [...w.document.body.querySelectorAll('*')].filter(
        (e: any) => over(e) && ![...e.children].some(over),
      );
      return leaves
        .slice(0, 3)
        .map((e: any) => `${name(e.parentElement)} > ${name(e)} (${Math.round(e.getBoundingClientRect().right)})`)
        .join(', ');
    });

  async function setLocale(locale: Locale) {
    await page.evaluate((l) => (globalThis as any).localStorage.setItem('RaStore.locale', JSON.stringify(l)), locale);
  }

  it.each(['id', 'en'] as const)('login page in %s', async (locale) => {
    problems.length = 0;
    await page.goto(`${app.url}/admin/#/login`);
    await setLocale(locale);
    for (const v of VIEWPORTS) {
      await page.setViewportSize(v);
      await page.reload();
      expect(await shows('input[name="username"]')).toBe(true);
      await check(`${v.name} ${locale} login`);
    }
    expect(problems).toEqual([]);
  });

  async function signIn() {
    if (!page.url().startsWith(app.url)) await page.goto(`${app.url}/admin/#/login`);
    if (await page.evaluate(() => !!(globalThis as any).localStorage.getItem('hakAkses.session'))) return;
    await page.goto(`${app.url}/admin/#/login`);
    await page.locator('input[name="username"]').fill(admin.username);
    await page.locator('input[name="password"]').fill(admin.password);
    await page.locator('input[name="totp"]').fill(await admin.totp.code());
    await page.locator('button[type="submit"]').click();
    await page.getByTestId('dashboard').waitFor();
  }

  /**
   * Whether `selector` shows within 10 s, looked for every 25 ms (Playwright's
   * own wait backs off to half a second between looks, most of this suite's time).
   */
  async function shows(selector: string) {
    for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 25)))
      if (await page.locator(selector).first().isVisible()) return true;
    return false;
  }

  /**
   * A new screen size starts the console afresh, as on a real phone:
   * react-admin keeps the sidebar's open state of the wider screen, which on a
   * phone is a drawer over the page.
   */
  async function setSize(v: (typeof VIEWPORTS)[number]) {
    if (page.viewportSize()?.width === v.width) return;
    await page.setViewportSize(v);
    await page.reload();
  }

  /** Opens each page at each size, waits for its data and checks it. */
  async function visitAll(locale: Locale, sizes: readonly (typeof VIEWPORTS)[number][], only?: string[], tag = '') {
    for (const v of sizes) {
      await setSize(v);
      for (const p of pages().filter((p) => !only || only.includes(p.name))) {
        await page.goto(`${app.url}/admin/#${p.route}`);
        const where = `${v.name} ${locale} ${p.name}${tag}`;
        const ready = await shows(p.ready);
        if (!ready) problems.push(`${where}: ${p.ready} never showed`);
        await page.waitForLoadState('networkidle');
        await check(where);
      }
    }
  }

  it.each(['id', 'en'] as const)(
    'every page after login in %s',
    async (locale) => {
      problems.length = 0;
      await signIn();
      // The language as react-admin keeps it; the reload below starts the console in it.
      await setLocale(locale);
      await page.reload();
      await visitAll(locale, VIEWPORTS);
      // Dialogs, on a phone: an action's confirmation on the account page and the new staff user form.
      await setSize(VIEWPORTS[0]);
      for (const [name, route, button] of [
        ['account-dialog', `/accounts/${ids.account}/show`, locale === 'id' ? 'Ganti email' : 'Change email'],
        ['staff-dialog', '/staffUsers', locale === 'id' ? 'Buat' : 'Create'],
      ]) {
        await page.goto(`${app.url}/admin/#${route}`);
        const where = `phone ${locale} ${name}`;
        const opened = await page
          .getByRole('button', { name: button, exact: true })
          .click({ timeout: 10_000 })
          .then(
            () => shows('[role="dialog"] input'),
            () => false,
          );
        if (!opened) {
          const hidden = await page.evaluate(() => (globalThis as any).document.getElementById('root').ariaHidden);
          problems.push(
            `${where}: no dialog from "${button}"${hidden === 'true' ? ' (the page is behind a modal)' : ''}`,
          );
          await page.screenshot({ path: path.join(SHOTS, `a11y-${where.replace(/ /g, '-')}.png`), fullPage: true });
          continue;
        }
        await check(where, true);
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
      }
      expect(problems).toEqual([]);
    },
    PAGES_TIMEOUT,
  );

  it(
    'keeps the contrast in the dark theme (the app bar button switches to it)',
    async () => {
      problems.length = 0;
      await signIn();
      await setLocale('id');
      await page.evaluate(() => (globalThis as any).localStorage.setItem('RaStore.theme', JSON.stringify('dark')));
      await page.reload();
      await visitAll('id', [VIEWPORTS[1]], ['accounts', 'complaint', 'email-changes'], '-dark');
      // the theme really switched: a dark page background
      expect(
        await page.evaluate(
          () => (globalThis as any).getComputedStyle((globalThis as any).document.body).backgroundColor,
        ),
      ).toBe('rgb(49, 49, 49)');
      await page.evaluate(() => (globalThis as any).localStorage.removeItem('RaStore.theme'));
      expect(problems).toEqual([]);
    },
    PAGES_TIMEOUT,
  );

  it('wrote no errors to the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
