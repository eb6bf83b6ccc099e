import { randomUUID } from 'node:crypto';
import { SKM_ELEMENTS, SKM_PROFILE } from '../../server/src/domain/ikm';
import { TestClock } from '../support/app';
import { makeEmail } from '../support/factories';
import { staffSession } from '../support/flows';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

const wib = (iso: string) => new Date(`${iso}+07:00`);
// Semester I 2026 (WIB); the previous period of the same length ends where it starts.
const FROM = wib('2026-01-01T00:00:00');
const TO = wib('2026-07-01T00:00:00');
const PREV_FROM = new Date(FROM.getTime() - (TO.getTime() - FROM.getTime()));

const REPORT = `query($from: DateTime!, $to: DateTime!) { skmReport(from: $from, to: $to) {
  from to respondents ikm grade gradeLabel weight served sampleTarget sampleReached
  elements { code name nrr weightedNrr } lowestElements { code nrr }
  profile { gender { key label count } ageBand { key label count } education { key label count }
            occupation { key label count } }
  previous { from to respondents ikm grade elements { code nrr } } } }`;

describe('SKM report', () => {
  const clock = new TestClock();
  const stack = useStack({ clock });
  let seq = 0;

  /** A complaint as the database holds it after its survey (or only resolved, without `scores`). */
  async function row(o: { resolvedAt: Date; scores?: number[]; at?: Date; profile?: Record<string, string> }) {
    seq += 1;
    const satisfaction = o.scores && {
      scores: o.scores,
      ikm: 0,
      grade: 'D',
      comment: null,
      submittedAt: o.at!.toISOString(),
      ...o.profile,
    };
    await stack.sql(
      `insert into complaint (id, number, status, channel, category, description, reporter_name, due_at,
         created_at, resolved_at, satisfaction, surveyed_at)
       values (?, ?, 'RESOLVED', 'PHONE', 'OTHER', 'Tidak bisa masuk', 'Pelapor', ?, ?, ?, ?, ?)`,
      [
        randomUUID(),
        `ADU-TEST-${seq}`,
        o.resolvedAt,
        o.resolvedAt,
        o.resolvedAt,
        satisfaction ? JSON.stringify(satisfaction) : null,
        o.at ?? null,
      ],
    );
  }

  beforeAll(async () => {
    const { app, smtp } = stack;
    // The hand-computed fixture of server/src/domain/ikm.spec.ts: IKM 80.00 (B), lowest U8 2.4, U2 2.8, U3 2.8.
    // Four rows arranged in SQL (one answered at the very start of the period) …
    await row({
      resolvedAt: wib('2026-01-01T00:00:00'),
      at: FROM,
      scores: [3, 3, 3, 4, 3, 3, 4, 2, 3],
      profile: { gender: 'PEREMPUAN', ageBand: 'AGE_30_39', education: 'S1', occupation: 'WIRAUSAHA' },
    });
    await row({
      resolvedAt: wib('2026-02-10T09:00:00'),
      at: wib('2026-02-11T09:00:00'),
      scores: [4, 3, 3, 4, 3, 4, 4, 3, 3],
      profile: { gender: 'LAKI_LAKI', occupation: 'WIRAUSAHA' },
    });
    await row({
      resolvedAt: wib('2026-03-02T09:00:00'),
      at: wib('2026-03-02T10:00:00'),
      scores: [3, 2, 3, 4, 3, 3, 4, 2, 3],
    });
    await row({
      resolvedAt: wib('2026-04-20T09:00:00'),
      at: wib('2026-04-21T09:00:00'),
      scores: [3, 3, 2, 4, 3, 3, 3, 3, 4],
      profile: { gender: 'PEREMPUAN', education: 'SMA' },
    });
    // … and the fifth through the questionnaire link, with its optional profile.
    clock.set(wib('2026-05-04T10:00:00'));
    const helpdesk = await staffSession(app);
    const reporter = makeEmail('responden');
    const created = await gqlOk(
      app.url,
      `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id } }`,
      {
        i: {
          channel: 'EMAIL',
          category: 'OTHER',
          description: 'Kode OTP tidak masuk',
          reporterName: 'Sari',
          reporterContact: reporter,
        },
      },
      helpdesk.token,
    );
    await gqlOk(
      app.url,
      `mutation($id: ID!) { resolveComplaint(id: $id, resolution: "Kode dikirim ulang") { status } }`,
      { id: created.createComplaint.id },
      helpdesk.token,
    );
    const mail = await smtp.waitForMailMatching(reporter, /survey\?token=/);
    const token = decodeURIComponent(/survey\?token=([A-Za-z0-9_%-]+)/.exec(mail.text)![1]);
    await gqlOk(
      app.url,
      `mutation($t: String!, $s: [Int!]!, $r: SurveyRespondentInput) {
         submitSatisfactionSurvey(token: $t, scores: $s, respondent: $r) }`,
      {
        t: token,
        s: [4, 3, 3, 4, 4, 3, 4, 2, 3],
        r: { gender: 'LAKI_LAKI', ageBand: 'AGE_20_29', education: 'S1', occupation: 'SWASTA' },
      },
    );
    // Resolved in the period without an answer: the population served grows, the respondents do not.
    for (const d of ['2026-01-15', '2026-03-15', '2026-06-30']) await row({ resolvedAt: wib(`${d}T09:00:00`) });
    // Outside the period: the instant it ends (next period) and just before it starts (the previous one).
    await row({ resolvedAt: TO, at: TO, scores: [1, 1, 1, 1, 1, 1, 1, 1, 1] });
    await row({
      resolvedAt: wib('2025-12-01T00:00:00'),
      at: wib('2025-12-31T23:59:59.999'),
      scores: [4, 4, 4, 4, 4, 4, 4, 4, 4],
    });
    await row({ resolvedAt: PREV_FROM, at: PREV_FROM, scores: [3, 3, 3, 3, 3, 3, 3, 3, 3] });
    // Semester II 2025 but before the previous period: that semester has 4 respondents in all.
    for (const d of ['2025-07-01T00:00:00', '2025-07-02T12:00:00'])
      await row({ resolvedAt: wib(d), at: wib(d), scores: [2, 2, 2, 2, 2, 2, 2, 2, 2] });
  });

  it('recapitulates the period against the rows: NRR, weighted NRR, IKM, mutu, lowest elements, profile', async () => {
    const { app } = stack;
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const { skmReport: r } = await gqlOk(app.url, REPORT, { from: FROM, to: TO }, supervisor.token);

    const [{ n }] = await stack.sql(
      `select count(*)::int as n from complaint where surveyed_at >= ? and surveyed_at < ?`,
      [FROM, TO],
    );
    const [{ served }] = await stack.sql(
      `select count(*)::int as served from complaint where resolved_at >= ? and resolved_at < ?`,
      [FROM, TO],
    );
    expect(n).toBe(5);
    expect(r.respondents).toBe(n);
    expect(r.served).toBe(served);
    expect(served).toBe(8); // 5 surveyed + 3 resolved without an answer
    // Krejcie–Morgan for N = 8: 3.841 × 8 × 0.25 ÷ (0.0025 × 7 + 0.96025) = 7.857 → 8; 5 respondents fall short
    expect(r.sampleTarget).toBe(8);
    expect(r.sampleReached).toBe(false);

    expect(r.weight).toBeCloseTo(1 / 9, 12);
    expect(r.elements.map((e: any) => e.code)).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9']);
    expect(r.elements[7].name).toBe('Penanganan pengaduan, saran dan masukan');
    expect(r.elements.map((e: any) => e.nrr)).toEqual([3.4, 2.8, 2.8, 4, 3.2, 3.2, 3.8, 2.4, 3.2]);
    expect(r.elements[0].weightedNrr).toBeCloseTo(3.4 / 9, 12);
    expect(r).toMatchObject({ ikm: 80, grade: 'B', gradeLabel: 'Baik' });
    expect(r.lowestElements).toEqual([
      { code: 'U8', nrr: 2.4 },
      { code: 'U2', nrr: 2.8 },
      { code: 'U3', nrr: 2.8 },
    ]);

    const counts = (table: { key: string | null; count: number }[]) =>
      Object.fromEntries(table.filter((c) => c.count).map((c) => [c.key ?? 'none', c.count]));
    expect(counts(r.profile.gender)).toEqual({ PEREMPUAN: 2, LAKI_LAKI: 2, none: 1 });
    // Two answers in a window (fewer than the 5 the public page needs): no profile, or it would name them.
    const small = await gqlOk(
      app.url,
      REPORT,
      { from: wib('2025-07-01T00:00:00').toISOString(), to: wib('2025-07-03T00:00:00').toISOString() },
      supervisor.token,
    );
    expect(small.skmReport.respondents).toBe(2);
    expect(small.skmReport.profile).toEqual({ gender: [], ageBand: [], education: [], occupation: [] });
    expect(counts(r.profile.ageBand)).toEqual({ AGE_30_39: 1, AGE_20_29: 1, none: 3 });
    expect(counts(r.profile.education)).toEqual({ S1: 2, SMA: 1, none: 2 });
    expect(counts(r.profile.occupation)).toEqual({ WIRAUSAHA: 2, SWASTA: 1, none: 2 });
    // every answer listed, zeros included, then "not answered"; each table adds up to the respondents
    expect(r.profile.occupation.map((c: any) => c.label)).toEqual([
      'PNS',
      'TNI',
      'Polri',
      'Pegawai swasta',
      'Wirausaha',
      'Lainnya',
      'Tidak diisi',
    ]);
    for (const table of Object.values(r.profile) as { count: number }[][])
      expect(table.reduce((a, c) => a + c.count, 0)).toBe(5);

    // previous period [PREV_FROM, FROM): 9 × 4 and 9 × 3 → (36 + 27) ÷ 18 × 25 = 87.50 (B)
    expect(r.previous).toMatchObject({
      from: PREV_FROM.toISOString(),
      to: FROM.toISOString(),
      respondents: 2,
      ikm: 87.5,
      grade: 'B',
    });
    expect(r.previous.elements[0]).toEqual({ code: 'U1', nrr: 3.5 });
  });

  it('reaches the sample when the respondents cover the population served', async () => {
    const { app } = stack;
    const supervisor = await staffSession(app, 'SUPERVISOR');
    // [PREV_FROM, FROM): 2 resolved, 2 answered; N = 2 → 1.9205 ÷ 0.96275 = 1.99 → 2
    const { skmReport: r } = await gqlOk(app.url, REPORT, { from: PREV_FROM, to: FROM }, supervisor.token);
    expect(r).toMatchObject({ respondents: 2, served: 2, sampleTarget: 2, sampleReached: true });
    // its previous period holds the two all-2 answers of early July 2025: 2 × 25 = 50.00 (D)
    expect(r.previous).toMatchObject({ respondents: 2, ikm: 50, grade: 'D' });
    // and before that nothing: empty figures, not zeros
    const older = await gqlOk(
      app.url,
      REPORT,
      { from: wib('2024-01-01T00:00:00'), to: wib('2024-07-01T00:00:00') },
      supervisor.token,
    );
    expect(older.skmReport).toMatchObject({
      respondents: 0,
      ikm: null,
      grade: null,
      served: 0,
      sampleTarget: 0,
      lowestElements: [],
    });
    expect(older.skmReport.previous).toMatchObject({ respondents: 0, ikm: null, grade: null });
  });

  it('refuses a range that ends before it starts or spans more than two years, naming the field', async () => {
    const { app } = stack;
    const supervisor = await staffSession(app, 'SUPERVISOR');
    const run = (from: Date, to: Date) => gql(app.url, REPORT, { from, to }, supervisor.token);
    for (const [from, to] of [
      [TO, FROM],
      [FROM, FROM],
      [FROM, new Date(wib('2028-01-01T00:00:00').getTime() + 1)],
    ]) {
      const res = await run(from, to);
      expect(res.errors![0].extensions).toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: { to: expect.any(String) },
      });
    }
    // exactly two years is allowed, and so is one millisecond
    expect((await run(FROM, wib('2028-01-01T00:00:00'))).errors).toBeUndefined();
    expect((await run(FROM, new Date(FROM.getTime() + 1))).errors).toBeUndefined();
    // helpdesk may not read it
    const helpdesk = await staffSession(app);
    expect(errorCode(await gql(app.url, REPORT, { from: FROM, to: TO }, helpdesk.token))).toBe('FORBIDDEN');
  });

  it('publishes finished semesters at /ikm and /ikm.json without login: aggregates only, small ones withheld', async () => {
    const { app } = stack;
    clock.set(new Date('2026-12-04T10:00:00Z')); // Semester II 2026 is running: its answer (all 1s) stays unpublished
    const res = await fetch(`${app.url}/ikm.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const text = await res.text();
    const body = JSON.parse(text);
    const [{ n: sem1 }] = await stack.sql(
      `select count(*)::int as n from complaint where surveyed_at >= ? and surveyed_at < ?`,
      [FROM, TO],
    );
    const [{ n: sem2 }] = await stack.sql(
      `select count(*)::int as n from complaint where surveyed_at >= ? and surveyed_at < ?`,
      [wib('2025-07-01T00:00:00'), FROM],
    );
    expect([sem1, sem2]).toEqual([5, 4]);
    expect(body.minimumRespondents).toBe(5);
    expect(body.periods.map((p: any) => p.label)).toEqual(['Semester I 2026', 'Semester II 2025']);
    // exactly the minimum (5): published, the figures of the report
    expect(body.periods[0]).toMatchObject({
      from: FROM.toISOString(),
      to: TO.toISOString(),
      published: true,
      respondents: sem1,
      ikm: 80,
      grade: 'B',
    });
    expect(body.periods[0].elements.map((e: any) => [e.code, e.nrr])).toEqual([
      ['U1', 3.4],
      ['U2', 2.8],
      ['U3', 2.8],
      ['U4', 4],
      ['U5', 3.2],
      ['U6', 3.2],
      ['U7', 3.8],
      ['U8', 2.4],
      ['U9', 3.2],
    ]);
    // one below the minimum (4): listed, but no figures and no count
    expect(body.periods[1]).toEqual({
      unit: null,
      label: 'Semester II 2025',
      from: wib('2025-07-01T00:00:00').toISOString(),
      to: FROM.toISOString(),
      published: false,
      respondents: null,
      ikm: null,
      grade: null,
      gradeLabel: null,
      elements: [],
    });
    // nothing about a single complaint or person
    expect(text).not.toMatch(/ADU-|Pelapor|Sari|@|scores|comment|PEREMPUAN|WIRAUSAHA/);

    const page = await fetch(`${app.url}/ikm`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).toContain('<h2>Semester I 2026</h2>');
    expect(html).toContain('IKM 80,00');
    expect(html).toContain('mutu B (Baik)');
    expect(html).toContain('5 responden');
    expect(html).toContain('<td>U8</td><td>Penanganan pengaduan, saran dan masukan</td><td class="n">2,40</td>');
    expect(html).toMatch(/Semester II 2025<\/h2>\s*<p>Belum dipublikasikan/);
    expect(html).not.toContain('Semester II 2026');
  });

  it("asks, on the questionnaire page, each element with the regulation's answers and the optional profile", async () => {
    const html = await (await fetch(`${stack.app.url}/survey`)).text();
    for (const e of SKM_ELEMENTS) {
      expect(html).toContain(`['${e.name}', [${e.labels.map((l) => `'${l}'`).join(', ')}]]`);
    }
    for (const answers of Object.values(SKM_PROFILE))
      for (const [key, label] of Object.entries(answers)) expect(html).toContain(`['${key}', '${label}']`);
    expect(html).toContain('Tentang Anda (boleh tidak diisi)');
    expect(html).toContain('respondent: $r');
  });
});
