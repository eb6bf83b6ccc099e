import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RegionIndex } from '../../domain/wilayah';
import type { RequestContext } from '../../shared/request-context';
import { unitView } from '../service-unit/service-unit.resolver';
import { SkmService } from './skm.service';
import { SkmReport } from './skm.types';

@Resolver()
export class SkmResolver {
  constructor(
    private readonly skm: SkmService,
    private readonly regions: RegionIndex,
  ) {}

  @Authorized('SUPERVISOR')
  @Query(() => SkmReport, {
    description:
      'The SKM report over surveys answered in [from, to) [SUPERVISOR+]: NRR and weighted NRR per element, IKM, ' +
      'mutu, the lowest elements, respondent profile, the previous period of the same length, and whether the ' +
      'respondents reach the Krejcie-Morgan sample of the complaints resolved. At most two years. unitId null: ' +
      "the caller's unit (the national unit: every unit together); a regional supervisor asking for another unit " +
      'is FORBIDDEN.',
  })
  async skmReport(
    @Ctx() ctx: RequestContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId: string | null | undefined,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
  ): Promise<SkmReport> {
    const r = await this.skm.report(ctx, unitId ?? null, from, to);
    return { ...r, unit: r.unit ? unitView(this.regions)(r.unit) : null };
  }
}
