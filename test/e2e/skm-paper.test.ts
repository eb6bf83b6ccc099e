import { TestClock } from '../support/app';
import { staffSession } from '../support/flows';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

const NATIONAL = '00000000-0000-4000-8000-000000000001';
const wib = (iso: string) => new Date(`${iso}+07:00`);
const CREATE_UNIT = `mutation($n: String!, $r: String!) { createServiceUnit(name: $n, regionCode: $r) { id } }`;
const SET_UNIT = `mutation($s: ID!, $u: ID!) { setStaffUnit(staffId: $s, unitId: $u) { id } }`;
const RECORD = `mutation($i: PaperSurveyInput!) { recordPaperSurvey(input: $i) { id unitId servedAt ikm } }`;
const REPORT = `query($u: ID, $from: DateTime!, $to: DateTime!) { skmReport(unitId: $u, from: $from, to: $to) {
  respondents served ikm grade elements { code nrr } profile { gender { key count } } } }`;

describe('SKM on paper or at the counter: typed in by staff, counted like online answers', () => {
  const clock = new TestClock();
  const stack = useStack({ clock });
  let admin: { token: string };
  let mojokerto: string;
  let kampar: string;
  let regional: { token: string; id: string };
  let national: { token: string; id: string };

  beforeAll(async () => {
    clock.set(wib('2026-12-04T10:00:00'));
    admin = await staffSession(stack.app, 'ADMIN');
    const unit = async (n: string, r: string) =>
      (await gqlOk(stack.app.url, CREATE_UNIT, { n, r }, admin.token)).createServiceUnit.id as string;
    mojokerto = await unit('DPMPTSP Kabupaten Mojokerto', '3516');
    kampar = await unit('DPMPTSP Kabupaten Kampar', '1406');
    regional = await staffSession(stack.app);
    await gqlOk(stack.app.url, SET_UNIT, { s: regional.id, u: mojokerto }, admin.token);
    national = await staffSession(stack.app);
  });

  const input = (o: Record<string, unknown> = {}) => ({
    servedAt: wib('2026-11-02T09:00:00').toISOString(),
    scores: [4, 4, 4, 4, 4, 4, 4, 4, 4],
    ...o,
  });

  it('accepts the edges 1 and 4, refuses 0 and 5 naming the element, and a day of service in the future', async () => {
    const ok = await gqlOk(
      stack.app.url,
      RECORD,
      { i: input({ scores: [1, 4, 1, 4, 1, 4, 1, 4, 1], respondent: { gender: 'PEREMPUAN' } }) },
      regional.token,
    );
    // own unit by default; (5 × 1 + 4 × 4) ÷ 9 × 25 = 58.33
    expect(ok.recordPaperSurvey).toMatchObject({ unitId: mojokerto, ikm: 58.33 });
    for (const [bad, code] of [
      [0, 'U1'],
      [5, 'U9'],
    ] as const) {
      const scores = [3, 3, 3, 3, 3, 3, 3, 3, 3];
      scores[code === 'U1' ? 0 : 8] = bad;
      const res = await gql(stack.app.url, RECORD, { i: input({ scores }) }, regional.token);
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: { scores: expect.any(String), [`scores.${code}`]: expect.any(String) },
      });
    }
    const eight = await gql(stack.app.url, RECORD, { i: input({ scores: [3, 3, 3, 3, 3, 3, 3, 3] }) }, regional.token);
    expect(eight.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { scores: expect.any(String) },
    });
    // the test clock runs: a few seconds ahead is the future, the moment of sending is not
    const future = await gql(
      stack.app.url,
      RECORD,
      { i: input({ servedAt: new Date(clock.now().getTime() + 5000).toISOString() }) },
      regional.token,
    );
    expect(future.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { servedAt: expect.any(String) },
    });
    await gqlOk(stack.app.url, RECORD, { i: input({ servedAt: clock.now().toISOString() }) }, regional.token);
    const longComment = await gql(stack.app.url, RECORD, { i: input({ comment: 'x'.repeat(2001) }) }, regional.token);
    expect(longComment.errors?.[0].extensions).toMatchObject({ fields: { comment: expect.any(String) } });
    const [{ n }] = await stack.sql(`select count(*)::int as n from paper_survey`);
    expect(n).toBe(2);
  });

  it('lets a regional officer record only for their own unit; the national helpdesk for any', async () => {
    const other = await gql(stack.app.url, RECORD, { i: input({ unitId: kampar }) }, regional.token);
    expect(errorCode(other)).toBe('FORBIDDEN');
    const own = await gqlOk(stack.app.url, RECORD, { i: input({ unitId: mojokerto }) }, regional.token);
    expect(own.recordPaperSurvey.unitId).toBe(mojokerto);
    const forKampar = await gqlOk(stack.app.url, RECORD, { i: input({ unitId: kampar }) }, national.token);
    expect(forKampar.recordPaperSurvey.unitId).toBe(kampar);
    const mine = await gqlOk(stack.app.url, RECORD, { i: input() }, national.token);
    expect(mine.recordPaperSurvey.unitId).toBe(NATIONAL);
    const missing = await gql(
      stack.app.url,
      RECORD,
      { i: input({ unitId: '00000000-0000-4000-8000-0000000000ff' }) },
      national.token,
    );
    expect(errorCode(missing)).toBe('NOT_FOUND');
    const applicantless = await gql(stack.app.url, RECORD, { i: input() });
    expect(errorCode(applicantless)).toBe('UNAUTHENTICATED');
    // audited, with the unit's name and the day of service
    const audit = await stack.sql(
      `select details from audit_event where action = 'SKM_PAPER_SURVEY_RECORDED' and target_id = ?`,
      [forKampar.recordPaperSurvey.id],
    );
    expect(audit).toEqual([
      { details: { unit: 'DPMPTSP Kabupaten Kampar', servedAt: wib('2026-11-02T09:00:00').toISOString() } },
    ]);
  });

  it('counts paper answers in skmReport (and its population) per unit, against the rows', async () => {
    const supervisor = await staffSession(stack.app, 'SUPERVISOR');
    const from = wib('2026-07-01T00:00:00');
    const to = wib('2027-01-01T00:00:00');
    const rows = async (unitId: string | null) =>
      (
        await stack.sql(
          `select count(*)::int as n from paper_survey where served_at >= ? and served_at < ?
             and (?::uuid is null or unit_id = ?::uuid)`,
          [from, to, unitId, unitId],
        )
      )[0].n;
    const m = (await gqlOk(stack.app.url, REPORT, { u: mojokerto, from, to }, supervisor.token)).skmReport;
    expect(await rows(mojokerto)).toBe(3);
    expect(m.respondents).toBe(3);
    expect(m.served).toBe(3);
    // U1: 1 + 4 + 4 over 3 = 3; U2: 4 + 4 + 4 = 4
    expect(m.elements.slice(0, 2)).toEqual([
      { code: 'U1', nrr: 3 },
      { code: 'U2', nrr: 4 },
    ]);
    const all = (await gqlOk(stack.app.url, REPORT, { from, to }, supervisor.token)).skmReport;
    expect(all.respondents).toBe(await rows(null));
    expect(all.respondents).toBe(5);
    // the dashboard's IKM card counts them too: 5 answers, (5 + 16 + 36 × 4) ÷ 45 × 25 = 91.67
    const card = await gqlOk(
      stack.app.url,
      `query($from: DateTime!, $to: DateTime!) { registrationMetrics(from: $from, to: $to, interval: WEEK) {
         complaints { surveys ikm } } }`,
      { from, to },
      supervisor.token,
    );
    expect(card.registrationMetrics.complaints).toEqual({ surveys: 5, ikm: 91.67 });
    // five answers: the profile is shown, the paper respondent's gender among it
    expect(all.profile.gender.find((c: { key: string }) => c.key === 'PEREMPUAN').count).toBe(1);
  });
});
