import type { EntityManager } from '@mikro-orm/postgresql';
import { IKM_GRADE_LABELS, SKM_ELEMENTS, skmFromSums } from '../../domain/ikm';
import type { Clock } from '../../shared/clock';
import { assertNoFieldErrors, FieldErrors } from '../../shared/errors';
import type { RequestContext } from '../../shared/request-context';
import type { ServiceUnit } from '../service-unit/service-unit.entity';
import type { ServiceUnitService } from '../service-unit/service-unit.service';
import type { SkmPeriod } from './skm.model';
import { SURVEYS } from './skm.service';

export type TrendInterval = 'MONTH' | 'SEMESTER';

export interface UnitTrend {
  unit: ServiceUnit;
  points: SkmPeriod[];
}

export interface ClockFigures {
  /** Logged in the period. */
  opened: number;
  /** Of those, resolved by their due time. */
  resolvedOnTime: number;
  /** Resolved after their due time. */
  resolvedLate: number;
  /** Not resolved, due time not yet passed. */
  openWithinDue: number;
  /** Not resolved and past their due time now. */
  overdue: number;
}

export interface UnitClock {
  unit: ServiceUnit;
  totals: ClockFigures;
  byCategory: (ClockFigures & { category: string })[];
}

// Asia/Jakarta has no daylight saving: WIB is UTC+7 all year.
const WIB_MS = 7 * 3600_000;

/** Starts (00:00 WIB) of the months or semesters overlapping [from, to). */
export function bucketStarts(from: Date, to: Date, interval: TrendInterval): Date[] {
  const step = interval === 'MONTH' ? 1 : 6;
  const wib = new Date(from.getTime() + WIB_MS);
  let y = wib.getUTCFullYear();
  let m = wib.getUTCMonth() - (wib.getUTCMonth() % step);
  const out: Date[] = [];
  for (;;) {
    const start = new Date(Date.UTC(y, m, 1) - WIB_MS);
    if (start >= to) return out;
    out.push(start);
    m += step;
    if (m >= 12) [y, m] = [y + 1, m - 12];
  }
}

/**
 * The supervisor dashboard per service unit: the IKM and each element's NRR
 * month by month or semester by semester, and the complaint clock (resolved
 * on time or late, open, overdue; by category). A regional supervisor gets
 * their unit only; the national unit every unit, each with its own rows.
 */
export class UnitDashboardService {
  constructor(
    private readonly clock: Clock,
    private readonly units: ServiceUnitService,
  ) {}

  async skmTrend(ctx: RequestContext, from: Date, to: Date, interval: TrendInterval): Promise<UnitTrend[]> {
    checkRange(from, to);
    const units = await this.visibleUnits(ctx);
    const trunc =
      interval === 'MONTH'
        ? `date_trunc('month', surveyed_at at time zone 'Asia/Jakarta')`
        : `make_date(extract(year from surveyed_at at time zone 'Asia/Jakarta')::int,
             case when extract(month from surveyed_at at time zone 'Asia/Jakarta') <= 6 then 1 else 7 end, 1)::timestamp`;
    const rows = await ctx.em.execute<{ unit_id: string; start: Date; i: number; n: string; total: string }[]>(
      `select unit_id, (${trunc}) at time zone 'Asia/Jakarta' as start, i, count(*) as n,
              sum((satisfaction->'scores'->>i)::int) as total
         from ${SURVEYS}, generate_series(0, ${SKM_ELEMENTS.length - 1}) as i
        where surveyed_at >= ? and surveyed_at < ? and unit_id = any(?::uuid[])
        group by 1, 2, 3`,
      [from, to, `{${units.map((u) => u.id).join(',')}}`],
    );
    const starts = bucketStarts(from, to, interval);
    return units.map((unit) => ({
      unit,
      points: starts.map((start, k) => {
        const end = starts[k + 1] ?? to;
        // The first and last buckets are cut to the range asked for.
        const own = rows.filter((r) => r.unit_id === unit.id && new Date(r.start).getTime() === start.getTime());
        const sums = SKM_ELEMENTS.map((_, i) => Number(own.find((r) => Number(r.i) === i)?.total ?? 0));
        const r = skmFromSums(Number(own[0]?.n ?? 0), sums);
        return {
          from: start < from ? from : start,
          to: end,
          ...r,
          gradeLabel: r.grade && IKM_GRADE_LABELS[r.grade],
        };
      }),
    }));
  }

  async complaintClock(ctx: RequestContext, from: Date, to: Date): Promise<UnitClock[]> {
    checkRange(from, to);
    const units = await this.visibleUnits(ctx);
    const rows = await ctx.em.execute<({ unit_id: string; category: string } & Record<string, string>)[]>(
      `select unit_id, category, count(*) as opened,
              count(*) filter (where status not in ('OPEN', 'IN_PROGRESS') and resolved_at <= due_at) as on_time,
              count(*) filter (where status not in ('OPEN', 'IN_PROGRESS')
                                 and not coalesce(resolved_at <= due_at, false)) as late,
              count(*) filter (where status in ('OPEN', 'IN_PROGRESS') and due_at >= ?) as within,
              count(*) filter (where status in ('OPEN', 'IN_PROGRESS') and due_at < ?) as overdue
         from complaint
        where created_at >= ? and created_at < ? and unit_id = any(?::uuid[])
        group by 1, 2 order by 2`,
      [this.clock.now(), this.clock.now(), from, to, `{${units.map((u) => u.id).join(',')}}`],
    );
    const figures = (rs: Record<string, string>[]): ClockFigures => {
      const sum = (k: string) => rs.reduce((a, r) => a + Number(r[k]), 0);
      return {
        opened: sum('opened'),
        resolvedOnTime: sum('on_time'),
        resolvedLate: sum('late'),
        openWithinDue: sum('within'),
        overdue: sum('overdue'),
      };
    };
    return units.map((unit) => {
      const own = rows.filter((r) => r.unit_id === unit.id);
      return {
        unit,
        totals: figures(own),
        byCategory: own.map((r) => ({ category: r.category, ...figures([r]) })),
      };
    });
  }

  /** The caller's unit when regional; every unit (national first) otherwise. */
  private async visibleUnits(ctx: RequestContext): Promise<ServiceUnit[]> {
    const scope = await this.units.scopeOf(ctx);
    return scope ? [await this.units.get(ctx.em, scope)] : this.units.list(ctx.em as EntityManager);
  }
}

/** As skmReport: the end after the start, at most two years. */
function checkRange(from: Date, to: Date): void {
  const f: FieldErrors = {};
  const limit = new Date(from);
  limit.setUTCFullYear(limit.getUTCFullYear() + 2);
  if (!(to > from)) f.to = 'Akhir periode harus sesudah awal periode.';
  else if (to > limit) f.to = 'Periode paling lama dua tahun.';
  assertNoFieldErrors(f);
}
