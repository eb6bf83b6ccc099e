import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Info, Query, Resolver, Subscription } from 'type-graphql';
import { Topics } from '../../db/event-bus';
import type { EventBus } from '../../db/event-bus';
import { type RequestContext, unitScopeOf } from '../../shared/request-context';
import { selectedFields } from '../../graphql/selection';
import { BREAKDOWNS, Breakdown, jakartaDay, Metric, MetricsResult, MetricsService } from './metrics.service';
import { MetricCounts, MetricsFilter, MetricsInterval, RegistrationMetrics } from './metrics.types';

const PUSH_EVERY_MS = 2000;

function counts(c: Record<Metric, number>): MetricCounts {
  return {
    flowsStarted: c.flow_started,
    codesSent: c.code_sent,
    codesDelivered: c.code_delivered,
    codesFailed: c.code_failed,
    verified: c.verified,
    completed: c.completed,
    activated: c.completed,
    warned: c.warned,
    cancelled: c.cancelled,
    extended: c.extended,
    licensingStarted: c.licensing_started,
    complaintsOpened: c.complaint_opened,
    complaintsResolved: c.complaint_resolved,
  };
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : 0);

function view(r: MetricsResult): RegistrationMetrics {
  const t = r.totals;
  return {
    from: r.from,
    to: r.to,
    interval: r.interval as MetricsInterval,
    buckets: r.buckets.map((b) => ({ start: b.start, counts: counts(b.counts) })),
    totals: counts(t),
    conversion: {
      verifiedPerStarted: ratio(t.verified, t.flow_started),
      completedPerVerified: ratio(t.completed, t.verified),
      completedPerStarted: ratio(t.completed, t.flow_started),
    },
    byChannel: r.codesByChannel.filter((b) => b.key).map((b) => ({ key: b.key, counts: counts(b.counts) })),
    byProvince: r.byProvince.map((b) => ({ key: b.key, counts: counts(b.counts) })),
    byScale: r.byScale.map((b) => ({ key: b.key, counts: counts(b.counts) })),
    byActorType: r.byActorType.map((b) => ({ key: b.key, counts: counts(b.counts) })),
    byEntityType: r.byEntityType.map((b) => ({ key: b.key, counts: counts(b.counts) })),
  };
}

/** Today in Asia/Jakarta: [midnight, next midnight). */
export function jakartaToday(now = new Date()): { from: Date; to: Date } {
  const from = jakartaDay(now, 0);
  return { from, to: new Date(from.getTime() + 86400_000) };
}

/** The breakdown each field of RegistrationMetrics reads. */
const BREAKDOWN_OF: Record<string, Breakdown> = {
  byChannel: 'channel',
  byProvince: 'province_code',
  byScale: 'scale',
  byActorType: 'actor_type',
  byEntityType: 'entity_type',
};

/**
 * Yields once at once (the current figures), then after each change but at
 * most once per `ms`; returning ends the underlying subscription.
 */
function throttled(source: AsyncIterable<unknown>, ms: number): AsyncIterableIterator<true> {
  const it = source[Symbol.asyncIterator]();
  let first = true;
  let last = 0;
  return {
    async next() {
      if (!first) {
        const r = await it.next();
        if (r.done) return { value: undefined, done: true };
        const wait = last + ms - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      first = false;
      last = Date.now();
      return { value: true, done: false };
    },
    async return() {
      await it.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

let changes: (() => AsyncIterable<unknown>) | undefined;

@Resolver()
export class MetricsResolver {
  constructor(
    private readonly metrics: MetricsService,
    events: EventBus,
  ) {
    changes = () => events.pubSub.subscribe(Topics.METRICS_CHANGED);
  }

  @Authorized('SUPERVISOR', 'scope:metrics:read')
  @Query(() => RegistrationMetrics, {
    description: 'Registration figures per bucket and for the period [SUPERVISOR+, API key metrics:read].',
  })
  async registrationMetrics(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Arg('interval', () => MetricsInterval) interval: MetricsInterval,
    @Arg('filter', () => MetricsFilter, { nullable: true }) filter: MetricsFilter | undefined,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RegistrationMetrics> {
    // Each breakdown costs an aggregation over the period: only those selected are computed.
    const wanted = [...selectedFields(info)].map((f) => BREAKDOWN_OF[f]).filter(Boolean);
    return view(await this.metrics.requested(ctx, from, to, interval, filter ?? {}, wanted));
  }

  @Authorized('SUPERVISOR')
  @Subscription(() => RegistrationMetrics, {
    subscribe: () => throttled(changes!(), PUSH_EVERY_MS),
    description:
      "Today's figures (Asia/Jakarta, hourly buckets) at once and whenever they change, at most every 2 s [SUPERVISOR+].",
  })
  async registrationMetricsUpdated(@Ctx() ctx: RequestContext): Promise<RegistrationMetrics> {
    const { from, to } = jakartaToday();
    // Always the primary: the change that woke the subscription may not have reached a replica yet.
    return view(await this.metrics.report(ctx.em.fork(), from, to, 'HOUR', {}, BREAKDOWNS, unitScopeOf(ctx)));
  }
}
