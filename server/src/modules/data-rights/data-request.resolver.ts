import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { ConnectionShape, toConnection } from '../../graphql/connection';
import { loader } from '../../graphql/loaders';
import { maskPiiInText } from '../../domain/mask';
import { MASKED, OWNER } from '../../shared/pii-policy';
import type { RequestContext } from '../../shared/request-context';
import { AccountQueries } from '../account/account-query.service';
import { toAccountView } from '../account/account.presenter';
import { AccountType } from '../account/account.types';
import { StaffService } from '../staff/staff.service';
import { staffView, StaffUserType } from '../staff/staff.resolver';
import { staffById } from '../../graphql/staff-names';
import type { DataSubjectRequest } from './data-request.entity';
import { DataRequestService } from './data-request.service';
import type { DataExportService } from './data-export.service';
import {
  DataExportStateType,
  DataExportStatus,
  DataSubjectRequestConnection,
  DataSubjectRequestFilter,
  DataSubjectRequestKind,
  DataSubjectRequestOutcome,
  DataSubjectRequestStatus,
  DataSubjectRequestType,
  DataSubjectRequestVia,
} from './data-request.types';

const isOwner = (ctx: RequestContext, accountId: string) =>
  ctx.actor.kind === 'ACCOUNT' && ctx.actor.accountId === accountId;

@Resolver(() => DataSubjectRequestType)
export class DataRequestResolver {
  constructor(
    private readonly service: DataRequestService,
    private readonly accounts: AccountQueries,
    private readonly staff: StaffService,
    private readonly exports: DataExportService,
  ) {}

  /** The owner reads their own words in clear; staff with NIK, email and phone in them masked. */
  private view(ctx: RequestContext, r: DataSubjectRequest): DataSubjectRequestType {
    const owner = isOwner(ctx, r.accountId);
    return {
      id: r.id,
      number: r.number,
      kind: r.kind as DataSubjectRequestKind,
      status: r.status as DataSubjectRequestStatus,
      details: r.details && (owner ? r.details : maskPiiInText(r.details)),
      via: r.via as DataSubjectRequestVia,
      // How the caller was identified often quotes the KTP (NIK, birth date): masked like the details.
      identityCheck: owner || !r.identityCheck ? null : maskPiiInText(r.identityCheck),
      filedById: owner ? null : r.filedBy,
      assigneeId: owner ? null : r.assigneeId,
      accountId: r.accountId,
      createdAt: r.createdAt,
      dueAt: r.dueAt,
      secondsLeft: this.service.secondsLeft(r),
      overdue: this.service.isOverdue(r),
      decidedAt: r.decidedAt,
      reason: r.reason,
    };
  }

  @Authorized('SUPERVISOR')
  @Query(() => DataSubjectRequestConnection, {
    description: 'The data-subject request queue, soonest deadline first [SUPERVISOR+]; first is 1-100.',
  })
  async dataSubjectRequests(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => DataSubjectRequestFilter, { nullable: true }) filter?: DataSubjectRequestFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ConnectionShape<DataSubjectRequestType>> {
    const page = await this.service.list(ctx.em, filter ?? {}, first, after);
    return toConnection({ ...page, nodes: page.rows.map((r) => this.view(ctx, r)) });
  }

  @Authorized('ACCOUNT', 'SUPERVISOR')
  @Query(() => DataSubjectRequestType, {
    description:
      "One request [SUPERVISOR+, or the applicant whose account it concerns]; another applicant's is FORBIDDEN.",
  })
  async dataSubjectRequest(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
  ): Promise<DataSubjectRequestType> {
    return this.view(ctx, await this.service.read(ctx, id));
  }

  @Authorized('ACCOUNT')
  @Query(() => [DataSubjectRequestType], { description: "The applicant's own requests, newest first [applicant]." })
  async myDataSubjectRequests(@Ctx() ctx: RequestContext): Promise<DataSubjectRequestType[]> {
    return (await this.service.mine(ctx)).map((r) => this.view(ctx, r));
  }

  @Authorized('ACCOUNT')
  @Mutation(() => DataSubjectRequestType, {
    description: 'The applicant exercises a right over their own account [applicant]; due in 72 hours by default.',
  })
  async fileDataSubjectRequest(
    @Ctx() ctx: RequestContext,
    @Arg('kind', () => DataSubjectRequestKind) kind: DataSubjectRequestKind,
    @Arg('details', () => String, { nullable: true, description: 'What they ask, up to 2000 characters.' })
    details?: string,
  ): Promise<DataSubjectRequestType> {
    return this.view(ctx, await this.service.fileOwn(ctx, kind, details));
  }

