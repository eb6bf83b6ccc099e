import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { ConnectionShape, toConnection } from '../../graphql/connection';
import { loader } from '../../graphql/loaders';
import { maskEmail } from '../../domain/mask';
import type { RequestContext } from '../../shared/request-context';
import { AccountType } from '../account/account.types';
import { CaptchaAnswer } from '../captcha/captcha.resolver';
import type { EmailChangeRequest } from './email-change.entity';
import {
  EmailChangeRequestConnection,
  EmailChangeRequestFilter,
  EmailChangeRequestType,
  EmailChangeStatusEnum,
} from './email-change.types';
import { EmailChangeService } from './email-change.service';

/** The staff view: every field, the new email masked (only its owner needs it: the link goes there). */
function staffView(r: EmailChangeRequest): EmailChangeRequestType {
  return {
    id: r.id,
    status: r.status as EmailChangeStatusEnum,
    newEmail: maskEmail(r.newEmail),
    createdAt: r.createdAt,
    accountId: r.accountId,
    source: r.source,
    reason: r.reason,
    decidedAt: r.decidedAt,
    decidedBy: r.decidedBy,
    decisionNote: r.decisionNote,
    confirmedAt: r.confirmedAt,
  };
}

@Resolver()
export class EmailChangeResolver {
  constructor(private readonly emailChanges: EmailChangeService) {}

  @Mutation(() => EmailChangeRequestType, {
    description:
      '"Email sudah tidak aktif": records a request for the helpdesk (OPEN); the email never changes by itself. ' +
      "A newer request replaces the account's open or approved one (its link stops working); the answer is the " +
      'same whether or not the NIK has an account.',
  })
  async requestEmailChange(
    @Ctx() ctx: RequestContext,
    @Arg('nik', () => String) nik: string,
    @Arg('newEmail', () => String) newEmail: string,
    @Arg('reason', () => String) reason: string,
    @Arg('captcha', () => CaptchaAnswer, { nullable: true }) captcha?: CaptchaAnswer,
  ): Promise<EmailChangeRequestType> {
    const req = await this.emailChanges.request(ctx, nik, newEmail, reason, captcha);
    return {
      id: req.id,
      status: req.status as EmailChangeStatusEnum,
      newEmail: maskEmail(req.newEmail),
      createdAt: req.createdAt,
    };
  }

  @Mutation(() => Boolean, {
    description:
      'Completes an approved email change with the token from the link sent to the new address; ends every ' +
      'session of the account and voids its password-reset links. CODE_EXPIRED when the request was cancelled.',
  })
  confirmEmailChange(@Ctx() ctx: RequestContext, @Arg('token', () => String) token: string): Promise<boolean> {
    return this.emailChanges.confirm(ctx, token);
  }

  @Authorized('HELPDESK')
  @Query(() => EmailChangeRequestConnection, { description: 'Email-change requests, newest first [HELPDESK+].' })
  async emailChangeRequests(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => EmailChangeRequestFilter, { nullable: true }) filter?: EmailChangeRequestFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ConnectionShape<EmailChangeRequestType>> {
    const page = await this.emailChanges.list(ctx.em, filter ?? {}, first, after);
    return toConnection({ ...page, nodes: page.rows.map(staffView) });
  }

  @Authorized('HELPDESK')
  @Mutation(() => EmailChangeRequestType, {
    description:
      'Replaces a dead inbox [HELPDESK+]: an approved request and a confirmation link to the new address; the email ' +
      'changes when the link is used (the old address is told). CONFLICT when another account holds the address ' +
      'or the account still has an open or approved request.',
  })
  async changeAccountEmail(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('newEmail', () => String) newEmail: string,
    @Arg('reason', () => String) reason: string,
    @Arg('override', () => Boolean, {
      defaultValue: false,
      description: 'Go ahead although the applicant restricted processing (UU PDP); audited as RESTRICTION_OVERRIDDEN.',
    })
    override = false,
  ): Promise<EmailChangeRequestType> {
    return staffView(await this.emailChanges.changeByStaff(ctx, id, newEmail, reason, override));
  }

  @Authorized('HELPDESK')
  @Mutation(() => EmailChangeRequestType, {
    description: 'Approves an OPEN request: the confirmation link goes out [HELPDESK+].',
  })
  async approveEmailChange(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { nullable: true }) note?: string,
  ): Promise<EmailChangeRequestType> {
    return staffView(await this.emailChanges.approve(ctx, id, note));
  }

  @Authorized('HELPDESK')
  @Mutation(() => EmailChangeRequestType, {
    description:
      'Cancels an OPEN or APPROVED request before it is confirmed, with a reason [HELPDESK+]: its confirmation link ' +
      'stops working, the email stays, and the old and new addresses are told. CONFLICT once it is decided.',
  })
  async cancelEmailChange(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
  ): Promise<EmailChangeRequestType> {
    return staffView(await this.emailChanges.cancel(ctx, id, reason));
  }

  @Authorized('HELPDESK')
  @Mutation(() => EmailChangeRequestType, { description: 'Rejects an OPEN request with a reason [HELPDESK+].' })
  async rejectEmailChange(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
  ): Promise<EmailChangeRequestType> {
    return staffView(await this.emailChanges.reject(ctx, id, reason));
  }
}

@Resolver(() => AccountType)
export class AccountEmailChangesResolver {
  constructor(private readonly emailChanges: EmailChangeService) {}

  @Authorized('HELPDESK')
  @FieldResolver(() => [EmailChangeRequestType], { description: 'Email-change requests for this account [HELPDESK+].' })
  async emailChangeRequests(@Root() account: AccountType, @Ctx() ctx: Context): Promise<EmailChangeRequestType[]> {
    const rows = await loader(ctx, 'emailChanges', (ids: readonly string[]) =>
      this.emailChanges.requestsFor(ctx.em, ids),
    ).load(account.id);
    return rows.map(staffView);
  }
}
