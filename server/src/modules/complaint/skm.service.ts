import type { EntityManager } from '@mikro-orm/postgresql';
import {
  checkRespondent,
  checkScores,
  ikm,
  ikmGrade,
  IKM_GRADE_LABELS,
  IkmGrade,
  krejcieMorgan,
  lowestElements,
  SKM_ELEMENTS,
  SKM_PROFILE,
  SKM_PROFILE_FIELDS,
  RespondentProfile,
  SkmProfileField,
  skmFromSums,
} from '../../domain/ikm';
import type { ReadReplicas } from '../../db/read-replicas';
import type { Clock } from '../../shared/clock';
import { assertNoFieldErrors, FieldErrors, forbidden } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import { RequestContext, staffActor } from '../../shared/request-context';
import type { AuditService } from '../audit/audit.service';
import { NATIONAL_UNIT_ID, ServiceUnit } from '../service-unit/service-unit.entity';
import { PaperSurvey } from './paper-survey.entity';
import { SkmFile, skmFile, SkmFileFormat } from './skm-export';
import type { SkmCount, SkmPeriod, SkmReport } from './skm.model';
import type { ServiceUnitService } from '../service-unit/service-unit.service';

export interface PaperSurveyInput {
  unitId?: string | null;
  servedAt: Date;
  scores: number[];
  comment?: string | null;
  respondent?: RespondentProfile | null;
}

export type { SkmCount, SkmPeriod, SkmReport } from './skm.model';

/** One semester on the public page: figures only from PUBLIC_MIN_RESPONDENTS respondents on. */
export interface SkmSemester {
  label: string;
  from: Date;
  to: Date;
  published: boolean;
  respondents: number | null;
  ikm: number | null;
  grade: IkmGrade | null;
  gradeLabel: string | null;
  elements: { code: string; name: string; nrr: number; weightedNrr: number }[];
}

/** Below this many respondents a semester's figures are not published: single answers could be read back. */
export const PUBLIC_MIN_RESPONDENTS = 5;

/**
 * The SKM recapitulation of Permenpan-RB 14/2017 over the surveys answered in
 * a period [from, to): a supervisor's report, and the semesters the public
 * page shows. Everything is summed in PostgreSQL; answers never leave it.
 */
export class SkmService {
  constructor(
    private readonly clock: Clock,
    private readonly units: ServiceUnitService,
    private readonly reads: ReadReplicas,
    private readonly audit: AuditService,
  ) {}

  /**
   * [HELPDESK+] A questionnaire answered on paper or at the counter, typed in
   * by an officer for `unitId` (null: the officer's own unit). A regional
   * officer records only for their own unit (FORBIDDEN otherwise). Scores
   * 1–4, the day of service not in the future. Audited.
   */
  async recordPaper(ctx: RequestContext, input: PaperSurveyInput): Promise<PaperSurvey> {
    const staff = staffActor(ctx);
    if (!staff) throw forbidden();
    const f: FieldErrors = {};
    const scores = Array.isArray(input.scores) ? input.scores : [];
    const bad = checkScores(scores);
    if (bad) f.scores = bad;
    scores.forEach((s, i) => {
      if (i < SKM_ELEMENTS.length && (!Number.isInteger(s) || s < 1 || s > 4))
        f[`scores.${SKM_ELEMENTS[i].code}`] = `${SKM_ELEMENTS[i].name}: nilai 1 sampai 4.`;
    });
    const servedAt = input.servedAt instanceof Date ? input.servedAt : new Date(Number.NaN);
    const now = this.clock.now();
    if (Number.isNaN(servedAt.getTime())) f.servedAt = 'Tanggal layanan tidak valid.';
    else if (servedAt > now) f.servedAt = 'Tanggal layanan tidak boleh di masa depan.';
    const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
    if (comment.length > 2000) f.comment = 'Komentar maksimal 2000 karakter.';
    const respondent = input.respondent ?? {};
    for (const [k, v] of Object.entries(checkRespondent(respondent))) f[`respondent.${k}`] = v;
    if (input.unitId != null && !isUuid(input.unitId)) f.unitId = 'ID unit tidak valid.';
    assertNoFieldErrors(f);
    const scope = await this.units.scopeOf(ctx);
    if (scope && input.unitId && input.unitId.toLowerCase() !== scope) throw forbidden();
    const unit = await this.units.get(ctx.em, input.unitId ?? scope ?? NATIONAL_UNIT_ID);
    return ctx.em.transactional(async (em) => {
      const value = ikm(scores);
      const survey = em.create(PaperSurvey, {
        unitId: unit.id,
        servedAt,
        recordedBy: staff.staffId,
        satisfaction: {
          scores,
          ikm: value,
          grade: ikmGrade(value),
          comment: comment || null,
          submittedAt: servedAt.toISOString(),
          gender: respondent.gender ?? null,
          ageBand: respondent.ageBand ?? null,
          education: respondent.education ?? null,
          occupation: respondent.occupation ?? null,
        },
        createdAt: now,
      });
      await em.flush();
      this.audit.record(ctx, em, {
        action: 'SKM_PAPER_SURVEY_RECORDED',
        targetType: 'paper_survey',
        targetId: survey.id,
        details: { unit: unit.name, servedAt: servedAt.toISOString() },
      });
      return survey;
    });
  }