  @Authorized('HELPDESK')
  @Mutation(() => DataSubjectRequestType, {
    description:
      'Staff file a request for a caller whose identity they checked (phone, counter, letter) [HELPDESK+]; ' +
      'identityCheck records how (5-1000 characters).',
  })
  async fileDataSubjectRequestForAccount(
    @Ctx() ctx: RequestContext,
    @Arg('accountId', () => ID) accountId: string,
    @Arg('kind', () => DataSubjectRequestKind) kind: DataSubjectRequestKind,
    @Arg('identityCheck', () => String) identityCheck: string,
    @Arg('details', () => String, { nullable: true }) details?: string,
  ): Promise<DataSubjectRequestType> {
    return this.view(ctx, await this.service.fileForAccount(ctx, accountId, kind, details, identityCheck));
  }

  @Authorized('SUPERVISOR')
  @Mutation(() => DataSubjectRequestType, { description: 'Takes an undecided request to answer it [SUPERVISOR+].' })
  async assignDataSubjectRequestToMe(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
  ): Promise<DataSubjectRequestType> {
    return this.view(ctx, await this.service.assignToMe(ctx, id));
  }

  @Authorized('SUPERVISOR')
  @Mutation(() => DataSubjectRequestType, {
    description:
      'Fulfils or refuses a request with a reason (5-1000 characters) [SUPERVISOR+]; the applicant is told ' +
      'through the outbox at their verified contact. Fulfilling ACCESS sends a one-time export link, DELETION ' +
      'anonymises the account, RESTRICTION, OBJECTION and CONSENT_WITHDRAWAL restrict processing (the last ' +
      'also records the withdrawal on the consent), CORRECTION records the corrections staff applied since it ' +
      'was filed (CONFLICT with reason NO_CORRECTION_APPLIED when there are none).',
  })
  async decideDataSubjectRequest(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('outcome', () => DataSubjectRequestOutcome) outcome: DataSubjectRequestOutcome,
    @Arg('reason', () => String) reason: string,
  ): Promise<DataSubjectRequestType> {
    return this.view(ctx, await this.service.decide(ctx, id, outcome, reason));
  }

  @Authorized('SUPERVISOR')
  @Mutation(() => DataSubjectRequestType, {
    description: 'decideDataSubjectRequest with FULFILLED; note is what was done (a standard sentence when absent).',
  })
  async fulfilDataSubjectRequest(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { nullable: true }) note?: string,
  ): Promise<DataSubjectRequestType> {
    const reason = note?.trim() || 'Permintaan Anda telah kami penuhi.';
    return this.view(ctx, await this.service.decide(ctx, id, 'FULFILLED', reason));
  }

  @FieldResolver(() => AccountType, {
    description: 'The account concerned: in clear for its owner, masked for staff.',
  })
  async account(@Root() r: DataSubjectRequestType, @Ctx() ctx: Context): Promise<AccountType> {
    const a = await loader(ctx, 'dataRequestAccounts', (ids: readonly string[]) =>
      this.accounts.byIds(ctx.em, ids),
    ).load(r.accountId);
    return toAccountView(a!, isOwner(ctx, r.accountId) ? OWNER : MASKED);
  }

  @FieldResolver(() => DataExportStateType, {
    nullable: true,
    description: 'A fulfilled ACCESS request: where its one-time export link stands (null otherwise).',
  })
  async export(@Root() r: DataSubjectRequestType, @Ctx() ctx: Context): Promise<DataExportStateType | null> {
    if (r.kind !== DataSubjectRequestKind.ACCESS || r.status !== DataSubjectRequestStatus.FULFILLED) return null;
    const x = await loader(ctx, 'dataExports', async (ids: readonly string[]) => {
      const m = await this.exports.stateFor(ctx.em, ids);
      return ids.map((id) => m.get(id) ?? null);
    }).load(r.id);
    if (!x) return null;
    const status = x.usedAt
      ? DataExportStatus.DOWNLOADED
      : x.expiresAt <= this.service.now()
        ? DataExportStatus.EXPIRED
        : DataExportStatus.WAITING;
    return { status, sentAt: x.createdAt, expiresAt: x.expiresAt, downloadedAt: x.usedAt };
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'When a fulfilled DELETION request anonymised the account (null while it holds personal data).',
  })
  async anonymisedAt(@Root() r: DataSubjectRequestType, @Ctx() ctx: Context): Promise<Date | null> {
    const a = await loader(ctx, 'dataRequestAccounts', (ids: readonly string[]) =>
      this.accounts.byIds(ctx.em, ids),
    ).load(r.accountId);
    return a?.anonymisedAt ?? null;
  }

  @FieldResolver(() => StaffUserType, { nullable: true, description: 'The staff user answering it.' })
  async assignee(@Root() r: DataSubjectRequestType, @Ctx() ctx: Context): Promise<StaffUserType | null> {
    if (!r.assigneeId) return null;
    const s = await staffById(ctx, this.staff).load(r.assigneeId);
    return s ? staffView(s) : null;
  }
}
