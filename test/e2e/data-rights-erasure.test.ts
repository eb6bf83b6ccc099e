import { createHash } from 'node:crypto';
import type { RunningApp } from '../../server/src/app';
import { purgeExpired } from '../../server/src/jobs/retention';
import { CHAIN_COLUMNS, verifyChain } from '../../server/src/modules/audit/audit-chain';
import { writtenForms } from '../../server/src/modules/data-rights/anonymiser';
import { TestClock } from '../support/app';
import { makeEmail, makePhone, toE164 } from '../support/factories';
import { registerByEmail, seedAccount, staffSession } from '../support/flows';
import { gql, gqlOk, waitFor } from '../support/graphql';
import { codeFromMail } from '../support/receivers';
import { pdfPages } from '../support/pdf-text';
import { useStack } from '../support/stack';

/**
 * Data rights, second part (UU PDP): the access export (a one-time link to
 * the bundle of everything held about the person and how it was processed)
 * and the deletion that anonymises an account everywhere.
 */
const H = 3600_000;
const FILE = `mutation($k: DataSubjectRequestKind!, $d: String) { fileDataSubjectRequest(kind: $k, details: $d) { id number } }`;
const FILE_FOR = `mutation($a: ID!, $k: DataSubjectRequestKind!, $c: String!, $d: String) {
  fileDataSubjectRequestForAccount(accountId: $a, kind: $k, identityCheck: $c, details: $d) { id number } }`;
const DECIDE = `mutation($id: ID!, $o: DataSubjectRequestOutcome!, $r: String!) {
  decideDataSubjectRequest(id: $id, outcome: $o, reason: $r) { id status reason anonymisedAt
    export { status sentAt expiresAt downloadedAt } } }`;
const READ = `query($id: ID!) { dataSubjectRequest(id: $id) { status anonymisedAt export { status downloadedAt } } }`;
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

async function applicantToken(app: RunningApp, accountId: string): Promise<string> {
  return (await app.services.sessions.create(app.orm.em.fork(), 'ACCOUNT', accountId, null)).token;
}

/** The export link in a mail, pointed at the test server (the mail names PUBLIC_URL). */
function linkIn(text: string, app: RunningApp): string {
  const m = /https?:\/\/\S+?(\/data-export\?token=[\w-]+)/.exec(text);
  if (!m) throw new Error(`no export link in:\n${text}`);
  return `${app.url.replace(/\/graphql$/, '')}${m[1]}`;
}

/**
 * Opens an export link as its page's button does: a POST with the token (a
 * GET only shows the page, so a mail scanner cannot use the link up).
 */
function openExport(link: string, format?: 'json' | 'html' | 'pdf', headers: Record<string, string> = {}) {
  const url = new URL(link);
  const form = new URLSearchParams({ token: url.searchParams.get('token') ?? '', ...(format ? { format } : {}) });
  return fetch(`${url.origin}${url.pathname}`, { method: 'POST', body: form, headers });
}

