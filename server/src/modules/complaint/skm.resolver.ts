import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RegionIndex } from '../../domain/wilayah';
import type { RequestContext } from '../../shared/request-context';
import { unitView } from '../service-unit/service-unit.resolver';
import { SkmService } from './skm.service';
import { DownloadFile, PaperSurveyInput, PaperSurveyRecord, SkmReport, SkmReportFormat } from './skm.types';

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

  @Authorized('SUPERVISOR')
  @Query(() => DownloadFile, {
    description:
      'The SKM report of skmReport as a file [SUPERVISOR+]: PDF (one section per page) or XLSX (one sheet per ' +
      'section), with the unit, the period in WIB days, the figures per element, the profile, the previous ' +
      'period and the sample check. Same arguments, scoping and errors as skmReport.',
  })
  async skmReportFile(
    @Ctx() ctx: RequestContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId: string | null | undefined,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Arg('format', () => SkmReportFormat) format: keyof typeof SkmReportFormat,
  ): Promise<DownloadFile> {
    const file = await this.skm.reportFile(ctx, unitId ?? null, from, to, format);
    return { filename: file.filename, contentType: file.contentType, contentBase64: file.content.toString('base64') };
  }

  @Authorized('HELPDESK')
  @Mutation(() => PaperSurveyRecord, {
    description:
      'Records an SKM questionnaire answered on paper or at the counter [HELPDESK+], counted in skmReport and on ' +
      "/ikm like an online answer. unitId null: the officer's own unit; a regional officer recording for another " +
      'unit is FORBIDDEN. Scores 1-4 and a day of service not in the future, else VALIDATION_FAILED. Audited.',
  })
  async recordPaperSurvey(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => PaperSurveyInput) input: PaperSurveyInput,
  ): Promise<PaperSurveyRecord> {
    const s = await this.skm.recordPaper(ctx, input);
    return { id: s.id, unitId: s.unitId, servedAt: s.servedAt, ikm: s.satisfaction.ikm, createdAt: s.createdAt };
  }
}
