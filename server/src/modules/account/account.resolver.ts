import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../../shared/request-context';
import { Topics } from '../../db/event-bus';
import type { AccountStatusPayload } from '../../db/event-bus';
import { CaptchaAnswer } from '../captcha/captcha.resolver';
import { AccountLifecycle } from './account-lifecycle.service';
import { ApplicantAuthService } from './applicant-auth.service';
import { AccountStatusEvent, AccountType, Session } from './account.types';

const toDate = (v: string | null) => (v ? new Date(v) : null);

@Resolver()
export class AccountResolver {
  constructor(
    private readonly auth: ApplicantAuthService,
    private readonly lifecycle: AccountLifecycle,
  ) {}

  @Query(() => AccountType, {
    nullable: true,
    description: 'The applicant behind the bearer token (null without one).',
  })
  me(@Ctx() ctx: RequestContext): Promise<AccountType | null> {
    return this.auth.me(ctx);
  }

  @Mutation(() => Session, {
    description:
      'Applicant login by username, email or phone. Unknown identifier and wrong password give the same UNAUTHENTICATED error; repeated failures are RATE_LIMITED.',
  })
  login(
    @Ctx() ctx: RequestContext,
    @Arg('identifier', () => String) identifier: string,
    @Arg('password', () => String) password: string,
    @Arg('captcha', () => CaptchaAnswer, { nullable: true }) captcha?: CaptchaAnswer,
  ): Promise<Session> {
    return this.auth.login(ctx, identifier, password, captcha);
  }

  @Mutation(() => Boolean, { description: 'Ends the current session (applicant or staff).' })
  logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    return this.auth.logout(ctx);
  }

  @Authorized('HELPDESK')
  @Mutation(() => Boolean, { description: 'Sends the welcome/activation message with the username again [HELPDESK+].' })
  resendActivation(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return this.lifecycle.resendActivation(ctx, id);
  }

  @Authorized('HELPDESK')
  @Subscription(() => AccountStatusEvent, {
    topics: Topics.ACCOUNT_STATUS_CHANGED,
    filter: ({ payload, args }: { payload: AccountStatusPayload; args: { id?: string | null } }) =>
      !args.id || payload.accountId === args.id,
    description: 'Status changes of one account, or of all accounts when id is null [HELPDESK+].',
  })
  accountStatusChanged(
    @Root() payload: AccountStatusPayload,
    @Arg('id', () => ID, { nullable: true }) _id?: string,
  ): AccountStatusEvent {
    return {
      accountId: payload.accountId,
      status: payload.status as AccountStatusEvent['status'],
      previousStatus: payload.previousStatus as AccountStatusEvent['previousStatus'],
      activatedAt: toDate(payload.activatedAt),
      expiresAt: toDate(payload.expiresAt),
      at: new Date(payload.at),
      reason: payload.reason,
    };
  }
}