describe('data rights: access export and anonymisation (UU PDP)', () => {
  const clock = new TestClock();
  const stack = useStack({ clock });
  afterEach(() => clock.set(new Date()));

  /** Every text, varchar and json(b) column of every table, scanned for each form; hits as `table.column: form`. */
  async function scan(forms: string[]): Promise<string[]> {
    const columns = await stack.sql(
      `select c.table_schema as s, c.table_name as t, c.column_name as c
         from information_schema.columns c
         join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where t.table_type = 'BASE TABLE' and c.table_schema not in ('pg_catalog', 'information_schema')
          and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')`,
    );
    expect(columns.length).toBeGreaterThan(60);
    const hits: string[] = [];
    for (const { s, t, c } of columns) {
      const rows = await stack.sql(
        `select f from unnest(?::text[]) f
          where exists (select 1 from "${s}"."${t}" x where x."${c}"::text ilike '%' || f || '%')`,
        [`{${forms.map((f) => `"${f}"`).join(',')}}`],
      );
      for (const r of rows) hits.push(`${t}.${c}: ${r.f}`);
    }
    return hits.sort();
  }

  it('fulfilling ACCESS sends a one-time link; the bundle holds exactly the rows the database has, without secrets', async () => {
    const { app, smtp } = stack;
    const { input, account } = await registerByEmail(app, smtp);
    const code = codeFromMail(await smtp.waitForMail(input.email as string, 1));
    // A password-reset link sent before the export: a secret the bundle must not carry.
    await gqlOk(app.url, 'mutation($i: String!) { requestPasswordReset(identifier: $i) }', { i: account.username });
    const resetToken = /reset-password\?token=([\w-]+)/.exec(
      (await smtp.waitForMailMatching(input.email as string, /reset-password\?token=/)).text,
    )![1];
    const helpdesk = await staffSession(app);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const { createComplaint: complaint } = await gqlOk(
      app.url,
      `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id } }`,
      {
        i: {
          accountId: account.id,
          category: 'LOGIN_LOCKED',
          channel: 'PHONE',
          description: 'Tidak bisa masuk ke akun',
          reporterName: 'Wildan',
          reporterContact: input.email,
        },
      },
      helpdesk.token,
    );
    // The applicant answered the satisfaction survey of that complaint: the bundle's surveys section holds it.
    await stack.sql(`update complaint set satisfaction = ?, surveyed_at = now() where id = ?`, [
      JSON.stringify({
        scores: [4, 3, 4, 4, 2, 4, 3, 4, 4],
        ikm: 88.89,
        grade: 'A',
        comment: 'Petugas ramah, tetapi menunggu terlalu lama',
        submittedAt: new Date().toISOString(),
        gender: 'PEREMPUAN',
        education: 'S1',
      }),
      complaint.id,
    ]);
    await stack.sql(
      `insert into email_change_request (id, account_id, new_email, reason, source, status, created_at)
       values (gen_random_uuid(), ?, ?, 'Email lama hilang', 'SELF_SERVICE', 'REJECTED', now())`,
      [account.id, makeEmail('baru')],
    );
    const token = await applicantToken(app, account.id);
    const { fileDataSubjectRequest: r } = await gqlOk(app.url, FILE, { k: 'ACCESS' }, token);
    const { decideDataSubjectRequest: d } = await gqlOk(
      app.url,
      DECIDE,
      { id: r.id, o: 'FULFILLED', r: 'Data pribadi Anda kami kirim lewat tautan' },
      supervisor.token,
    );
    expect(d.export).toMatchObject({ status: 'WAITING', downloadedAt: null });
    expect(Date.parse(d.export.expiresAt) - Date.parse(d.export.sentAt)).toBe(72 * H);

    const mail = await smtp.waitForMailMatching(input.email as string, /data-export\?token=/);
    expect(mail.text).toContain(r.number);
    const link = linkIn(mail.text, app);
    const tokenInLink = new URL(link).searchParams.get('token')!;
    // Only a keyed hash of the token is stored, and the stored message does not hold the link.
    const [stored] = await stack.sql(
      'select token_hash, bundle is not null as held from data_export where request_id = ?',
      [r.id],
    );
    expect(stored.held).toBe(true);
    expect(stored.token_hash).toMatch(/^hmac-sha256\$[\w-]+\$[\w-]{43}$/);
    expect(stored.token_hash).not.toContain(tokenInLink);
    expect(stored.token_hash).not.toContain(sha256(tokenInLink));
    // The mail server has the message a moment before the worker records it as sent.
    const outbox = await waitFor(async () => {
      const rows = await stack.sql(
        `select status, body::text || coalesce(subject, '') || params::text as t from outbox_message where template = 'data_export_ready' and account_id = ?`,
        [account.id],
      );
      return rows.length === 1 && rows[0].status === 'SENT' ? rows : undefined;
    }, 'the export link recorded as sent');
    expect(outbox).toHaveLength(1);
    expect(outbox[0].t).not.toContain(tokenInLink);

    // Visiting the link (a person, a mail scanner, a preview) shows buttons and hands nothing over.
    for (let i = 0; i < 2; i++) {
      const visit = await fetch(link);
      expect(visit.status).toBe(200);
      const landing = await visit.text();
      expect(landing).toContain('hanya dapat dibuka <strong>satu kali</strong>');
      expect(landing).toContain('<form method="post" action="data-export"');
      expect(landing).not.toContain(input.nik as string);
    }
    expect((await stack.sql('select used_at from data_export where request_id = ?', [r.id]))[0].used_at).toBeNull();
    const res = await openExport(link, 'json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const bundle = (await res.json()) as any;
    const text = JSON.stringify(bundle);

    // The account as stored, every personal field, no password hash.
    const [acct] = await stack.sql(
      `select id, username, nik, email, phone, full_name, birth_date::text as birth_date, address, password_hash
         from account where id = ?`,
      [account.id],
    );
    expect(bundle.account).toMatchObject({
      id: acct.id,
      username: acct.username,
      nik: acct.nik,
      email: acct.email,
      phone: acct.phone,
      fullName: acct.full_name,
      birthDate: acct.birth_date,
      address: acct.address,
      consentVersion: expect.any(Number),
    });
    expect(text).not.toContain(acct.password_hash);
    expect(text).not.toMatch(/passwordHash|codeHash|tokenHash|password_hash|code_hash|token_hash|"params"/);

    const ids = (rows: any[]) => rows.map((x) => x.id).sort();
    const flows = await stack.sql('select id, code_hash, link_token_hash from registration_flow where account_id = ?', [
      account.id,
    ]);
    expect(flows).toHaveLength(1);
    expect(ids(bundle.registrations)).toEqual(ids(flows));
    for (const f of flows)
      for (const secret of [f.code_hash, f.link_token_hash].filter(Boolean)) expect(text).not.toContain(secret);

    // Messages: the account's and its registration's, as they stood when the bundle was built.
    const messages = await stack.sql(
      `select id from outbox_message where (account_id = ? or registration_id = ?) and created_at <= ?
         and template <> 'data_export_ready'`,
      [account.id, flows[0].id, new Date(bundle.generatedAt)],
    );
    expect(ids(bundle.messages)).toEqual(ids(messages));
    expect(bundle.messages.map((m: any) => m.template)).toEqual(
      expect.arrayContaining(['registration_code', 'welcome']),
    );
    expect(text).not.toContain(code); // the verification code the applicant was sent
    expect(text).not.toContain(resetToken);
    expect(bundle.messages.map((m: any) => m.template)).toContain('password_reset');
    expect(text).not.toContain(tokenInLink);

    const complaints = await stack.sql('select number, description from complaint where account_id = ?', [account.id]);
    expect(bundle.complaints.map((c: any) => c.number)).toEqual(complaints.map((c) => c.number));
    expect(bundle.complaints[0]).toMatchObject({
      description: complaints[0].description,
      reporterContact: input.email,
    });
    const surveys = await stack.sql(
      'select number, satisfaction, surveyed_at from complaint where account_id = ? and satisfaction is not null',
      [account.id],
    );
    expect(surveys).toHaveLength(1);
    // The same instant (the bundle carries PostgreSQL's own text of it, to the microsecond).
    expect(bundle.surveys.map((s: any) => ({ ...s, surveyedAt: new Date(s.surveyedAt).toISOString() }))).toEqual(
      surveys.map((s) => ({
        complaint: s.number,
        answers: s.satisfaction,
        surveyedAt: new Date(s.surveyed_at).toISOString(),
      })),
    );
    expect(bundle.surveys[0].answers.comment).toBe('Petugas ramah, tetapi menunggu terlalu lama');
    const changes = await stack.sql('select id, new_email from email_change_request where account_id = ?', [
      account.id,
    ]);
    expect(bundle.emailChanges.map((c: any) => [c.id, c.newEmail])).toEqual(changes.map((c) => [c.id, c.new_email]));
    expect(bundle.dataSubjectRequests.map((x: any) => [x.number, x.status])).toEqual([[r.number, 'FULFILLED']]);

    // Processing record: every audit row about the account up to the export, each with actor kind and purpose.
    const [sent] = await stack.sql(`select seq from audit_event where action = 'DATA_EXPORT_SENT' and target_id = ?`, [
      account.id,
    ]);
    const audit = await stack.sql(
      `select action, actor_type from audit_event
        where ((target_type = 'account' and target_id = ?) or details->>'accountId' = ?) and seq < ? order by seq`,
      [account.id, account.id, sent.seq],
    );
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expect(bundle.processing.map((p: any) => [p.action, p.actorKind])).toEqual(
      audit.map((a) => [a.action, a.actor_type]),
    );
    expect(bundle.processing.map((p: any) => p.action)).toEqual(
      expect.arrayContaining(['ACCOUNT_CREATED', 'COMPLAINT_LINKED', 'DATA_REQUEST_FILED']),
    );
    for (const p of bundle.processing) expect(p.purpose.length).toBeGreaterThan(10);

    // Once: the second use is 410 and the bundle is gone from the database.
    const again = await openExport(link, 'json');
    expect(again.status).toBe(410);
    expect(await again.json()).toMatchObject({ error: 'CODE_INVALID' });
    expect((await fetch(link)).status).toBe(410);
    expect((await stack.sql('select bundle from data_export where request_id = ?', [r.id]))[0].bundle).toBeNull();
    expect((await openExport(link.replace(/token=.*/, 'token=tidak-ada'), 'json')).status).toBe(404);
    expect((await fetch(link.replace(/token=.*/, 'token=tidak-ada'))).status).toBe(404);
    expect((await gqlOk(app.url, READ, { id: r.id }, supervisor.token)).dataSubjectRequest.export).toMatchObject({
      status: 'DOWNLOADED',
      downloadedAt: expect.any(String),
    });
    const rows = await stack.sql(
      `select action, actor_type from audit_event where target_id = ? and action like 'DATA_EXPORT_%' order by seq`,
      [account.id],
    );
    expect(rows).toEqual([
      { action: 'DATA_EXPORT_SENT', actor_type: 'STAFF' },
      { action: 'DATA_EXPORT_DOWNLOADED', actor_type: 'PUBLIC' },
    ]);
  });

  it('gives the account holder only the existence of a complaint someone else filed about the account', async () => {
    const { app, smtp } = stack;
    const a = await seedAccount(app);
    const helpdesk = await staffSession(app);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const owner = makeEmail('pemilik-nik');
    const { createComplaint: c } = await gqlOk(
      app.url,
      `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id number } }`,
      {
        i: {
          accountId: a.id,
          category: 'OTHER',
          channel: 'PHONE',
          description: 'NIK saya dipakai orang lain untuk akun ini',
          reporterName: 'Pemilik NIK',
          reporterContact: owner,
        },
      },
      helpdesk.token,
    );
    await gqlOk(
      app.url,
      `mutation($id: ID!) { resolveComplaint(id: $id, resolution: "Akun ditangguhkan sambil diperiksa") { id } }`,
      { id: c.id },
      helpdesk.token,
    );
    const token = await applicantToken(app, a.id);
    const { fileDataSubjectRequest: r } = await gqlOk(app.url, FILE, { k: 'ACCESS' }, token);
    await gqlOk(app.url, DECIDE, { id: r.id, o: 'FULFILLED', r: 'Tautan data pribadi dikirim' }, supervisor.token);
    const link = linkIn((await smtp.waitForMailMatching(a.email!, new RegExp(r.number))).text, app);
    const bundle = (await (await openExport(link, 'json')).json()) as any;
    expect(bundle.complaints).toEqual([
      expect.objectContaining({
        number: c.number,
        filedByYou: false,
        description: null,
        reporterName: null,
        reporterContact: null,
        resolution: null,
        messages: [],
      }),
    ]);
    const text = JSON.stringify(bundle);
    for (const secret of [owner, 'Pemilik NIK', 'NIK saya dipakai', 'Akun ditangguhkan sambil']) {
      expect(text).not.toContain(secret);
    }
  });

  it('answers format=pdf with the readable PDF in Bahasa Indonesia, once, audited', async () => {
    const { app, smtp } = stack;
    const a = await seedAccount(app);
    const token = await applicantToken(app, a.id);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const { fileDataSubjectRequest: r } = await gqlOk(
      app.url,
      FILE,
      { k: 'ACCESS', d: 'Mohon salinan data saya' },
      token,
    );
    await gqlOk(app.url, DECIDE, { id: r.id, o: 'FULFILLED', r: 'Tautan data pribadi dikirim' }, supervisor.token);
    const link = linkIn((await smtp.waitForMailMatching(a.email!, new RegExp(r.number))).text, app);

    const res = await openExport(link, 'pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="data-pribadi-${r.number}.pdf"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdfPages(pdf);
    const text = pages.join('\n');
    expect(pages[0]).toContain('Data pribadi Anda di Hak Akses OSS');
    expect(text).toContain(`Jawaban atas permintaan akses data pribadi nomor ${r.number}`);
    // The account's own values, under their Indonesian labels.
    const [acct] = await stack.sql('select username, nik, email, full_name from account where id = ?', [a.id]);
    expect(text).toContain(`Nama pengguna\n${acct.username}`);
    expect(text).toContain(`NIK\n${acct.nik}`);
    expect(text).toContain(`Email\n${acct.email}`);
    expect(text).toContain(`Nama lengkap\n${acct.full_name}`);
    // Every section, and the request itself in the list of requests and in the processing record.
    for (const title of [
      '1. Akun',
      '2. Pendaftaran',
      '3. Pesan yang dikirim kepada Anda',
      '4. Pengaduan',
      '5. Survei kepuasan',
      '6. Permintaan ganti email',
      '7. Permintaan atas data pribadi',
      '8. Catatan pemrosesan',
    ])
      expect(text).toContain(title);
    expect(text).toContain('Mohon salinan data saya');
    expect(text).toContain('Pemenuhan hak subjek data (UU PDP)');
    expect(text).toContain(`halaman ${pages.length} dari ${pages.length}`);
    expect(text).not.toMatch(/passwordHash|codeHash|tokenHash/);

    const again = await openExport(link, 'pdf');
    expect(again.status).toBe(410);
    expect(await again.json()).toMatchObject({ error: 'CODE_INVALID' });
    const audit = await stack.sql(
      `select details from audit_event where action = 'DATA_EXPORT_DOWNLOADED' and target_id = ?`,
      [a.id],
    );
    expect(audit).toEqual([{ details: { request: r.number, format: 'pdf' } }]);
  });

  it('answers a browser with the readable page in Bahasa Indonesia, and expires the link after 72 hours', async () => {
    const { app, smtp } = stack;
    const a = await seedAccount(app);
    const token = await applicantToken(app, a.id);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const fulfil = async () => {
      const { fileDataSubjectRequest: r } = await gqlOk(app.url, FILE, { k: 'ACCESS' }, token);
      await gqlOk(app.url, DECIDE, { id: r.id, o: 'FULFILLED', r: 'Tautan data pribadi dikirim' }, supervisor.token);
      return { r, link: linkIn((await smtp.waitForMailMatching(a.email!, new RegExp(r.number))).text, app) };
    };
    const start = Date.now();
    const html = await fulfil();
    const late = await fulfil();

    clock.set(new Date(start + 72 * H - 60_000));
    const page = await openExport(html.link, undefined, { accept: 'text/html,application/xhtml+xml' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const body = await page.text();
    expect(body).toContain('<html lang="id">');
    expect(body).toContain('Data pribadi Anda di Hak Akses OSS');
    expect(body).toContain('Catatan pemrosesan');
    expect(body).toContain(a.nik!);
    // The PDF comes inside the page (the link opens once): the same data, readable.
    const embedded =
      /download="data-pribadi-(PDP-\d{4}-\d{6})\.pdf" href="data:application\/pdf;base64,([\w+/=]+)"/.exec(body);
    expect(embedded?.[1]).toBe(html.r.number);
    const inPage = pdfPages(Buffer.from(embedded![2], 'base64')).join('\n');
    expect(inPage).toContain(`NIK\n${a.nik}`);
    expect((await openExport(html.link, undefined, { accept: 'text/html' })).status).toBe(410);

    clock.set(new Date(start + 72 * H + 60_000));
    expect((await fetch(late.link)).status).toBe(410);
    const expired = await openExport(late.link);
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ error: 'CODE_INVALID' });
    expect((await stack.sql('select bundle, used_at from data_export where request_id = ?', [late.r.id]))[0]).toEqual({
      bundle: null,
      used_at: null,
    });
    const { dataSubjectRequest } = await gqlOk(app.url, READ, { id: late.r.id }, supervisor.token);
    expect(dataSubjectRequest.export.status).toBe('EXPIRED');
  });

  it('drops the bundle of a link that expired unopened at the daily purge, and keeps a live one', async () => {
    const { app } = stack;
    const a = await seedAccount(app);
    const token = await applicantToken(app, a.id);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { fileDataSubjectRequest: r } = await gqlOk(app.url, FILE, { k: 'ACCESS' }, token);
      await gqlOk(app.url, DECIDE, { id: r.id, o: 'FULFILLED', r: 'Tautan data pribadi dikirim' }, supervisor.token);
      ids.push(r.id);
    }
    await stack.sql(`update data_export set expires_at = now() - interval '1 second' where request_id = ?`, [ids[0]]);
    const purged = await purgeExpired(app.orm.em.fork(), 30);
    expect(purged.exportBundles).toBeGreaterThanOrEqual(1);
    const rows = await stack.sql(
      `select request_id, bundle is not null as held from data_export where request_id in (?, ?)`,
      ids,
    );
    expect(Object.fromEntries(rows.map((x) => [x.request_id, x.held]))).toEqual({ [ids[0]]: false, [ids[1]]: true });
  });

  it('refuses to fulfil ACCESS without a verified contact to send the link to (CONFLICT)', async () => {
    const { app } = stack;
    const a = await seedAccount(app);
    await stack.sql('update account set email_verified_at = null where id = ?', [a.id]);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const { fileDataSubjectRequest: r } = await gqlOk(app.url, FILE, { k: 'ACCESS' }, await applicantToken(app, a.id));
    const res = await gql(
      app.url,
      DECIDE,
      { id: r.id, o: 'FULFILLED', r: 'Data dikirim lewat tautan' },
      supervisor.token,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NO_VERIFIED_CONTACT' });
    expect(await stack.sql('select 1 from data_export where request_id = ?', [r.id])).toEqual([]);
  });

  it('anonymises a CANCELLED account: no NIK, email or phone left in any column of any table, aggregates and the audit chain kept', async () => {
    const { app, smtp } = stack;
    const { input, account } = await registerByEmail(app, smtp);
    const nik = input.nik as string;
    const email = input.email as string;
    const phone = toE164(makePhone());
    const otherEmail = makeEmail('lama');
    await stack.sql(`update account set phone = ?, phone_verified_at = now() where id = ?`, [phone, account.id]);
    const helpdesk = await staffSession(app);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const token = await applicantToken(app, account.id);

    // Personal values copied everywhere the system copies them.
    const { createComplaint: c } = await gqlOk(
      app.url,
      `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id number } }`,
      {
        i: {
          accountId: account.id,
          category: 'LOGIN_LOCKED',
          channel: 'WHATSAPP',
          description: `NIK saya ${nik}, nomor ${phone.replace('+62', '0')}`,
          reporterName: 'Wildan',
          reporterContact: phone,
        },
      },
      helpdesk.token,
    );
    await stack.sql(
      `insert into complaint_message (id, complaint_id, direction, channel, body, at)
       values (gen_random_uuid(), ?, 'IN', 'WHATSAPP', ?, now())`,
      [c.id, `Tolong balas ke ${email.toUpperCase()}`],
    );
    await stack.sql(
      `insert into complaint_event (id, complaint_id, at, kind, note) values (gen_random_uuid(), ?, now(), 'NOTE', ?)`,
      [c.id, `Sudah ditelepon ke ${phone.replace('+', '')}`],
    );
    await stack.sql(`update complaint set satisfaction = ?, surveyed_at = now() where id = ?`, [
      JSON.stringify({
        scores: [4, 4, 3, 4, 4, 4, 3, 4, 4],
        ikm: 90,
        grade: 'A',
        comment: `hubungi ${email}`,
        submittedAt: new Date().toISOString(),
        gender: 'LAKI_LAKI',
      }),
      c.id,
    ]);
    await stack.sql(
      `insert into email_change_request (id, account_id, nik, new_email, reason, source, status, created_at, ip)
       values (gen_random_uuid(), ?, ?, ?, ?, 'STAFF', 'REJECTED', now(), '10.0.0.1')`,
      [account.id, nik, otherEmail, `Email lama ${email} hilang`],
    );
    await stack.sql(
      `insert into outbox_message (id, channel, recipient, template, body, status, account_id, created_at)
       values (gen_random_uuid(), 'WHATSAPP', ?, 'complaint_reply', ?, 'SENT', null, now())`,
      [phone.replace('+', ''), `Balasan untuk ${nik}`],
    );
    // A lookup's key names the NIK by its keyed digest; one written before that was keyed, by its plain hash.
    await stack.sql(`insert into rate_limit_hit (key, at) values (?, now()), (?, now())`, [
      `lost:nik:${app.services.throttle.subject(nik)}`,
      `lookup:nik:${sha256(nik)}`,
    ]);
    const { fileDataSubjectRequest: corr } = await gqlOk(
      app.url,
      FILE,
      { k: 'CORRECTION', d: `Email saya ${email}` },
      token,
    );
    await gqlOk(app.url, DECIDE, { id: corr.id, o: 'REFUSED', r: `Tidak cocok dengan ${phone}` }, supervisor.token);
    const { fileDataSubjectRequest: access } = await gqlOk(app.url, FILE, { k: 'ACCESS' }, token);
    await gqlOk(app.url, DECIDE, { id: access.id, o: 'FULFILLED', r: 'Tautan data pribadi dikirim' }, supervisor.token);
    await smtp.waitForMailMatching(email, new RegExp(access.number)); // the export is held, never opened

    const forms = [...writtenForms([nik, email, phone, otherEmail]), sha256(nik), app.services.throttle.subject(nik)];
    expect(forms).toEqual(expect.arrayContaining([phone, phone.replace('+', ''), phone.replace('+62', '0')]));
    // The scan finds them while the account holds personal data (it is not blind).
    const before = await scan(forms);
    for (const where of [
      'account.nik',
      'account.email',
      'account.phone',
      'registration_flow.nik',
      'outbox_message.recipient',
      'complaint.reporter_contact',
      'complaint_message.body',
      'complaint_event.note',
      'email_change_request.new_email',
      'data_subject_request.details',
      'data_export.bundle',
      'rate_limit_hit.key',
    ])
      expect(before.some((h) => h.startsWith(`${where}:`))).toBe(true);
    const metricsBefore = await stack.sql('select metric, sum(n)::int as n from metric_counter group by 1 order by 1');

    // The account ends (the 30-day rule), then a deletion request filed by staff for the caller is fulfilled.
    await stack.sql(`update account set status = 'CANCELLED', cancelled_at = now() where id = ?`, [account.id]);
    const { fileDataSubjectRequestForAccount: del } = await gqlOk(
      app.url,
      FILE_FOR,
      { a: account.id, k: 'DELETION', c: `KTP dicocokkan di loket, telepon ${phone}`, d: `hapus data ${nik}` },
      helpdesk.token,
    );
    const { decideDataSubjectRequest: done } = await gqlOk(
      app.url,
      DECIDE,
      { id: del.id, o: 'FULFILLED', r: `Data pribadi untuk ${email} telah dihapus` },
      supervisor.token,
    );
    expect(done.status).toBe('FULFILLED');
    expect(done.anonymisedAt).not.toBeNull();
    // The answer still reaches the applicant, and then its own copy is blanked too.
    const mail = await smtp.waitForMailMatching(email, new RegExp(`${del.number}[\\s\\S]*dipenuhi`));
    expect(mail.text).toContain('penghapusan data pribadi');
    await waitFor(
      async () =>
        (await stack.sql(`select 1 from outbox_message where recipient = ?`, [email])).length === 0 || undefined,
      'the decision message blanked after delivery',
    );

    expect(await scan(forms)).toEqual([]);

    // What stays: the pseudonymous row and its aggregates, the requests, the survey scores, the counters, the chain.
    const [row] = await stack.sql(
      `select status, province_code, username, anonymised_at, consent_version, created_at from account where id = ?`,
      [account.id],
    );
    expect(row).toMatchObject({ status: 'CANCELLED', province_code: '31', consent_version: expect.any(Number) });
    expect(row.username).toMatch(/^anonim-[0-9a-f]{12}$/);
    expect(row.anonymised_at).not.toBeNull();
    expect(
      (
        await stack.sql('select number, kind from data_subject_request where account_id = ? order by created_at', [
          account.id,
        ])
      ).map((x) => x.kind),
    ).toEqual(['CORRECTION', 'ACCESS', 'DELETION']);
    const [survey] = await stack.sql('select satisfaction from complaint where id = ?', [c.id]);
    expect(survey.satisfaction).toMatchObject({ ikm: 90, grade: 'A', gender: 'LAKI_LAKI' });
    expect(survey.satisfaction.comment).toBeUndefined();
    expect(await stack.sql('select metric, sum(n)::int as n from metric_counter group by 1 order by 1')).toEqual(
      metricsBefore,
    );
    const audit = await stack.sql(
      `select action, details from audit_event where target_id = ? and action = 'ACCOUNT_ANONYMISED'`,
      [account.id],
    );
    expect(audit).toEqual([
      { action: 'ACCOUNT_ANONYMISED', details: expect.objectContaining({ request: del.number }) },
    ]);
    const chain = await verifyChain(async (after, limit) =>
      stack.sql(`select ${CHAIN_COLUMNS} from audit_event e where e.seq > ? order by e.seq limit ?`, [after, limit]),
    );
    expect(chain).toMatchObject({ ok: true });
    // And nobody logs in with it any more.
    const login = await gql(
      app.url,
      `mutation($i: String!, $p: String!) { login(identifier: $i, password: $p) { token } }`,
      { i: row.username, p: 'Usaha#2026Maju' },
    );
    expect(login.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("refuses to delete an ACTIVE account without the applicant's own request; their own request ends and anonymises it", async () => {
    const { app } = stack;
    const a = await seedAccount(app);
    const helpdesk = await staffSession(app);
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const { fileDataSubjectRequestForAccount: byStaff } = await gqlOk(
      app.url,
      FILE_FOR,
      { a: a.id, k: 'DELETION', c: 'Penelepon menyebut NIK dan tanggal lahir' },
      helpdesk.token,
    );
    const refused = await gql(app.url, DECIDE, { id: byStaff.id, o: 'FULFILLED', r: 'Data dihapus' }, supervisor.token);
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'OWN_CONFIRMATION_REQUIRED',
      status: 'ACTIVE',
    });
    expect(refused.errors?.[0].message).toMatch(/pemohon/);
    const [untouched] = await stack.sql('select status, nik, anonymised_at from account where id = ?', [a.id]);
    expect(untouched).toEqual({ status: 'ACTIVE', nik: a.nik, anonymised_at: null });
    expect((await gqlOk(app.url, READ, { id: byStaff.id }, supervisor.token)).dataSubjectRequest.status).toBe('OPEN');

    const { fileDataSubjectRequest: own } = await gqlOk(
      app.url,
      FILE,
      { k: 'DELETION' },
      await applicantToken(app, a.id),
    );
    await gqlOk(app.url, DECIDE, { id: own.id, o: 'FULFILLED', r: 'Akun dan data pribadi dihapus' }, supervisor.token);
    const [gone] = await stack.sql('select status, nik, email, anonymised_at from account where id = ?', [a.id]);
    expect(gone).toMatchObject({ status: 'CANCELLED', nik: null, email: null });
    expect(gone.anonymised_at).not.toBeNull();
    const actions = await stack.sql(
      `select action from audit_event where target_id = ? and action in ('ACCOUNT_CANCELLED', 'ACCOUNT_ANONYMISED') order by seq`,
      [a.id],
    );
    expect(actions.map((x) => x.action)).toEqual(['ACCOUNT_CANCELLED', 'ACCOUNT_ANONYMISED']);
    // Deleting again is refused: nothing is left.
    const again = await gql(app.url, DECIDE, { id: byStaff.id, o: 'FULFILLED', r: 'Data dihapus' }, supervisor.token);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ANONYMISED' });
  });
});