  /**
   * The report for `unitId`, or (null) for the caller's unit: a regional
   * officer's own, the national unit's being every unit together. A regional
   * officer asking for another unit is FORBIDDEN.
   */
  async report(ctx: RequestContext, unitId: string | null, from: Date, to: Date): Promise<SkmReport> {
    const f: FieldErrors = {};
    if (!(to > from)) f.to = 'Akhir periode harus sesudah awal periode.';
    else if (to > addYears(from, 2)) f.to = 'Periode laporan paling lama dua tahun.';
    if (unitId != null && !isUuid(unitId)) f.unitId = 'ID unit tidak valid.';
    assertNoFieldErrors(f);
    const scope = await this.units.scopeOf(ctx);
    if (scope && unitId && unitId.toLowerCase() !== scope) throw forbidden();
    const wanted = unitId ?? scope;
    // Sums over answered surveys only: a read replica may answer (db/read-replicas.ts).
    return this.reads.run(ctx, (em) => this.summarise(em, wanted, from, to));
  }

  private async summarise(em: EntityManager, wanted: string | null, from: Date, to: Date): Promise<SkmReport> {
    const unit = wanted ? await this.units.get(em, wanted) : null;
    // The national unit's report is everyone's: its own complaints are only those no region took.
    const only = unit && !unit.national ? unit.id : null;
    const previousFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
    const current = await this.period(em, from, to, only);
    const previous = await this.period(em, previousFrom, from, only);
    // Below the publication minimum a profile names its respondents (a one-answer window is one
    // reporter's gender, age, education and occupation): withheld, every table empty.
    const profile =
      current.respondents >= PUBLIC_MIN_RESPONDENTS
        ? await this.profile(em, from, to, only)
        : (Object.fromEntries(SKM_PROFILE_FIELDS.map((field) => [field, []])) as unknown as Record<
            SkmProfileField,
            SkmCount[]
          >);
    const [{ served }] = await em.execute<{ served: string }[]>(
      `select (select count(*) from complaint where resolved_at >= ? and resolved_at < ? ${UNIT_SQL})
            + (select count(*) from paper_survey where served_at >= ? and served_at < ? ${UNIT_SQL}) as served`,
      [from, to, only, only, from, to, only, only],
    );
    const sampleTarget = krejcieMorgan(Number(served));
    return {
      ...current,
      unit,
      lowestElements: current.respondents ? lowestElements(current.elements) : [],
      profile,
      previous,
      served: Number(served),
      sampleTarget,
      sampleReached: current.respondents >= sampleTarget,
    };
  }

  /** The report as a PDF or XLSX file: the same figures, scoping and errors as report(). */
  async reportFile(
    ctx: RequestContext,
    unitId: string | null,
    from: Date,
    to: Date,
    format: SkmFileFormat,
  ): Promise<SkmFile> {
    return skmFile(await this.report(ctx, unitId, from, to), format);
  }

  /**
   * Every finished semester (January–June, July–December in Asia/Jakarta)
   * with answers, newest first. The running semester is left out: figures that
   * change with each answer would reveal that answer by difference. A semester
   * with fewer than PUBLIC_MIN_RESPONDENTS respondents shows no figures and
   * no count.
   */
  async semesters(em: EntityManager, unitId: string | null = null): Promise<SkmSemester[]> {
    const rows = await em.execute<{ start: Date }[]>(
      `select distinct ${SEMESTER_START} as start from ${SURVEYS} where true ${UNIT_SQL}
        order by 1 desc`,
      [unitId, unitId],
    );
    const running = semesterOf(this.clock.now());
    const out: SkmSemester[] = [];
    for (const { start } of rows) {
      const from = new Date(start);
      const to = semesterAfter(from);
      if (to > running) continue;
      const p = await this.period(em, from, to, unitId);
      const published = p.respondents >= PUBLIC_MIN_RESPONDENTS;
      out.push({
        label: semesterLabel(from),
        from,
        to,
        published,
        respondents: published ? p.respondents : null,
        ikm: published ? p.ikm : null,
        grade: published ? p.grade : null,
        gradeLabel: published ? p.gradeLabel : null,
        elements: published
          ? p.elements.map(({ code, name, nrr, weightedNrr }) => ({ code, name, nrr, weightedNrr }))
          : [],
      });
    }
    return out;
  }

