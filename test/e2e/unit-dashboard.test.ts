import { randomUUID } from 'node:crypto';
import { TestClock } from '../support/app';
import { staffSession } from '../support/flows';
import { gql, gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

const NATIONAL = '00000000-0000-4000-8000-000000000001';
const wib = (iso: string) => new Date(`${iso}+07:00`);
const CREATE_UNIT = `mutation($n: String!, $r: String!) { createServiceUnit(name: $n, regionCode: $r) { id } }`;
const SET_UNIT = `mutation($s: ID!, $u: ID!) { setStaffUnit(staffId: $s, unitId: $u) { id } }`;
const RECORD = `mutation($i: PaperSurveyInput!) { recordPaperSurvey(input: $i) { id } }`;
const TREND = `query($from: DateTime!, $to: DateTime!, $i: SkmTrendInterval!) { skmTrend(from: $from, to: $to, interval: $i) {
  unit { id name } points { from to respondents ikm grade elements { code nrr } } } }`;
const CLOCK = `query($from: DateTime!, $to: DateTime!) { complaintClock(from: $from, to: $to) {
  unit { id } totals { opened resolvedOnTime resolvedLate openWithinDue overdue }
  byCategory { category opened resolvedOnTime resolvedLate openWithinDue overdue } } }`;

describe('supervisor dashboard per service unit: IKM over time and the complaint clock', () => {
  const clock = new TestClock();
  const stack = useStack({ clock });
  let mojokerto: string;
  let kampar: string;
  let national: { token: string };
  let regional: { token: string };
  let seq = 0;

  async function complaint(o: { unit: string; category: string; created: Date; due: Date; resolved?: Date }) {
    seq += 1;
    await stack.sql(
      `insert into complaint (id, number, status, channel, category, description, reporter_name, due_at, created_at,
         resolved_at, unit_id) values (?, ?, ?, 'PHONE', ?, 'Uji', 'Pelapor', ?, ?, ?, ?)`,
      [
        randomUUID(),
        `ADU-DASH-${seq}`,
        o.resolved ? 'RESOLVED' : 'OPEN',
        o.category,
        o.due,
        o.created,
        o.resolved ?? null,
        o.unit,
      ],
    );
  }

  beforeAll(async () => {
    clock.set(wib('2026-06-15T12:00:00'));
    const admin = await staffSession(stack.app, 'ADMIN');
    const unit = async (n: string, r: string) =>
      (await gqlOk(stack.app.url, CREATE_UNIT, { n, r }, admin.token)).createServiceUnit.id as string;
    mojokerto = await unit('DPMPTSP Kabupaten Mojokerto', '3516');
    kampar = await unit('DPMPTSP Kabupaten Kampar', '1406');
    national = await staffSession(stack.app, 'SUPERVISOR');
    regional = await staffSession(stack.app, 'SUPERVISOR');
    await gqlOk(stack.app.url, SET_UNIT, { s: (regional as any).id, u: mojokerto }, admin.token);
    const paper = await staffSession(stack.app);
    const answer = (unitId: string, at: string, s: number) =>
      gqlOk(
        stack.app.url,
        RECORD,
        { i: { unitId, servedAt: wib(at).toISOString(), scores: Array(9).fill(s) } },
        paper.token,
      );
    // Mojokerto: January 4 and 3 (87.50); 31 January 23:59 WIB still January; March one 2 (50.00)
    await answer(mojokerto, '2026-01-05T09:00:00', 4);
    await answer(mojokerto, '2026-01-31T23:59:00', 3);
    await answer(mojokerto, '2026-03-01T00:00:00', 2);
    // Kampar: February one 1 (25.00); national: one in May
    await answer(kampar, '2026-02-10T09:00:00', 1);
    await answer(NATIONAL, '2026-05-10T09:00:00', 4);
    const d = (iso: string) => wib(iso);
    // Mojokerto: on time, late, open within due, overdue (two categories)
    await complaint({
      unit: mojokerto,
      category: 'CODE_NOT_RECEIVED',
      created: d('2026-06-01T09:00:00'),
      due: d('2026-06-05T09:00:00'),
      resolved: d('2026-06-05T09:00:00'),
    });
    await complaint({
      unit: mojokerto,
      category: 'CODE_NOT_RECEIVED',
      created: d('2026-06-01T09:00:00'),
      due: d('2026-06-05T09:00:00'),
      resolved: d('2026-06-05T09:00:01'),
    });
    await complaint({
      unit: mojokerto,
      category: 'LOST_ACCOUNT',
      created: d('2026-06-10T09:00:00'),
      due: d('2026-06-20T09:00:00'),
    });
    await complaint({
      unit: mojokerto,
      category: 'LOST_ACCOUNT',
      created: d('2026-06-02T09:00:00'),
      due: d('2026-06-09T09:00:00'),
    });
    // Kampar: one overdue; and one logged before the period (not counted)
    await complaint({
      unit: kampar,
      category: 'OTHER',
      created: d('2026-06-03T09:00:00'),
      due: d('2026-06-08T09:00:00'),
    });
    await complaint({
      unit: kampar,
      category: 'OTHER',
      created: d('2026-05-31T23:59:59'),
      due: d('2026-06-08T09:00:00'),
    });
  });

  it('gives the IKM and each NRR month by month per unit, against the rows; a regional supervisor their unit only', async () => {
    const vars = { from: wib('2026-01-01T00:00:00'), to: wib('2026-07-01T00:00:00'), i: 'MONTH' };
    const all = (await gqlOk(stack.app.url, TREND, vars, national.token)).skmTrend;
    expect(all.map((t: any) => t.unit.id)).toEqual(expect.arrayContaining([NATIONAL, mojokerto, kampar]));
    const m = all.find((t: any) => t.unit.id === mojokerto);
    expect(m.points.map((p: any) => p.from)).toEqual(
      ['01', '02', '03', '04', '05', '06'].map((mm) => wib(`2026-${mm}-01T00:00:00`).toISOString()),
    );
    expect(m.points.map((p: any) => [p.respondents, p.ikm, p.grade])).toEqual([
      [2, 87.5, 'B'],
      [0, null, null],
      [1, 50, 'D'],
      [0, null, null],
      [0, null, null],
      [0, null, null],
    ]);
    expect(m.points[0].elements[8]).toEqual({ code: 'U9', nrr: 3.5 });
    // each unit's respondents per month are the rows of that unit and month
    for (const t of all)
      for (const p of t.points) {
        const [{ n }] = await stack.sql(
          `select count(*)::int as n from paper_survey where unit_id = ? and served_at >= ? and served_at < ?`,
          [t.unit.id, p.from, p.to],
        );
        expect(p.respondents).toBe(n);
      }
    const own = (await gqlOk(stack.app.url, TREND, vars, regional.token)).skmTrend;
    expect(own.map((t: any) => t.unit.id)).toEqual([mojokerto]);
    const sem = (await gqlOk(stack.app.url, TREND, { ...vars, i: 'SEMESTER' }, regional.token)).skmTrend;
    expect(sem[0].points).toHaveLength(1);
    // 4 + 3 + 2 over 3 respondents: 3 × 25 = 75.00 (C)
    expect(sem[0].points[0]).toMatchObject({ respondents: 3, ikm: 75, grade: 'C' });
  });

  it('counts the complaint clock per unit and category, against the rows', async () => {
    const vars = { from: wib('2026-06-01T00:00:00'), to: wib('2026-07-01T00:00:00') };
    const all = (await gqlOk(stack.app.url, CLOCK, vars, national.token)).complaintClock;
    const m = all.find((c: any) => c.unit.id === mojokerto);
    expect(m.totals).toEqual({ opened: 4, resolvedOnTime: 1, resolvedLate: 1, openWithinDue: 1, overdue: 1 });
    expect(m.byCategory).toEqual([
      { category: 'CODE_NOT_RECEIVED', opened: 2, resolvedOnTime: 1, resolvedLate: 1, openWithinDue: 0, overdue: 0 },
      { category: 'LOST_ACCOUNT', opened: 2, resolvedOnTime: 0, resolvedLate: 0, openWithinDue: 1, overdue: 1 },
    ]);
    for (const c of all) {
      const [{ n }] = await stack.sql(
        `select count(*)::int as n from complaint where unit_id = ? and created_at >= ? and created_at < ?`,
        [c.unit.id, vars.from, vars.to],
      );
      expect(c.totals.opened).toBe(n);
    }
    expect(all.find((c: any) => c.unit.id === kampar).totals).toMatchObject({ opened: 1, overdue: 1 });
    const own = (await gqlOk(stack.app.url, CLOCK, vars, regional.token)).complaintClock;
    expect(own.map((c: any) => c.unit.id)).toEqual([mojokerto]);
  });

  it("gives a regional supervisor the registration dashboard's complaint figures of their unit, the national one every unit's", async () => {
    const METRICS = `query($from: DateTime!, $to: DateTime!, $f: MetricsFilter) {
      registrationMetrics(from: $from, to: $to, interval: DAY, filter: $f) {
        totals { complaintsOpened complaintsResolved } buckets { start counts { complaintsOpened complaintsResolved } }
        byProvince { key counts { complaintsOpened } } complaints { opened resolved open overdue surveys ikm } } }`;
    // From 2 June 00:00 WIB up to the Mojokerto complaint of 10 June 09:00, which is not counted.
    const vars = { from: wib('2026-06-02T00:00:00'), to: wib('2026-06-10T09:00:00') };
    const own = (await gqlOk(stack.app.url, METRICS, vars, regional.token)).registrationMetrics;
    // Opened: 2 June (not 1 June, not Kampar's of 3 June); resolved: both on 5 June 09:00 WIB.
    expect(own.totals).toEqual({ complaintsOpened: 1, complaintsResolved: 2 });
    const day = (iso: string) => own.buckets.find((b: any) => b.start === wib(iso).toISOString())?.counts;
    expect(day('2026-06-02T00:00:00')).toEqual({ complaintsOpened: 1, complaintsResolved: 0 });
    expect(day('2026-06-05T00:00:00')).toEqual({ complaintsOpened: 0, complaintsResolved: 2 });
    expect(own.byProvince).toEqual([{ key: '', counts: { complaintsOpened: 1 } }]);
    // The complaint cards: open and overdue now (15 June 12:00 WIB), the 2 June one due on the 9th.
    expect(own.complaints).toEqual({ opened: 1, resolved: 2, open: 2, overdue: 1, surveys: 0, ikm: null });
    const semester = { from: wib('2026-01-01T00:00:00'), to: wib('2026-07-01T00:00:00') };
    const ownSemester = (await gqlOk(stack.app.url, METRICS, semester, regional.token)).registrationMetrics;
    // Mojokerto's three paper answers (4, 3 and 2 on every element): 75.00; Kampar's and the national one not.
    expect(ownSemester.complaints).toMatchObject({ opened: 4, surveys: 3, ikm: 75 });
    // Complaints have no province: under a province filter they count nothing, as nationally.
    const filtered = (await gqlOk(stack.app.url, METRICS, { ...vars, f: { provinceCode: '35' } }, regional.token))
      .registrationMetrics;
    expect(filtered.totals).toEqual({ complaintsOpened: 0, complaintsResolved: 0 });
    // The national supervisor reads the national counters (these rows were written without them).
    const [{ n }] = await stack.sql(
      `select coalesce(sum(n), 0)::int as n from metric_counter where metric = 'complaint_opened' and bucket >= ? and bucket < ?`,
      [vars.from, vars.to],
    );
    const all = (await gqlOk(stack.app.url, METRICS, vars, national.token)).registrationMetrics;
    expect(all.totals.complaintsOpened).toBe(n);
    // Its cards count every unit: Kampar's complaint of 3 June and its two open ones too.
    expect(all.complaints).toMatchObject({ opened: 2, resolved: 2, open: 4, overdue: 3 });
  });

  it('refuses a range that ends before it starts or spans more than two years', async () => {
    const from = wib('2026-01-01T00:00:00');
    for (const to of [from, new Date(wib('2028-01-01T00:00:00').getTime() + 1)]) {
      for (const [q, v] of [
        [TREND, { from, to, i: 'MONTH' }],
        [CLOCK, { from, to }],
      ] as const) {
        const res = await gql(stack.app.url, q, v, national.token);
        expect(res.errors?.[0].extensions).toMatchObject({
          code: 'VALIDATION_FAILED',
          fields: { to: expect.any(String) },
        });
      }
    }
  });
});
