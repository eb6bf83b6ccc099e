import { randomUUID } from 'node:crypto';
import { seedAccount, staffSession } from '../support/flows';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

const NATIONAL = '00000000-0000-4000-8000-000000000001';
const CREATE_UNIT = `mutation($n: String!, $r: String!) { createServiceUnit(name: $n, regionCode: $r) {
  id name regionCode regionName national } }`;
const SET_UNIT = `mutation($s: ID!, $u: ID!) { setStaffUnit(staffId: $s, unitId: $u) { id unit { id name } } }`;
const CREATE = `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id unit { id national } } }`;
const LIST = `query($f: ComplaintFilter) { complaints(filter: $f, first: 100) { totalCount edges { node { id } } } }`;
const REPORT = `query($u: ID, $from: DateTime!, $to: DateTime!) { skmReport(unitId: $u, from: $from, to: $to) {
  respondents unit { id name } elements { code nrr } } }`;

describe('service units: regional offices see and act on their own complaints and SKM', () => {
  const stack = useStack();
  let admin: { token: string };
  const unit: Record<string, string> = {};

  /** A village of a regency, from the official region data. */
  const villageIn = (regency: string) => {
    const { regions } = stack.app.services;
    const district = regions.children(regency, 4)[0];
    return regions.children(district.code, 6)[0].code;
  };
  const complaint = (token: string, extra: Record<string, unknown> = {}) =>
    gqlOk(
      stack.app.url,
      CREATE,
      { i: { channel: 'PHONE', category: 'OTHER', description: 'Kode tidak masuk', reporterName: 'Sari', ...extra } },
      token,
    ).then((r) => r.createComplaint as { id: string; unit: { id: string; national: boolean } });
  const ids = async (token: string, f: Record<string, unknown> = {}) =>
    (await gqlOk(stack.app.url, LIST, { f }, token)).complaints.edges.map((e: { node: { id: string } }) => e.node.id);
  async function officer(role: 'HELPDESK' | 'SUPERVISOR', unitId: string) {
    const s = await staffSession(stack.app, role);
    await gqlOk(stack.app.url, SET_UNIT, { s: s.id, u: unitId }, admin.token);
    return s;
  }

  beforeAll(async () => {
    admin = await staffSession(stack.app, 'ADMIN');
    for (const [name, code] of [
      ['DPMPTSP Kabupaten Mojokerto', '3516'],
      ['DPMPTSP Provinsi Jawa Timur', '35'],
      ['DPMPTSP Kabupaten Kampar', '1406'],
    ]) {
      unit[code] = (await gqlOk(stack.app.url, CREATE_UNIT, { n: name, r: code }, admin.token)).createServiceUnit.id;
    }
  });

  it('lists the national helpdesk first, then the regional units with their region names', async () => {
    const helpdesk = await staffSession(stack.app);
    const { serviceUnits } = await gqlOk(
      stack.app.url,
      '{ serviceUnits { id name regionCode regionName national } }',
      {},
      helpdesk.token,
    );
    expect(serviceUnits[0]).toMatchObject({ id: NATIONAL, national: true, regionCode: null });
    expect(serviceUnits.slice(1).map((u: { regionCode: string }) => u.regionCode)).toEqual(['1406', '35', '3516']);
    expect(serviceUnits.find((u: { regionCode: string }) => u.regionCode === '3516').regionName).toMatch(/MOJOKERTO/i);
  });

  it('refuses a region that does not exist or is no province/regency, and a second unit for one region', async () => {
    for (const r of ['3599', '351', '351601', 'ab']) {
      const res = await gql(stack.app.url, CREATE_UNIT, { n: 'Unit Uji', r }, admin.token);
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: { regionCode: expect.any(String) },
      });
    }
    const twice = await gql(stack.app.url, CREATE_UNIT, { n: 'Mojokerto lagi', r: '35.16' }, admin.token);
    expect(errorCode(twice)).toBe('CONFLICT');
    expect(await stack.sql(`select count(*)::int as n from service_unit where region_code = '3516'`)).toEqual([
      { n: 1 },
    ]);
  });

  it("routes a complaint to the account's regency office, else its province's, else the national helpdesk", async () => {
    const national = await staffSession(stack.app);
    const inMojokerto = await seedAccount(stack.app, { villageCode: villageIn('3516'), provinceCode: '35' });
    const inSurabaya = await seedAccount(stack.app, { villageCode: villageIn('3578'), provinceCode: '35' });
    const inJakarta = await seedAccount(stack.app, { villageCode: villageIn('3171'), provinceCode: '31' });
    expect((await complaint(national.token, { accountId: inMojokerto.id })).unit.id).toBe(unit['3516']);
    expect((await complaint(national.token, { accountId: inSurabaya.id })).unit.id).toBe(unit['35']);
    expect((await complaint(national.token, { accountId: inJakarta.id })).unit.id).toBe(NATIONAL);
    expect((await complaint(national.token)).unit.id).toBe(NATIONAL);
    // Chosen explicitly by a national officer.
    expect((await complaint(national.token, { unitId: unit['1406'] })).unit.id).toBe(unit['1406']);
  });

  it('keeps a regional officer to their unit: lists, reads, steps, the account tab and new complaints', async () => {
    const national = await staffSession(stack.app);
    const account = await seedAccount(stack.app, { villageCode: villageIn('3516'), provinceCode: '35' });
    const theirs = await complaint(national.token, { accountId: account.id });
    const other = await complaint(national.token, { accountId: account.id, unitId: NATIONAL });
    const regional = await officer('HELPDESK', unit['3516']);

    const seen = await ids(regional.token);
    expect(seen).toContain(theirs.id);
    expect(seen).not.toContain(other.id);
    expect(await ids(national.token)).toEqual(expect.arrayContaining([theirs.id, other.id]));
    expect(errorCode(await gql(stack.app.url, LIST, { f: { unitId: NATIONAL } }, regional.token))).toBe('FORBIDDEN');

    const read = (id: string) =>
      gql(stack.app.url, `query($id: ID!) { complaint(id: $id) { id } }`, { id }, regional.token);
    expect((await read(theirs.id)).data?.complaint.id).toBe(theirs.id);
    expect(errorCode(await read(other.id))).toBe('NOT_FOUND');
    const note = (id: string) =>
      gql(
        stack.app.url,
        `mutation($id: ID!) { addComplaintNote(id: $id, note: "Sudah ditelepon") { id } }`,
        { id },
        regional.token,
      );
    expect(errorCode(await note(other.id))).toBe('NOT_FOUND');
    expect((await note(theirs.id)).errors).toBeUndefined();
    expect(
      await stack.sql(`select 1 from complaint_event where complaint_id = ? and kind = 'NOTE'`, [other.id]),
    ).toEqual([]);

    const tab = await gqlOk(
      stack.app.url,
      `query($id: ID!) { account(id: $id, reveal: false) { complaints { id } } }`,
      { id: account.id },
      regional.token,
    );
    expect(tab.account.complaints.map((c: { id: string }) => c.id)).toEqual([theirs.id]);

    // A regional officer logs for their own unit, whatever the account, and cannot choose another.
    const jakarta = await seedAccount(stack.app, { villageCode: villageIn('3171'), provinceCode: '31' });
    expect((await complaint(regional.token, { accountId: jakarta.id })).unit.id).toBe(unit['3516']);
    const elsewhere = await gql(
      stack.app.url,
      CREATE,
      {
        i: {
          channel: 'PHONE',
          category: 'OTHER',
          description: 'Kode tidak masuk',
          reporterName: 'Sari',
          unitId: NATIONAL,
        },
      },
      regional.token,
    );
    expect(errorCode(elsewhere)).toBe('FORBIDDEN');

    // Moving the officer takes effect with their next call.
    await gqlOk(stack.app.url, SET_UNIT, { s: regional.id, u: NATIONAL }, admin.token);
    expect(errorCode(await read(other.id))).toBeUndefined();
  });

  it("shows a regional supervisor the audit log without other units' complaints and staff, or the breach register", async () => {
    const national = await staffSession(stack.app, 'SUPERVISOR');
    const account = await seedAccount(stack.app, { villageCode: villageIn('1406'), provinceCode: '14' });
    const kampar = await complaint(national.token, { accountId: account.id });
    const elsewhere = await complaint(national.token, { accountId: account.id, unitId: NATIONAL });
    expect(kampar.unit.id).toBe(unit['1406']);
    const supervisor = await officer('SUPERVISOR', unit['1406']);
    const colleague = await officer('HELPDESK', unit['1406']);
    const stranger = await officer('HELPDESK', unit['3516']);
    // The session says which kind of unit the officer works in (the console shows the breach register by it).
    const NATIONAL_AT_LOGIN =
      'mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { national } }';
    const nationalAtLogin = async (who: { username: string; password: string }) =>
      (await gqlOk(stack.app.url, NATIONAL_AT_LOGIN, { u: who.username, p: who.password })).staffLogin.national;
    expect(await nationalAtLogin(colleague)).toBe(false);
    expect(await nationalAtLogin(await staffSession(stack.app, 'HELPDESK'))).toBe(true);
    await stack.sql(
      `insert into audit_event (id, action, actor_type, target_type, target_id, details)
        values (gen_random_uuid(), 'BREACH_RECORDED', 'STAFF', 'breach_incident', gen_random_uuid()::text, '{}')`,
    );
    /** Ids of the events about each target, from the table itself. */
    const eventsAbout = async (where: string, params: unknown[] = []) =>
      (await stack.sql(`select id from audit_event where ${where}`, params)).map((r: { id: string }) => r.id);
    const about = {
      kampar: await eventsAbout('target_id = ?', [kampar.id]),
      elsewhere: await eventsAbout('target_id = ?', [elsewhere.id]),
      colleague: await eventsAbout(`target_type = 'staff_user' and target_id = ?`, [colleague.id]),
      stranger: await eventsAbout(`target_type = 'staff_user' and target_id = ?`, [stranger.id]),
      account: await eventsAbout(`target_type = 'account' and target_id = ?`, [account.id]),
      breach: await eventsAbout(`target_type = 'breach_incident'`),
    };
    for (const ids of Object.values(about)) expect(ids.length).toBeGreaterThan(0);
    const visible = async (token: string) => {
      const seen = new Set<string>();
      let after: string | null = null;
      do {
        const { auditEvents }: any = await gqlOk(
          stack.app.url,
          `query($a: String) { auditEvents(first: 100, after: $a) {
            edges { cursor node { id } } pageInfo { hasNextPage } } }`,
          { a: after },
          token,
        );
        for (const e of auditEvents.edges) seen.add(e.node.id);
        after = auditEvents.pageInfo.hasNextPage ? auditEvents.edges.at(-1).cursor : null;
      } while (after);
      return seen;
    };
    const shown = (seen: Set<string>) =>
      Object.fromEntries(Object.entries(about).map(([k, ids]) => [k, ids.some((id) => seen.has(id))]));
    expect(shown(await visible(supervisor.token))).toEqual({
      kampar: true,
      elsewhere: false,
      colleague: true,
      stranger: false,
      account: true,
      breach: false,
    });
    expect(Object.values(shown(await visible(national.token)))).toEqual(Array(6).fill(true));

    // The account's own tab follows the same rule: a read of its complaint of another unit is not in it.
    const pii = async (complaintId: string) => {
      const [{ id }] = await stack.sql(
        `insert into audit_event (id, action, actor_type, target_type, target_id, details)
          values (gen_random_uuid(), 'PII_VIEW', 'STAFF', 'complaint', ?, jsonb_build_object('accountId', ?::text))
          returning id`,
        [complaintId, account.id],
      );
      return id as string;
    };
    const ours = await pii(kampar.id);
    const theirs = await pii(elsewhere.id);
    const trail = await gqlOk(
      stack.app.url,
      `query($id: ID!) { account(id: $id, reveal: false) { auditTrail { id } } }`,
      { id: account.id },
      colleague.token,
    );
    const trailIds = trail.account.auditTrail.map((e: { id: string }) => e.id);
    expect(trailIds).toContain(ours);
    expect(trailIds).not.toContain(theirs);
  });

  it("keeps complaint replies out of a regional officer's outbox (they follow their own in the conversation)", async () => {
    const national = await staffSession(stack.app);
    const regional = await officer('HELPDESK', unit['3516']);
    const to = `balasan.${randomUUID().slice(0, 8)}@example.id`;
    const id = randomUUID();
    await stack.sql(
      `insert into outbox_message (id, channel, recipient, template, subject, body, status, created_at)
       values (?, 'EMAIL', ?, 'complaint_reply', '[ADU-2026-999999] Balasan pengaduan', 'Isi balasan', 'DEAD', now())`,
      [id, to],
    );
    const OUTBOX = `query($r: String) { outboxMessages(filter: { recipient: $r }) { totalCount edges { node { id } } } }`;
    expect((await gqlOk(stack.app.url, OUTBOX, { r: to }, national.token)).outboxMessages.totalCount).toBe(1);
    expect((await gqlOk(stack.app.url, OUTBOX, { r: to }, regional.token)).outboxMessages.totalCount).toBe(0);
    const REDELIVER = `mutation($id: ID!) { redeliverMessage(id: $id) { id } }`;
    expect(errorCode(await gql(stack.app.url, REDELIVER, { id }, regional.token))).toBe('NOT_FOUND');
  });

  it('leaves decisions that bind every unit to the national helpdesk: canned responses and breach notices', async () => {
    const regional = await officer('SUPERVISOR', unit['3516']);
    const national = await staffSession(stack.app, 'SUPERVISOR');
    const TEMPLATE = `mutation { createResponseTemplate(title: "Salam", body: "Halo {nama}") { id } }`;
    expect(errorCode(await gql(stack.app.url, TEMPLATE, {}, regional.token))).toBe('FORBIDDEN');
    expect((await gql(stack.app.url, TEMPLATE, {}, national.token)).errors).toBeUndefined();
    const BREACH = `mutation($i: BreachIncidentInput!) { recordBreachIncident(input: $i) { id } }`;
    const input = {
      foundAt: new Date().toISOString(),
      dataCategories: ['EMAIL'],
      description: 'Cadangan basis data terbuka di internet',
      measures: 'Akses ditutup dan kunci diganti',
    };
    expect(errorCode(await gql(stack.app.url, BREACH, { i: input }, regional.token))).toBe('FORBIDDEN');
    expect((await gql(stack.app.url, BREACH, { i: input }, national.token)).errors).toBeUndefined();
  });

  it('assigns a complaint only to an officer of its unit or of the national helpdesk', async () => {
    const national = await staffSession(stack.app);
    const kampar = await officer('HELPDESK', unit['1406']);
    const mojokerto = await complaint(national.token, { unitId: unit['3516'] });
    const assign = (id: string, staffId: string) =>
      gql(
        stack.app.url,
        `mutation($id: ID!, $s: ID!) { assignComplaint(id: $id, staffId: $s) { id } }`,
        { id, s: staffId },
        national.token,
      );
    const refused = await assign(mojokerto.id, kampar.id);
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { staffId: expect.any(String) },
    });
    expect((await assign(mojokerto.id, national.id)).errors).toBeUndefined();
    const own = await complaint(national.token, { unitId: unit['1406'] });
    expect((await assign(own.id, kampar.id)).errors).toBeUndefined();
  });

  it("reports the SKM per unit: a regional supervisor gets their unit's, never another's; national gets any or all", async () => {
    const from = new Date('2025-01-01T00:00:00Z');
    const to = new Date('2025-07-01T00:00:00Z');
    const survey = (unitId: string, score: number) =>
      stack.sql(
        `insert into complaint (id, number, status, channel, category, description, reporter_name, due_at, created_at,
           resolved_at, satisfaction, surveyed_at, unit_id)
         values (?, ?, 'RESOLVED', 'PHONE', 'OTHER', 'Tidak bisa masuk', 'Pelapor', ?, ?, ?, ?, ?, ?)`,
        [
          randomUUID(),
          `ADU-UNIT-${randomUUID().slice(0, 8)}`,
          from,
          from,
          from,
          JSON.stringify({ scores: Array(9).fill(score), submittedAt: '2025-02-01T00:00:00Z' }),
          new Date('2025-02-01T00:00:00Z'),
          unitId,
        ],
      );
    for (let i = 0; i < 5; i++) await survey(unit['3516'], 4);
    await survey(unit['1406'], 2);
    await survey(NATIONAL, 2);
    await survey(NATIONAL, 2);

    const regional = await officer('SUPERVISOR', unit['3516']);
    const own = (await gqlOk(stack.app.url, REPORT, { u: null, from, to }, regional.token)).skmReport;
    expect(own).toMatchObject({ respondents: 5, unit: { id: unit['3516'] } });
    expect(own.elements[0].nrr).toBe(4);
    expect(errorCode(await gql(stack.app.url, REPORT, { u: unit['1406'], from, to }, regional.token))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await gql(stack.app.url, REPORT, { u: NATIONAL, from, to }, regional.token))).toBe('FORBIDDEN');

    const national = await staffSession(stack.app, 'SUPERVISOR');
    const all = (await gqlOk(stack.app.url, REPORT, { u: null, from, to }, national.token)).skmReport;
    expect(all).toMatchObject({ respondents: 8, unit: null });
    expect(all.elements[0].nrr).toBe(3.25);
    const kampar = (await gqlOk(stack.app.url, REPORT, { u: unit['1406'], from, to }, national.token)).skmReport;
    expect(kampar).toMatchObject({ respondents: 1, unit: { id: unit['1406'] } });
    expect(kampar.elements[0].nrr).toBe(2);

    // The public page: every unit together, then each regional unit; a unit under 5 answers shows no figures.
    const { periods } = (await (await fetch(`${stack.app.url}/ikm.json`)).json()) as { periods: any[] };
    const sem = (name: string | null) =>
      periods.find((p: any) => (p.unit?.name ?? null) === name && p.label === 'Semester I 2025');
    expect(sem(null)).toMatchObject({ published: true, respondents: 8 });
    expect(sem('DPMPTSP Kabupaten Mojokerto')).toMatchObject({
      unit: { name: 'DPMPTSP Kabupaten Mojokerto', regionCode: '3516' },
      published: true,
      respondents: 5,
      ikm: 100,
      grade: 'A',
    });
    expect(sem('DPMPTSP Kabupaten Kampar')).toMatchObject({ published: false, respondents: null, ikm: null });
    const html = await (await fetch(`${stack.app.url}/ikm`)).text();
    expect(html).toMatch(
      /<h2>DPMPTSP Kabupaten Mojokerto<\/h2>\s*<section><h3>Semester I 2025<\/h3>\s*<p class="ikm"><strong>IKM 100,00/,
    );
  });
});