  /** The regional units with at least one answered survey, for the public page. */
  async unitsWithSurveys(em: EntityManager): Promise<ServiceUnit[]> {
    const all = await this.units.list(em);
    const rows = await em.execute<{ unit_id: string }[]>(`select distinct unit_id from ${SURVEYS}`);
    const answered = new Set(rows.map((r) => r.unit_id));
    return all.filter((u) => !u.national && answered.has(u.id));
  }

  private async period(em: EntityManager, from: Date, to: Date, unitId: string | null = null): Promise<SkmPeriod> {
    const rows = await em.execute<{ i: number; n: string; total: string }[]>(
      `select i, count(*) as n, sum((satisfaction->'scores'->>i)::int) as total
         from ${SURVEYS}, generate_series(0, ${SKM_ELEMENTS.length - 1}) as i
        where surveyed_at >= ? and surveyed_at < ? ${UNIT_SQL}
        group by i order by i`,
      [from, to, unitId, unitId],
    );
    const sums = SKM_ELEMENTS.map((_, i) => Number(rows.find((r) => Number(r.i) === i)?.total ?? 0));
    const r = skmFromSums(Number(rows[0]?.n ?? 0), sums);
    return { from, to, ...r, gradeLabel: r.grade && IKM_GRADE_LABELS[r.grade] };
  }

  /** Each profile question's answers counted, in the questionnaire's order, then those who left it empty. */
  private async profile(
    em: EntityManager,
    from: Date,
    to: Date,
    unitId: string | null,
  ): Promise<Record<SkmProfileField, SkmCount[]>> {
    const rows = await em.execute<{ field: SkmProfileField; value: string | null; n: string }[]>(
      `select f.field, satisfaction->>f.field as value, count(*) as n
         from ${SURVEYS}, (values ${SKM_PROFILE_FIELDS.map((k) => `('${k}')`).join(', ')}) as f(field)
        where surveyed_at >= ? and surveyed_at < ? ${UNIT_SQL}
        group by f.field, satisfaction->>f.field`,
      [from, to, unitId, unitId],
    );
    const count = (field: SkmProfileField, value: string | null) =>
      Number(rows.find((r) => r.field === field && r.value === value)?.n ?? 0);
    return Object.fromEntries(
      SKM_PROFILE_FIELDS.map((field) => [
        field,
        [
          ...Object.entries(SKM_PROFILE[field]).map(([key, label]) => ({ key, label, count: count(field, key) })),
          { key: null, label: 'Tidak diisi', count: count(field, null) },
        ],
      ]),
    ) as Record<SkmProfileField, SkmCount[]>;
  }
}

/** Limits a query to one unit's rows when its parameter is a unit id; null keeps every unit. */
const UNIT_SQL = `and (?::uuid is null or unit_id = ?::uuid)`;

/**
 * Every answered questionnaire as (unit_id, surveyed_at, satisfaction): the
 * online answers on complaints and those typed in from paper, by their day of service.
 */
export const SURVEYS = `(select unit_id, surveyed_at, satisfaction from complaint where surveyed_at is not null
  union all select unit_id, served_at as surveyed_at, satisfaction from paper_survey) as survey`;

/** The same moment `years` calendar years later (29 February → 1 March). */
function addYears(d: Date, years: number): Date {
  const r = new Date(d);
  r.setUTCFullYear(r.getUTCFullYear() + years);
  return r;
}

// Asia/Jakarta has no daylight saving: WIB is UTC+7 all year.
const WIB_MS = 7 * 3600_000;
const SEMESTER_START = `(make_date(extract(year from surveyed_at at time zone 'Asia/Jakarta')::int,
  case when extract(month from surveyed_at at time zone 'Asia/Jakarta') <= 6 then 1 else 7 end, 1)::timestamp
  at time zone 'Asia/Jakarta')`;

/** Start (00:00 WIB on 1 January or 1 July) of the semester containing `at`. */
export function semesterOf(at: Date): Date {
  const wib = new Date(at.getTime() + WIB_MS);
  const month = wib.getUTCMonth() < 6 ? 0 : 6;
  return new Date(Date.UTC(wib.getUTCFullYear(), month, 1) - WIB_MS);
}

function semesterAfter(start: Date): Date {
  const wib = new Date(start.getTime() + WIB_MS);
  const [y, m] = wib.getUTCMonth() < 6 ? [wib.getUTCFullYear(), 6] : [wib.getUTCFullYear() + 1, 0];
  return new Date(Date.UTC(y, m, 1) - WIB_MS);
}

function semesterLabel(start: Date): string {
  const wib = new Date(start.getTime() + WIB_MS);
  return `Semester ${wib.getUTCMonth() < 6 ? 'I' : 'II'} ${wib.getUTCFullYear()}`;
}
