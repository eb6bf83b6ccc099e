import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { gqlOk } from '../support/graphql';
import { launchConsoleBrowser, SHOTS } from '../support/browser';
import { startTestApp } from '../support/app';
import { seedAccount, totpDevice } from '../support/flows';

const CREATE = `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id number } }`;

/**
 * The administrator adds a regional office and moves an officer there; the
 * officer then sees that office's complaints only.
 */
describe('service units in the console (Chromium)', () => {
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

  const sql = (q: string) => app.orm.em.fork().getConnection().execute(q);

  async function login(page: Page, username: string, password: string, totp?: string) {
    await page.goto(`${app.url}/admin/#/login`);
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(password);
    if (totp) await page.getByLabel('Kode TOTP (SUPERVISOR/ADMIN)').fill(totp);
    await page.getByRole('button', { name: 'Masuk' }).click();
  }

  it('creates a unit, moves an officer into it, and that officer sees only the unit’s complaints', async () => {
    const em = () => app.orm.em.fork();
    const admin = await app.services.staff.create(em(), { username: 'admin.unit', role: 'ADMIN' });
    const officer = await app.services.staff.create(em(), { username: 'hd.mojokerto', role: 'HELPDESK' });
    const errors: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, 'admin.unit', admin.generatedPassword!, await totpDevice(admin.otpauthUri!).code());

    await page.getByRole('menuitem', { name: 'Unit layanan' }).click();
    await page.getByRole('link', { name: 'Buat' }).click();
    await page.getByRole('textbox', { name: 'Nama unit' }).fill('DPMPTSP Kabupaten Mojokerto');
    await page.getByRole('textbox', { name: 'Kode wilayah (provinsi 2 digit, kabupaten/kota 4 digit)' }).fill('35.16');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByRole('cell', { name: 'Kabupaten Mojokerto', exact: true }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'units-00-list.png'), fullPage: true });
    const [unit] = await sql(`select id, name, region_code from service_unit where region_code = '3516'`);
    expect(unit).toMatchObject({ name: 'DPMPTSP Kabupaten Mojokerto' });

    await page.getByRole('menuitem', { name: 'Staf' }).click();
    const select = page.getByRole('combobox', { name: 'Unit layanan hd.mojokerto' });
    await select.click();
    await page.getByRole('option', { name: 'DPMPTSP Kabupaten Mojokerto' }).click();
    await page.getByText('Berhasil.').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'units-01-staff.png'), fullPage: true });
    expect(await sql(`select unit_id from staff_user where username = 'hd.mojokerto'`)).toEqual([{ unit_id: unit.id }]);

    // One complaint for Mojokerto (by the account's region), one for the national helpdesk.
    const national = await app.services.staff.create(em(), { username: 'hd.pusat', role: 'HELPDESK' });
    const token = (
      await gqlOk(app.url, `mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { token } }`, {
        u: 'hd.pusat',
        p: national.generatedPassword,
      })
    ).staffLogin.token;
    const district = app.services.regions.children('3516', 4)[0].code;
    const village = app.services.regions.children(district, 6)[0].code;
    const account = await seedAccount(app, { villageCode: village, provinceCode: '35' });
    const base = { channel: 'PHONE', category: 'OTHER', description: 'Kode tidak masuk', reporterName: 'Sari' };
    const ours = (await gqlOk(app.url, CREATE, { i: { ...base, accountId: account.id } }, token)).createComplaint;
    const theirs = (await gqlOk(app.url, CREATE, { i: { ...base, reporterName: 'Budi' } }, token)).createComplaint;

    const officerPage = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    officerPage.on('pageerror', (e) => errors.push(e.message));
    await login(officerPage, 'hd.mojokerto', officer.generatedPassword!);
    await officerPage.getByRole('menuitem', { name: 'Pengaduan' }).click();
    await officerPage.getByText(ours.number).waitFor();
    expect(await officerPage.getByText(theirs.number).count()).toBe(0);
    expect(await officerPage.locator('tbody tr').first().textContent()).toContain('DPMPTSP Kabupaten Mojokerto');
    await officerPage.screenshot({ path: path.join(SHOTS, 'units-02-officer-complaints.png'), fullPage: true });

    // The breach register is the national unit's: a regional supervisor has no such menu entry, a national one has.
    const menuOf = async (username: string, unitId: string | null) => {
      const created = await app.services.staff.create(em(), { username, role: 'SUPERVISOR' });
      if (unitId) await em().execute('update staff_user set unit_id = ? where id = ?', [unitId, created.staff.id]);
      const p = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      p.on('pageerror', (e) => errors.push(e.message));
      await login(p, username, created.generatedPassword!, await totpDevice(created.otpauthUri!).code());
      await p.getByRole('menuitem', { name: 'Log audit' }).waitFor();
      const items = await p.getByRole('menuitem').allTextContents();
      await p.close();
      return items;
    };
    expect(await menuOf('spv.mojokerto', unit.id)).not.toContain('Insiden data pribadi');
    expect(await menuOf('spv.pusat', null)).toContain('Insiden data pribadi');
    expect(errors).toEqual([]);
  });
});
