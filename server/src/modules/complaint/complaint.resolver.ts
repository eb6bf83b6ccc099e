import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { type ComplaintUpdatePayload, Topics } from '../../db/event-bus';
import type { Context } from '../../graphql/context';
import { ConnectionShape, toConnection } from '../../graphql/connection';
import { loader } from '../../graphql/loaders';
import { maskContact } from '../../domain/mask';
import type { RequestContext } from '../../shared/request-context';
import { AccountQueries } from '../account/account-query.service';
import { toAccountView } from '../account/account.presenter';
import { MASKED } from '../../shared/pii-policy';
import { AccountType } from '../account/account.types';
import { RegistrationMetrics } from '../metrics/metrics.types';
import { StaffService } from '../staff/staff.service';
import { staffView, StaffUserType } from '../staff/staff.resolver';
import { staffById, staffUsername } from '../../graphql/staff-names';
import type { Complaint, ComplaintMessage } from './complaint.entity';
import { ComplaintService, WHATSAPP_WINDOW_MS } from './complaint.service';
import { SurveyRespondentInput } from './skm.types';
import { MEDIA_PATH } from './media-route';
import {
  ComplaintCategory,
  ComplaintChannel,
  ComplaintConnection,
  ComplaintFilter,
  ComplaintFiguresType,
  ComplaintHistoryEntry,
  ComplaintInput,
  ComplaintMessageDirection,
  ComplaintMessageType,
  ComplaintStatusEnum,
  ComplaintType,
  ComplaintUpdateEvent,
} from './complaint.types';

/** A complaint as staff see it; the reporter's contact is masked unless this read was revealed and audited. */
function view(c: Complaint, overdue: boolean, clearContact = false): ComplaintType {
  return {
    id: c.id,
    number: c.number,
    status: c.status as ComplaintStatusEnum,
    channel: c.channel as ComplaintChannel,
    laporTrackingId: c.laporTrackingId ?? null,
    category: c.category as ComplaintCategory,
    description: c.description,
    reporterName: c.reporterName,
    reporterContact: c.reporterContact && (clearContact ? c.reporterContact : maskContact(c.reporterContact)),
    accountId: c.accountId,
    assigneeId: c.assigneeId,
    dueAt: c.dueAt,
    overdue,
    resolution: c.resolution,
    satisfaction: c.satisfaction ? { ...c.satisfaction, submittedAt: new Date(c.satisfaction.submittedAt) } : null,
    createdAt: c.createdAt,
    resolvedAt: c.resolvedAt,
    unitId: c.unitId,
    mergedIntoId: c.mergedIntoId ?? null,
  };
}

function messageView(m: ComplaintMessage): ComplaintMessageType {
  return {
    id: m.id,
    direction: m.direction as ComplaintMessageDirection,
    channel: m.channel as ComplaintChannel,
    body: m.body,
    mediaType: m.mediaType,
    mediaUrl: m.mediaId && m.channel === 'WHATSAPP' ? `${MEDIA_PATH}/${m.id}` : null,
    at: m.at,
    actorId: m.actorId,
  };
}

@Resolver(() => ComplaintType)
export class ComplaintResolver {
  constructor(
    private readonly service: ComplaintService,
    private readonly accounts: AccountQueries,
    private readonly staff: StaffService,
  ) {}

  private view = (c: Complaint) => view(c, this.service.isOverdue(c));

  @Authorized('HELPDESK')
  @Query(() => ComplaintConnection, { description: 'Complaints, newest first [HELPDESK+]; first is 1-100.' })
  async complaints(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ComplaintFilter, { nullable: true }) filter?: ComplaintFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ConnectionShape<ComplaintType>> {
    const page = await this.service.list(ctx, filter ?? {}, first, after);
    return toConnection({ ...page, nodes: page.rows.map(this.view) });
  }

  @Authorized('HELPDESK')
  @Query(() => ComplaintType, {
    nullable: true,
    description:
      "One complaint with its history [HELPDESK+]. reveal: true shows the reporter's contact in clear and writes a " +
      'PII_VIEW audit row; otherwise it is masked, as in every list.',
  })
  async complaint(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('reveal', () => Boolean, { defaultValue: false }) reveal: boolean = false,
  ): Promise<ComplaintType> {
    const { complaint, clear } = await this.service.read(ctx, id, reveal);
    return view(complaint, this.service.isOverdue(complaint), clear);
  }

