import { TestClock } from '../support/app';
import { seedAccount, staffSession } from '../support/flows';
import { errorCode, gql, gqlOk, waitFor } from '../support/graphql';
import { pdfPages } from '../support/pdf-text';
import { useStack } from '../support/stack';

/**
 * The breach register (UU PDP): an incident with its 3×24-hour clock, the
 * affected accounts chosen by a query, one notice to each through the outbox,
 * and the report for the supervisory body.
 */
const H = 3600_000;
const FIELDS = `id number foundAt dueAt secondsLeft overdue notifiedAt reportedAt dataCategories
  affected { affected notified unreachable }`;
const RECORD = `mutation($i: BreachIncidentInput!) { recordBreachIncident(input: $i) { ${FIELDS} } }`;
const SELECT = `mutation($id: ID!, $q: BreachAffectedQuery!) { selectBreachAffectedAccounts(id: $id, query: $q) { ${FIELDS} } }`;
const NOTIFY = `mutation($id: ID!) { notifyBreachAffected(id: $id) { ${FIELDS} } }`;
const REPORTED = `mutation($id: ID!, $n: String!) { markBreachReported(id: $id, note: $n) { ${FIELDS} } }`;
const READ = `query($id: ID!) { breachIncident(id: $id) { ${FIELDS} report reportHtml } }`;
const READ_PDF = `query($id: ID!) { breachIncident(id: $id) { reportPdf } }`;

