import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventBus } from '../../db/event-bus';
import type { ReadReplicas } from '../../db/read-replicas';
import { type RequestContext, unitScopeOf } from '../../shared/request-context';
import { Topics } from '../../db/event-bus';
import { assertNoFieldErrors, FieldErrors } from '../../shared/errors';

/** What the counters count. */
export type Metric =
  | 'flow_started'
  | 'code_sent'
  | 'code_delivered'
  | 'code_failed'
  | 'verified'
  | 'completed'
  | 'warned'
  | 'cancelled'
  | 'extended'
  | 'licensing_started'
  | 'complaint_opened'
  | 'complaint_resolved';
export const METRICS: Metric[] = [
  'flow_started',
  'code_sent',
  'code_delivered',
  'code_failed',
  'verified',
  'completed',
  'warned',
  'cancelled',
  'extended',
  'licensing_started',
  'complaint_opened',
  'complaint_resolved',
];

/** The dimensions a count can be broken down or filtered by; '' where unknown. */
export interface Dimensions {
  provinceCode?: string | null;
  scale?: string | null;
  actorType?: string | null;
  entityType?: string | null;
  channel?: string | null;
}

export type Interval = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';
/** Dimensions the figures can be broken down by (a column of the counters each). */
export const BREAKDOWNS = ['channel', 'province_code', 'scale', 'actor_type', 'entity_type'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];
export interface MetricsFilter {
  provinceCode?: string | null;
  scale?: string | null;
  actorType?: string | null;
  channel?: string | null;
}

export interface MetricsBucketRow {
  start: Date;
  counts: Record<Metric, number>;
}
export interface BreakdownRow {
  key: string;
  counts: Record<Metric, number>;
}
export interface MetricsResult {
  from: Date;
  to: Date;
  interval: Interval;
  buckets: MetricsBucketRow[];
  totals: Record<Metric, number>;
  codesByChannel: BreakdownRow[];
  byProvince: BreakdownRow[];
  byScale: BreakdownRow[];
  byActorType: BreakdownRow[];
  byEntityType: BreakdownRow[];
}

const zero = (): Record<Metric, number> => Object.fromEntries(METRICS.map((m) => [m, 0])) as Record<Metric, number>;
const TZ = 'Asia/Jakarta';
const MAX_BUCKETS = 2000;
const HOURS: Record<Interval, number> = { HOUR: 1, DAY: 24, WEEK: 168, MONTH: 720 };
const JAKARTA_OFFSET_MS = 7 * 3600_000; // WIB, no daylight saving
const DAY_MS = 86_400_000;

/** Start of the Jakarta day holding `t` (round 0) or of the next one unless `t` starts a day (round 1). */
export function jakartaDay(t: Date, round: 0 | 1): Date {
  const local = t.getTime() + JAKARTA_OFFSET_MS;
  const day = round ? Math.ceil(local / DAY_MS) : Math.floor(local / DAY_MS);
  return new Date(day * DAY_MS - JAKARTA_OFFSET_MS);
}

/**
 * Registration figures from hourly counters (`metric_counter`), bumped in the
 * transaction of the event they count, so a dashboard never scans accounts or
 * flows. Each bump also queues a METRICS_CHANGED notification (delivered on commit).
 */
export class MetricsService {
  constructor(
    private readonly events: EventBus,
    private readonly reads: ReadReplicas,
  ) {}

