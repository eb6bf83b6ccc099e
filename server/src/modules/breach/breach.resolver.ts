import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { ConnectionShape, toConnection } from '../../graphql/connection';
import { loader } from '../../graphql/loaders';
import type { RequestContext } from '../../shared/request-context';
import type { BreachIncident } from './breach.entity';
import { breachReportPdf } from './breach-report-pdf';
import { breachReportHtml, BreachCounts, BreachService } from './breach.service';
import {
  BreachAffectedCountsType,
  BreachAffectedQuery,
  BreachDataCategory,
  BreachIncidentConnection,
  BreachIncidentInput,
  BreachIncidentType,
  JSONObjectResolver,
} from './breach.types';

@Resolver(() => BreachIncidentType)
export class BreachResolver {
  constructor(private readonly service: BreachService) {}

  private view(b: BreachIncident): BreachIncidentType {
    return {
      id: b.id,
      number: b.number,
      foundAt: b.foundAt,
      createdAt: b.createdAt,
      dataCategories: b.dataCategories as BreachDataCategory[],
      description: b.description,
      measures: b.measures,
      dueAt: b.dueAt,
      secondsLeft: this.service.secondsLeft(b),
      overdue: this.service.overdue(b),
      notifiedAt: b.notifiedAt,
      reportedAt: b.reportedAt,
      reportNote: b.reportNote,
    };
  }

  @Authorized('SUPERVISOR')
  @Query(() => BreachIncidentConnection, { description: 'The breach register, newest first [SUPERVISOR+].' })
  async breachIncidents(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ConnectionShape<BreachIncidentType>> {
    const page = await this.service.list(ctx.em, first, after);
    return toConnection({ ...page, nodes: page.rows.map((b) => this.view(b)) });
  }

  @Authorized('SUPERVISOR')
  @Query(() => BreachIncidentType, { description: 'One incident [SUPERVISOR+].' })
  async breachIncident(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<BreachIncidentType> {
    return this.view(await this.service.get(ctx.em, id));
  }

  @Authorized('SUPERVISOR')
  @Mutation(() => BreachIncidentType, {
    description: 'Records a personal-data breach [SUPERVISOR+]; the 72-hour clock runs from foundAt.',
  })
  async recordBreachIncident(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => BreachIncidentInput) input: BreachIncidentInput,
  ): Promise<BreachIncidentType> {
    return this.view(await this.service.record(ctx, input));
  }

  @Authorized('SUPERVISOR')
  @Mutation(() => BreachIncidentType, {
    description: 'Adds the accounts the query finds to the incident [SUPERVISOR+] (anonymised accounts excepted).',
  })
  async selectBreachAffectedAccounts(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('query', () => BreachAffectedQuery) query: BreachAffectedQuery,
  ): Promise<BreachIncidentType> {
    return this.view((await this.service.selectAffected(ctx, id, query)).incident);
  }

  @Authorized('SUPERVISOR')
  @Mutation(() => BreachIncidentType, {
    description:
      'Sends the notice (outbox, template breach_notice) to every affected applicant not told yet, at their ' +
      'verified contact [SUPERVISOR+]: once per account however often it runs.',
  })
  async notifyBreachAffected(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<BreachIncidentType> {
    return this.view((await this.service.notify(ctx, id)).incident);
  }

  @Authorized('SUPERVISOR')
  @Mutation(() => BreachIncidentType, {
    description: 'Records that the report went to the supervisory body, and how (5-1000 characters) [SUPERVISOR+].',
  })
  async markBreachReported(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String) note: string,
  ): Promise<BreachIncidentType> {
    return this.view(await this.service.markReported(ctx, id, note));
  }

  @FieldResolver(() => BreachAffectedCountsType, { description: 'Affected accounts and notices.' })
  async affected(@Root() b: BreachIncidentType, @Ctx() ctx: Context): Promise<BreachCounts> {
    const counts = await loader(ctx, 'breachCounts', async (ids: readonly string[]) => {
      const m = await this.service.counts(ctx.em, ids);
      return ids.map((id) => m.get(id) ?? { affected: 0, notified: 0, unreachable: 0 });
    }).load(b.id);
    return counts;
  }

  @FieldResolver(() => JSONObjectResolver, {
    description: 'The report for the supervisory body as JSON (no personal data: counts by province).',
  })
  async report(@Root() b: BreachIncidentType, @Ctx() ctx: Context): Promise<object> {
    return this.service.report(ctx.em, b.id);
  }

  @FieldResolver(() => String, { description: 'The same report as a page in Bahasa Indonesia (print or save as PDF).' })
  async reportHtml(@Root() b: BreachIncidentType, @Ctx() ctx: Context): Promise<string> {
    return breachReportHtml(await this.service.report(ctx.em, b.id));
  }

  @FieldResolver(() => String, {
    description:
      'The same report as a PDF document in Bahasa Indonesia, base64 (application/pdf), to send to the supervisory body.',
  })
  async reportPdf(@Root() b: BreachIncidentType, @Ctx() ctx: Context): Promise<string> {
    return (await breachReportPdf(await this.service.report(ctx.em, b.id))).toString('base64');
  }
}