  @Authorized('HELPDESK')
  @Mutation(() => ComplaintType, { description: 'Logs a complaint; its due time follows the category [HELPDESK+].' })
  async createComplaint(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ComplaintInput) input: ComplaintInput,
  ): Promise<ComplaintType> {
    return this.view(await this.service.create(ctx, input));
  }

  @Authorized('HELPDESK')
  @Mutation(() => ComplaintType, { description: 'Assigns (or reassigns) a complaint to a staff user [HELPDESK+].' })
  async assignComplaint(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('staffId', () => ID) staffId: string,
  ): Promise<ComplaintType> {
    return this.view(await this.service.assign(ctx, id, staffId));
  }

  @Authorized('HELPDESK')
  @Mutation(() => ComplaintType, {
    description:
      "Assigns a complaint round-robin among the staff on duty: the active HELPDESK officers of the complaint's " +
      'unit; the one with the fewest open complaints assigned, a tie to the one assigned least recently, then by ' +
      'username. CONFLICT with reason NO_STAFF_ON_DUTY when the unit has none [HELPDESK+].',
  })
  async assignComplaintRoundRobin(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ComplaintType> {
    return this.view(await this.service.assignRoundRobin(ctx, id));
  }

  @Authorized('HELPDESK')
  @Mutation(() => ComplaintType, {
    description:
      'The signed-in officer follows the complaint: its live updates are marked followed for them, and it is in ' +
      'complaints(filter: {followed: true}). Following again changes nothing [HELPDESK+].',
  })
  async followComplaint(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ComplaintType> {
    return this.view(await this.service.follow(ctx, id));
  }

  @Authorized('HELPDESK')
  @Mutation(() => ComplaintType, { description: 'The signed-in officer stops following the complaint [HELPDESK+].' })
  async unfollowComplaint(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ComplaintType> {
    return this.view(await this.service.unfollow(ctx, id));
  }

  @Authorized('HELPDESK')
  @Mutation(() => ComplaintType, {
    description:
      'Merges two complaints of the same reporter (the same linked account or the same reporter contact): the ' +
      "source's messages, history and followers move to the target, the source is CLOSED with mergedInto pointing " +
      'at the target. Returns the target. CONFLICT (reason DIFFERENT_REPORTER, CLOSED or DIFFERENT_UNIT) otherwise; ' +
      'a reason of 5-1000 characters [HELPDESK+].',
  })
  async mergeComplaints(
    @Ctx() ctx: RequestContext,
    @Arg('sourceId', () => ID) sourceId: string,
    @Arg('targetId', () => ID) targetId: string,
    @Arg('reason', () => String) reason: string,
  ): Promise<ComplaintType> {
    return this.view(await this.service.merge(ctx, sourceId, targetId, reason));
  }

  @Authorized('HELPDESK')
  @Mutation(() => ComplaintType, { description: 'Adds a note to the history [HELPDESK+].' })
  async addComplaintNote(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String) note: string,
  ): Promise<ComplaintType> {
    return this.view(await this.service.addNote(ctx, id, note));
  }

  @Authorized('HELPDESK')
  @Mutation(() => ComplaintType, {
    description: 'Resolves a complaint; the reporter gets a one-time satisfaction survey link [HELPDESK+].',
  })
  async resolveComplaint(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('resolution', () => String) resolution: string,
  ): Promise<ComplaintType> {
    return this.view(await this.service.resolve(ctx, id, resolution));
  }

  @Authorized('HELPDESK')
  @Mutation(() => ComplaintType, { description: 'Reopens a resolved complaint with a reason [HELPDESK+].' })
  async reopenComplaint(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
  ): Promise<ComplaintType> {
    return this.view(await this.service.reopen(ctx, id, reason));
  }

  @Authorized('HELPDESK')
  @Mutation(() => ComplaintType, { description: 'Closes a resolved complaint [HELPDESK+].' })
  async closeComplaint(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ComplaintType> {
    return this.view(await this.service.close(ctx, id));
  }

  @Authorized('HELPDESK')
  @Mutation(() => ComplaintType, {
    description:
      "Replies to the reporter on the complaint's channel, through the outbox [HELPDESK+]. WhatsApp free text only " +
      "within 24 hours of the reporter's last message, else CONFLICT with windowClosedAt (null when the reporter " +
      'never wrote on WhatsApp) and template: complaint_follow_up when that template may be sent instead ' +
      "(sendComplaintTemplate). Email: only to a proven address (the account's verified email, or one that wrote in), " +
      'else CONFLICT with reason UNVERIFIED_CONTACT. Notes (addComplaintNote) stay internal. templateId names the ' +
      'canned response the text came from (NOT_FOUND when none is active); {nama} and {nomor} in the text are filled in.',
  })
  async replyToComplaint(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('body', () => String) body: string,
    @Arg('templateId', () => ID, { nullable: true }) templateId?: string,
  ): Promise<ComplaintType> {
    return this.view(await this.service.reply(ctx, id, body, templateId));
  }

  @Authorized('HELPDESK')
  @Mutation(() => ComplaintType, {
    description:
      "Sends the approved WhatsApp template complaint_follow_up (the complaint's number and the tracking link, " +
      'asking the reporter to write again) to the reporter of a WHATSAPP complaint: what replyToComplaint offers ' +
      "(extension template) once the 24-hour window has closed. Only to a number proven to be the reporter's, else " +
      'CONFLICT with reason UNVERIFIED_CONTACT [HELPDESK+].',
  })
  async sendComplaintTemplate(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ComplaintType> {
    return this.view(await this.service.sendTemplate(ctx, id));
  }

  @Authorized('HELPDESK')
  @Subscription(() => ComplaintUpdateEvent, {
    topics: Topics.COMPLAINT_UPDATED,
    // A regional officer hears of their own unit's complaints only (the unit is part of the shared fan-out's key).
    filter: ({ payload, context }: { payload: ComplaintUpdatePayload; context: Context }) =>
      context.actor.kind !== 'STAFF' || !context.actor.unitScope || payload.unitId === context.actor.unitScope,
    description:
      'Complaints as they change: new ones, messages from reporters, steps, overdue reminders [HELPDESK+]; ' +
      "an officer of a regional unit gets their unit's only.",
  })
  complaintUpdated(@Root() p: ComplaintUpdatePayload): ComplaintUpdateEvent {
    return { ...p, status: p.status as ComplaintStatusEnum, at: new Date(p.at), followerIds: p.followerIds ?? [] };
  }

  @Mutation(() => Boolean, {
    description:
      'The reporter answers the SKM questionnaire through the one-time link: nine scores 1-4 in the order U1-U9 ' +
      '(Permenpan-RB 14/2017) and an optional respondent profile. Public; the token is the capability. ' +
      'A link already answered is VALIDATION_FAILED on token.',
  })
  submitSatisfactionSurvey(
    @Ctx() ctx: RequestContext,
    @Arg('token', () => String) token: string,
    @Arg('scores', () => [Int]) scores: number[],
    @Arg('comment', () => String, { nullable: true }) comment?: string,
    @Arg('respondent', () => SurveyRespondentInput, { nullable: true }) respondent?: SurveyRespondentInput,
  ): Promise<boolean> {
    return this.service.submitSurvey(ctx, token, scores, comment, respondent ?? {});
  }

  @FieldResolver(() => AccountType, {
    nullable: true,
    description: 'The account concerned (NIK, email, phone masked).',
  })
  async account(@Root() c: ComplaintType, @Ctx() ctx: Context): Promise<AccountType | null> {
    if (!c.accountId) return null;
    const a = await loader(ctx, 'complaintAccounts', (ids: readonly string[]) => this.accounts.byIds(ctx.em, ids)).load(
      c.accountId,
    );
    return a ? toAccountView(a, MASKED) : null;
  }

  @FieldResolver(() => StaffUserType, { nullable: true, description: 'The staff user handling it.' })
  async assignee(@Root() c: ComplaintType, @Ctx() ctx: Context): Promise<StaffUserType | null> {
    if (!c.assigneeId) return null;
    const s = await staffById(ctx, this.staff).load(c.assigneeId);
    return s ? staffView(s) : null;
  }

  @Authorized('HELPDESK')
  @FieldResolver(() => [StaffUserType], { description: 'The officers following it, earliest first [HELPDESK+].' })
  async followers(@Root() c: ComplaintType, @Ctx() ctx: Context): Promise<StaffUserType[]> {
    const ids = await this.followerIds(c, ctx);
    const staff = await Promise.all(ids.map((id) => staffById(ctx, this.staff).load(id)));
    return staff.flatMap((s) => (s ? [staffView(s)] : []));
  }

  @Authorized('HELPDESK')
  @FieldResolver(() => Boolean, { description: 'The signed-in officer follows it [HELPDESK+].' })
  async followedByMe(@Root() c: ComplaintType, @Ctx() ctx: Context): Promise<boolean> {
    const me = ctx.actor.kind === 'STAFF' ? ctx.actor.staffId : null;
    return !!me && (await this.followerIds(c, ctx)).includes(me);
  }

  private followerIds(c: ComplaintType, ctx: Context): Promise<string[]> {
    return loader(ctx, 'complaintFollowers', (ids: readonly string[]) => this.service.followersFor(ctx.em, ids)).load(
      c.id,
    );
  }

  @FieldResolver(() => ComplaintType, {
    nullable: true,
    description: 'A merged (CLOSED) complaint: the complaint it was merged into.',
  })
  async mergedInto(@Root() c: ComplaintType, @Ctx() ctx: Context): Promise<ComplaintType | null> {
    if (!c.mergedIntoId) return null;
    const target = await this.service.get(ctx.em, c.mergedIntoId);
    return this.view(target);
  }

  @Authorized('HELPDESK')
  @FieldResolver(() => [ComplaintMessageType], {
    description: 'The conversation with the reporter, oldest first [HELPDESK+]. Notes are not in it.',
  })
  async messages(@Root() c: ComplaintType, @Ctx() ctx: Context): Promise<ComplaintMessageType[]> {
    const rows = await this.thread(c, ctx);
    return rows.map(messageView);
  }

  @Authorized('HELPDESK')
  @FieldResolver(() => Date, {
    nullable: true,
    description:
      "WhatsApp complaints: when the 24-hour free-text window closes (or closed), counted from the reporter's " +
      'last message; null when the reporter never wrote on WhatsApp [HELPDESK+].',
  })
  async replyWindowClosesAt(@Root() c: ComplaintType, @Ctx() ctx: Context): Promise<Date | null> {
    if (c.channel !== ComplaintChannel.WHATSAPP) return null;
    const last = (await this.thread(c, ctx)).filter((m) => m.direction === 'IN' && m.channel === 'WHATSAPP').at(-1);
    return last ? new Date(last.at.getTime() + WHATSAPP_WINDOW_MS) : null;
  }

  private thread(c: ComplaintType, ctx: Context): Promise<ComplaintMessage[]> {
    return loader(ctx, 'complaintMessages', (ids: readonly string[]) => this.service.messagesFor(ctx.em, ids)).load(
      c.id,
    );
  }

  @FieldResolver(() => [ComplaintHistoryEntry], { description: 'Every step and note, oldest first.' })
  history(@Root() c: ComplaintType, @Ctx() ctx: Context): Promise<ComplaintHistoryEntry[]> {
    return loader(ctx, 'complaintHistory', (ids: readonly string[]) => this.service.historyFor(ctx.em, ids)).load(c.id);
  }
}

/** The name of the officer who wrote a reply. */
@Resolver(() => ComplaintMessageType)
export class ComplaintMessageNamesResolver {
  constructor(private readonly staff: StaffService) {}

  @FieldResolver(() => String, { nullable: true })
  actorName(@Root() m: ComplaintMessageType, @Ctx() ctx: Context): Promise<string | null> {
    return staffUsername(ctx, this.staff, m.actorId);
  }
}

/** Names instead of staff ids in a complaint's history, one batched query per request. */
@Resolver(() => ComplaintHistoryEntry)
export class ComplaintHistoryNamesResolver {
  constructor(private readonly staff: StaffService) {}

  @FieldResolver(() => String, { nullable: true })
  actorName(@Root() h: ComplaintHistoryEntry, @Ctx() ctx: Context): Promise<string | null> {
    return staffUsername(ctx, this.staff, h.actorId);
  }

  @FieldResolver(() => String, { nullable: true })
  assigneeName(@Root() h: ComplaintHistoryEntry, @Ctx() ctx: Context): Promise<string | null> {
    return h.kind === 'ASSIGNED' || h.kind === 'REMINDER'
      ? staffUsername(ctx, this.staff, h.note)
      : Promise.resolve(null);
  }
}

@Resolver(() => AccountType)
export class AccountComplaintsResolver {
  constructor(private readonly service: ComplaintService) {}

  @Authorized('HELPDESK')
  @FieldResolver(() => [ComplaintType], { description: 'Complaints about this account, newest first [HELPDESK+].' })
  async complaints(@Root() account: AccountType, @Ctx() ctx: Context): Promise<ComplaintType[]> {
    const rows = await loader(ctx, 'accountComplaints', (ids: readonly string[]) =>
      this.service.forAccounts(ctx, ids),
    ).load(account.id);
    return rows.map((c) => view(c, this.service.isOverdue(c)));
  }
}

@Resolver(() => RegistrationMetrics)
export class MetricsComplaintsResolver {
  constructor(private readonly service: ComplaintService) {}

  @FieldResolver(() => ComplaintFiguresType, {
    description: "Complaints opened, resolved, open, overdue and IKM: a regional officer's unit's, else every unit's.",
  })
  complaints(@Root() m: RegistrationMetrics, @Ctx() ctx: RequestContext): Promise<ComplaintFiguresType> {
    return this.service.figures(ctx, m.from, m.to);
  }
}