  async bump(em: EntityManager, metric: Metric, dims: Dimensions = {}, at: Date = new Date()): Promise<void> {
    // One statement: the hourly counter, the daily one (Jakarta days) that long periods read, and the
    // METRICS_CHANGED notification (delivered on commit).
    await em.execute(
      `with v (at, metric, province_code, scale, actor_type, entity_type, channel) as (
         values (?::timestamptz, ?, ?, ?, ?, ?, ?)
       ), hourly as (
         insert into metric_counter as c (bucket, metric, province_code, scale, actor_type, entity_type, channel, n)
         select date_trunc('hour', at), metric, province_code, scale, actor_type, entity_type, channel, 1 from v
         on conflict (bucket, metric, province_code, scale, actor_type, entity_type, channel)
         do update set n = c.n + 1
       ), daily as (
         insert into metric_counter_daily as d (bucket, metric, province_code, scale, actor_type, entity_type, channel, n)
         select date_trunc('day', at at time zone '${TZ}') at time zone '${TZ}', metric, province_code, scale,
                actor_type, entity_type, channel, 1 from v
         on conflict (bucket, metric, province_code, scale, actor_type, entity_type, channel)
         do update set n = d.n + 1
       )
       select pg_notify(?, ?)`,
      [
        at,
        metric,
        dims.provinceCode ?? '',
        dims.scale ?? '',
        dims.actorType ?? '',
        dims.entityType ?? '',
        dims.channel ?? '',
        ...this.events.notification(Topics.METRICS_CHANGED, { metric }),
      ],
    );
  }

  /** A caller's report: counters only read, so a read replica may answer (db/read-replicas.ts). */
  requested(
    ctx: RequestContext,
    from: Date,
    to: Date,
    interval: Interval,
    filter: MetricsFilter = {},
    breakdowns: readonly Breakdown[] = BREAKDOWNS,
  ): Promise<MetricsResult> {
    return this.reads.run(ctx, (em) => this.report(em, from, to, interval, filter, breakdowns, unitScopeOf(ctx)));
  }

  async report(
    em: EntityManager,
    from: Date,
    to: Date,
    interval: Interval,
    filter: MetricsFilter = {},
    breakdowns: readonly Breakdown[] = BREAKDOWNS,
    unitScope: string | null = null,
  ): Promise<MetricsResult> {
    const f: FieldErrors = {};
    if (!(from < to)) f.to = 'Waktu akhir harus sesudah waktu awal.';
    else if ((to.getTime() - from.getTime()) / 3600_000 / HOURS[interval] > MAX_BUCKETS) {
      f.interval = `Terlalu banyak titik (lebih dari ${MAX_BUCKETS}); pilih interval yang lebih besar.`;
    }
    if (filter.provinceCode != null && !/^\d{2}$/.test(filter.provinceCode)) f.provinceCode = 'Kode provinsi 2 digit.';
    assertNoFieldErrors(f);
    const dims: string[] = [];
    const dimParams: unknown[] = [];
    for (const [col, v] of [
      ['province_code', filter.provinceCode],
      ['scale', filter.scale],
      ['actor_type', filter.actorType],
      ['channel', filter.channel],
    ] as const) {
      if (v) {
        dims.push(` and ${col} = ?`);
        dimParams.push(v);
      }
    }
    const dimCond = dims.join('');
    // Whole Jakarta days inside the period come from the daily counters, the hours at either edge from the hourly ones.
    const [fullStart, fullEnd] = interval === 'HOUR' ? [to, to] : [jakartaDay(from, 1), jakartaDay(to, 0)];
    const daily = fullStart < fullEnd;
    const unit = interval.toLowerCase();
    const rows = await em.execute<
      (Record<'start' | 'channel' | 'province_code' | 'scale' | 'actor_type' | 'entity_type', string | null> & {
        metric: Metric;
        n: string;
        g_start: number;
      })[]
    >(
      `with src as (
         select bucket, metric, province_code, scale, actor_type, entity_type, channel, n from metric_counter
          where ((bucket >= ? and bucket < ?) or (bucket >= ? and bucket < ?))${dimCond}
         union all
         select bucket, metric, province_code, scale, actor_type, entity_type, channel, n from metric_counter_daily
          where ? and bucket >= ? and bucket < ?${dimCond}
       ), b as (
         select (date_trunc('${unit}', bucket at time zone '${TZ}') at time zone '${TZ}') as start, * from src
       )
       select start, ${BREAKDOWNS.map((c) => (breakdowns.includes(c) ? c : `null::text as ${c}`)).join(', ')},
              metric, sum(n) as n,
              grouping(start) as g_start
         from b
        group by grouping sets ((start, metric)${breakdowns.map((c) => `, (${c}, metric)`).join('')})`,
      [from, daily ? fullStart : to, daily ? fullEnd : to, to, ...dimParams, daily, fullStart, fullEnd, ...dimParams],
    );
    const byStart = new Map<number, MetricsBucketRow>();
    const totals = zero();
    const by = Object.fromEntries(BREAKDOWNS.map((c) => [c, new Map<string, BreakdownRow>()])) as Record<
      Breakdown,
      Map<string, BreakdownRow>
    >;
    for (const r of rows) {
      const n = Number(r.n);
      if (r.g_start === 0) {
        const t = new Date(r.start!).getTime();
        const b = byStart.get(t) ?? { start: new Date(t), counts: zero() };
        b.counts[r.metric] += n;
        totals[r.metric] += n;
        byStart.set(t, b);
        continue;
      }
      // In a breakdown's grouping set, only its own column is not null.
      const col = BREAKDOWNS.find((c) => r[c] !== null)!;
      const row = by[col].get(r[col]!) ?? { key: r[col]!, counts: zero() };
      row.counts[r.metric] += n;
      by[col].set(r[col]!, row);
    }
    if (unitScope) {
      await this.unitComplaints(em, unitScope, from, to, unit, dims.length === 0, breakdowns, { byStart, totals, by });
    }
    const sorted = (m: Map<string, BreakdownRow>) => [...m.values()].sort((a, b) => a.key.localeCompare(b.key));
    return {
      from,
      to,
      interval,
      buckets: [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime()),
      totals,
      codesByChannel: sorted(by.channel),
      byProvince: sorted(by.province_code),
      byScale: sorted(by.scale),
      byActorType: sorted(by.actor_type),
      byEntityType: sorted(by.entity_type),
    };
  }

