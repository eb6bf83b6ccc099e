import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { RegionIndex } from '../../domain/wilayah';
import type { RequestContext } from '../../shared/request-context';
import { unitView } from '../service-unit/service-unit.resolver';
import { UnitDashboardService } from './unit-dashboard.service';
import { SkmTrendInterval, UnitComplaintClock, UnitSkmTrend } from './unit-dashboard.types';

@Resolver()
export class UnitDashboardResolver {
  constructor(
    private readonly dashboard: UnitDashboardService,
    private readonly regions: RegionIndex,
  ) {}

  @Authorized('SUPERVISOR')
  @Query(() => [UnitSkmTrend], {
    description:
      'IKM and NRR per element over surveys answered in [from, to), per month or semester, per service unit ' +
      "[SUPERVISOR+]: a regional supervisor's own unit only, the national unit every unit (each its own answers). " +
      'At most two years.',
  })
  async skmTrend(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Arg('interval', () => SkmTrendInterval) interval: keyof typeof SkmTrendInterval,
  ): Promise<UnitSkmTrend[]> {
    const view = unitView(this.regions);
    return (await this.dashboard.skmTrend(ctx, from, to, interval)).map((t) => ({ ...t, unit: view(t.unit) }));
  }

  @Authorized('SUPERVISOR')
  @Query(() => [UnitComplaintClock], {
    description:
      'The complaint clock per service unit over complaints logged in [from, to) [SUPERVISOR+]: resolved on time ' +
      "or late, open within due or overdue, in all and by category. A regional supervisor's own unit only. At " +
      'most two years.',
  })
  async complaintClock(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
  ): Promise<UnitComplaintClock[]> {
    const view = unitView(this.regions);
    return (await this.dashboard.complaintClock(ctx, from, to)).map((c) => ({ ...c, unit: view(c.unit) }));
  }
}