describe('breach register (UU PDP)', () => {
  const clock = new TestClock();
  const stack = useStack({ clock });
  afterEach(() => clock.set(new Date()));

  it('records an incident, tells each affected applicant once, keeps the 72-hour clock and reports', async () => {
    const { app, smtp } = stack;
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const helpdesk = await staffSession(app);
    // Three accounts in a province nobody else in this test uses, one without a verified contact; one elsewhere.
    const hit = [
      await seedAccount(app, { provinceCode: '94', villageCode: '9471011001' }),
      await seedAccount(app, { provinceCode: '94', villageCode: '9471011001' }),
    ];
    const silent = await seedAccount(app, { provinceCode: '94', villageCode: '9471011001' });
    await stack.sql('update account set email_verified_at = null where id = ?', [silent.id]);
    const spared = await seedAccount(app);
    const input = {
      foundAt: new Date(Date.now() - 2 * H).toISOString(),
      dataCategories: ['NIK', 'EMAIL'],
      description: 'Ekspor daftar akun tersimpan di folder bersama yang terbuka tanpa login.',
      measures: 'Folder ditutup, tautan dicabut, akses petugas ditinjau ulang.',
    };

    // HELPDESK may not touch the register.
    expect(errorCode(await gql(app.url, RECORD, { i: input }, helpdesk.token))).toBe('FORBIDDEN');
    const bad = await gql(app.url, RECORD, { i: { ...input, dataCategories: [], measures: 'x' } }, supervisor.token);
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { dataCategories: expect.any(String), measures: expect.any(String) },
    });

    const { recordBreachIncident: b } = await gqlOk(app.url, RECORD, { i: input }, supervisor.token);
    expect(b.number).toMatch(/^INS-\d{4}-\d{6}$/);
    expect(Date.parse(b.dueAt) - Date.parse(b.foundAt)).toBe(72 * H);
    expect(b.overdue).toBe(false);
    expect(b.secondsLeft).toBeGreaterThan(70 * 3600 - 5);

    const none = await gql(app.url, SELECT, { id: b.id, q: {} }, supervisor.token);
    expect(none.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { query: expect.any(String) },
    });
    const { selectBreachAffectedAccounts: sel } = await gqlOk(
      app.url,
      SELECT,
      { id: b.id, q: { provinceCode: '94' } },
      supervisor.token,
    );
    expect(sel.affected).toEqual({ affected: 3, notified: 0, unreachable: 0 });
    // Selecting again adds no one twice.
    await gqlOk(app.url, SELECT, { id: b.id, q: { accountIds: [hit[0].id] } }, supervisor.token);

    const { notifyBreachAffected: n1 } = await gqlOk(app.url, NOTIFY, { id: b.id }, supervisor.token);
    expect(n1.affected).toEqual({ affected: 3, notified: 2, unreachable: 1 });
    expect(n1.notifiedAt).not.toBeNull();
    for (const a of hit) {
      const mail = await smtp.waitForMailMatching(a.email!, new RegExp(b.number));
      expect(mail.text).toContain('NIK, alamat email');
      expect(mail.text).toContain(input.measures);
    }
    // An account selected after the notices is waiting, not unreachable, until they run again.
    const lateAccount = await seedAccount(app, { provinceCode: '94', villageCode: '9471011001' });
    const { selectBreachAffectedAccounts: more } = await gqlOk(
      app.url,
      SELECT,
      { id: b.id, q: { accountIds: [lateAccount.id] } },
      supervisor.token,
    );
    expect(more.affected).toEqual({ affected: 4, notified: 2, unreachable: 1 });
    hit.push(lateAccount);
    // Once: notifying again sends only to the one not told yet.
    const { notifyBreachAffected: n2 } = await gqlOk(app.url, NOTIFY, { id: b.id }, supervisor.token);
    expect(n2.affected).toEqual({ affected: 4, notified: 3, unreachable: 1 });
    await smtp.waitForMailMatching(lateAccount.email!, new RegExp(b.number));
    const sent = await stack.sql(
      `select account_id, count(*)::int as n from outbox_message where template = 'breach_notice' group by 1 order by 1`,
    );
    expect(sent).toEqual(
      hit.map((a) => ({ account_id: a.id, n: 1 })).sort((x, y) => x.account_id.localeCompare(y.account_id)),
    );
    expect(
      await stack.sql(`select 1 from outbox_message where template = 'breach_notice' and account_id in (?, ?)`, [
        silent.id,
        spared.id,
      ]),
    ).toEqual([]);
    await waitFor(
      async () =>
        (await stack.sql(`select 1 from outbox_message where template = 'breach_notice' and status = 'SENT'`))
          .length === 3 || undefined,
      'every notice delivered',
    );
    // Each notice is in the account's processing record.
    const perAccount = await stack.sql(
      `select target_id from audit_event where action = 'BREACH_NOTICE_SENT' order by target_id`,
    );
    expect(perAccount.map((r) => r.target_id)).toEqual(hit.map((a) => a.id).sort());

    // Not reported yet: overdue one second after the deadline, in time one second before.
    clock.set(new Date(Date.parse(b.dueAt) - 1000));
    expect((await gqlOk(app.url, READ, { id: b.id }, supervisor.token)).breachIncident.overdue).toBe(false);
    clock.set(new Date(Date.parse(b.dueAt) + 1000));
    const late = (await gqlOk(app.url, READ, { id: b.id }, supervisor.token)).breachIncident;
    expect(late.overdue).toBe(true);
    expect(late.secondsLeft).toBeLessThan(0);

    const { markBreachReported: rep } = await gqlOk(
      app.url,
      REPORTED,
      { id: b.id, n: 'Dikirim ke lembaga PDP lewat surat elektronik resmi' },
      supervisor.token,
    );
    expect(rep).toMatchObject({ overdue: false, secondsLeft: null });
    const { breachIncident: full } = await gqlOk(app.url, READ, { id: b.id }, supervisor.token);
    expect(full.report).toMatchObject({
      format: 'hak-akses-breach-report/1',
      incident: { number: b.number, dataCategories: ['NIK', 'EMAIL'], measures: input.measures },
      deadline: b.dueAt,
      affected: { total: 4, notified: 3, unreachable: 1, byProvince: [{ provinceCode: '94', count: 4 }] },
      reportedAt: expect.any(String),
    });
    // The report names nobody.
    const reportText = JSON.stringify(full.report) + full.reportHtml;
    for (const a of [...hit, silent]) for (const v of [a.nik!, a.email!, a.id]) expect(reportText).not.toContain(v);
    expect(full.reportHtml).toContain('Laporan kegagalan pelindungan data pribadi');
    expect(full.reportHtml).toContain('<html lang="id">');

    // The same report as a PDF, read back page by page: the facts, in Bahasa Indonesia, and nobody's identity.
    const { breachIncident: withPdf } = await gqlOk(app.url, READ_PDF, { id: b.id }, supervisor.token);
    const pdf = Buffer.from(withPdf.reportPdf, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdfPages(pdf);
    const text = pages.join('\n');
    expect(pages[0]).toContain('Laporan kegagalan pelindungan data pribadi');
    expect(text).toContain(`Nomor insiden\n${b.number}`);
    expect(text).toContain(`Data pribadi yang terungkap\n${full.report.incident.dataCategoriesText.join(', ')}`);
    expect(text).toContain(input.description);
    expect(text).toContain(input.measures);
    expect(text).toContain('Subjek data terdampak\n4');
    expect(text).toContain('Sudah diberi tahu\n3');
    expect(text).toContain('Tidak dapat dihubungi (tanpa kontak terverifikasi)\n1');
    expect(text).toMatch(/Dilaporkan ke lembaga pengawas\n\d{1,2} \w+ \d{4}/);
    expect(text).toContain('94\n4');
    expect(text).toContain(`halaman 1 dari ${pages.length}`);
    for (const a of [...hit, silent]) for (const v of [a.nik!, a.email!, a.id]) expect(text).not.toContain(v);
    // Only the register's readers get it.
    expect(errorCode(await gql(app.url, READ_PDF, { id: b.id }, helpdesk.token))).toBe('FORBIDDEN');

    const audit = await stack.sql(`select action, actor_id from audit_event where target_id = ? order by seq`, [b.id]);
    expect(audit.map((x) => x.action)).toEqual([
      'BREACH_RECORDED',
      'BREACH_ACCOUNTS_SELECTED',
      'BREACH_ACCOUNTS_SELECTED',
      'BREACH_NOTIFIED',
      'BREACH_ACCOUNTS_SELECTED',
      'BREACH_NOTIFIED',
      'BREACH_REPORTED',
    ]);
    expect(new Set(audit.map((x) => x.actor_id))).toEqual(new Set([supervisor.id]));
  });
});