  /**
   * A regional officer's complaint figures are their unit's: the counters hold
   * every unit together, so the unit's complaints are counted from the
   * complaint table instead (opened by `created_at`, resolved by the last
   * `resolved_at`). Complaints carry none of the counters' dimensions: under a
   * dimension filter they count 0, as they do nationally, and in a breakdown
   * they sit under the unknown key ''.
   */
  private async unitComplaints(
    em: EntityManager,
    unitId: string,
    from: Date,
    to: Date,
    unit: string,
    unfiltered: boolean,
    breakdowns: readonly Breakdown[],
    into: {
      byStart: Map<number, MetricsBucketRow>;
      totals: Record<Metric, number>;
      by: Record<Breakdown, Map<string, BreakdownRow>>;
    },
  ): Promise<void> {
    const rows = [
      ...into.byStart.values(),
      { counts: into.totals },
      ...BREAKDOWNS.flatMap((c) => [...into.by[c].values()]),
    ];
    for (const r of rows) for (const m of COMPLAINT_METRICS) r.counts[m] = 0;
    if (!unfiltered) return;
    const counted = await em.execute<{ start: string; metric: Metric; n: string }[]>(
      `select date_trunc('${unit}', at at time zone '${TZ}') at time zone '${TZ}' as start, metric, count(*) as n
         from (select created_at as at, 'complaint_opened' as metric from complaint
                where unit_id = ? and created_at >= ? and created_at < ?
               union all
               select resolved_at, 'complaint_resolved' from complaint
                where unit_id = ? and resolved_at >= ? and resolved_at < ?) c
        group by 1, 2`,
      [unitId, from, to, unitId, from, to],
    );
    for (const r of counted) {
      const n = Number(r.n);
      const t = new Date(r.start).getTime();
      const b = into.byStart.get(t) ?? { start: new Date(t), counts: zero() };
      b.counts[r.metric] += n;
      into.byStart.set(t, b);
      into.totals[r.metric] += n;
      for (const c of breakdowns) {
        const row = into.by[c].get('') ?? { key: '', counts: zero() };
        row.counts[r.metric] += n;
        into.by[c].set('', row);
      }
    }
  }
}

const COMPLAINT_METRICS: Metric[] = ['complaint_opened', 'complaint_resolved'];
