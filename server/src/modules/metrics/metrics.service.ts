import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventBus } from '../../db/event-bus';
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

/**
 * Registration figures from hourly counters (`metric_counter`), bumped in the
 * transaction of the event they count, so a dashboard never scans accounts or
 * flows. Each bump also queues a METRICS_CHANGED notification (delivered on commit).
 */
export class MetricsService {
  constructor(private readonly events: EventBus) {}

  async bump(em: EntityManager, metric: Metric, dims: Dimensions = {}, at: Date = new Date()): Promise<void> {
    await em.execute(
      `insert into metric_counter as c (bucket, metric, province_code, scale, actor_type, entity_type, channel, n)
       values (date_trunc('hour', ?::timestamptz), ?, ?, ?, ?, ?, ?, 1)
       on conflict (bucket, metric, province_code, scale, actor_type, entity_type, channel)
       do update set n = c.n + 1`,
      [
        at,
        metric,
        dims.provinceCode ?? '',
        dims.scale ?? '',
        dims.actorType ?? '',
        dims.entityType ?? '',
        dims.channel ?? '',
      ],
    );
    await this.events.publishInTransaction(em, Topics.METRICS_CHANGED, { metric });
  }

  async report(
    em: EntityManager,
    from: Date,
    to: Date,
    interval: Interval,
    filter: MetricsFilter = {},
  ): Promise<MetricsResult> {
    const f: FieldErrors = {};
    if (!(from < to)) f.to = 'Waktu akhir harus sesudah waktu awal.';
    else if ((to.getTime() - from.getTime()) / 3600_000 / HOURS[interval] > MAX_BUCKETS) {
      f.interval = `Terlalu banyak titik (lebih dari ${MAX_BUCKETS}); pilih interval yang lebih besar.`;
    }
    if (filter.provinceCode != null && !/^\d{2}$/.test(filter.provinceCode)) f.provinceCode = 'Kode provinsi 2 digit.';
    assertNoFieldErrors(f);
    const where = ['bucket >= ?', 'bucket < ?'];
    const params: unknown[] = [from, to];
    for (const [col, v] of [
      ['province_code', filter.provinceCode],
      ['scale', filter.scale],
      ['actor_type', filter.actorType],
      ['channel', filter.channel],
    ] as const) {
      if (v) {
        where.push(`${col} = ?`);
        params.push(v);
      }
    }
    const cond = where.join(' and ');
    const unit = interval.toLowerCase();
    const series = await em.execute<{ start: Date; metric: Metric; n: string }[]>(
      `select (date_trunc('${unit}', bucket at time zone '${TZ}') at time zone '${TZ}') as start, metric, sum(n) as n
         from metric_counter where ${cond} group by 1, 2 order by 1`,
      params,
    );
    const byStart = new Map<number, MetricsBucketRow>();
    const totals = zero();
    for (const r of series) {
      const t = new Date(r.start).getTime();
      const b = byStart.get(t) ?? { start: new Date(t), counts: zero() };
      b.counts[r.metric] += Number(r.n);
      totals[r.metric] += Number(r.n);
      byStart.set(t, b);
    }
    const breakdown = async (col: string): Promise<BreakdownRow[]> => {
      const rows = await em.execute<{ key: string; metric: Metric; n: string }[]>(
        `select ${col} as key, metric, sum(n) as n from metric_counter where ${cond} group by 1, 2 order by 1`,
        params,
      );
      const by = new Map<string, BreakdownRow>();
      for (const r of rows) {
        const row = by.get(r.key) ?? { key: r.key, counts: zero() };
        row.counts[r.metric] += Number(r.n);
        by.set(r.key, row);
      }
      return [...by.values()];
    };
    return {
      from,
      to,
      interval,
      buckets: [...byStart.values()],
      totals,
      codesByChannel: await breakdown('channel'),
      byProvince: await breakdown('province_code'),
      byScale: await breakdown('scale'),
      byActorType: await breakdown('actor_type'),
      byEntityType: await breakdown('entity_type'),
    };
  }
}
