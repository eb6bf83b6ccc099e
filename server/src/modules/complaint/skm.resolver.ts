import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../shared/request-context';
import { SkmService } from './skm.service';
import { SkmReport } from './skm.types';

@Resolver()
export class SkmResolver {
  constructor(private readonly skm: SkmService) {}

  @Authorized('SUPERVISOR')
  @Query(() => SkmReport, {
    description:
      'The SKM report over surveys answered in [from, to) [SUPERVISOR+]: NRR and weighted NRR per element, IKM, ' +
      'mutu, the lowest elements, respondent profile, the previous period of the same length, and whether the ' +
      'respondents reach the Krejcie-Morgan sample of the complaints resolved. At most two years.',
  })
  skmReport(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
  ): Promise<SkmReport> {
    return this.skm.report(ctx.em, from, to);
  }
}
