import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Topics } from '../../db/event-bus';
import type { AccountStatusPayload } from '../../db/event-bus';
import { scope } from '../../graphql/auth-checker';
import { ConnectionShape, toConnection } from '../../graphql/connection';
import type { RequestContext } from '../../shared/request-context';
import { CaptchaAnswer } from '../captcha/captcha.resolver';
import { AccountAdmin } from './account-admin.service';
import { AccountExpiry } from './account-expiry.service';
import { AccountLifecycle } from './account-lifecycle.service';
import { ApplicantAuthService } from './applicant-auth.service';
import {
  AccountConnection,
  AccountFilter,
  AccountSort,
  AccountStatusEvent,
  AccountType,
  Session,
} from './account.types';

const toDate = (v: string | null) => (v ? new Date(v) : null);

@Resolver()
export class AccountResolver {
  constructor(
    private readonly auth: ApplicantAuthService,
    private readonly lifecycle: AccountLifecycle,
    private readonly admin: AccountAdmin,
    private readonly expiry: AccountExpiry,
  ) {}

  @Authorized('scope:licensing:write')
  @Mutation(() => AccountType, {
    description:
      'Records that the account started licensing, with its 13-digit NIB when known [API key licensing:write]: ' +
      'the 30-day expiry no longer applies. Idempotent; CONFLICT for a cancelled account or a different NIB.',
  })
  recordLicensingActivity(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('nib', () => String, { nullable: true }) nib?: string,
  ): Promise<AccountType> {
    return this.expiry.recordLicensing(ctx, id, nib);
  }

  @Authorized('SUPERVISOR')
  @Mutation(() => AccountType, {
    description:
      'Moves the 30-day expiry later by 1-30 days, at most 90 days beyond the original in all, with a reason [SUPERVISOR+].',
  })
  extendAccountExpiry(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('days', () => Int) days: number,
    @Arg('reason', () => String) reason: string,
    @Arg('override', () => Boolean, {
      defaultValue: false,
      description: 'Go ahead although the applicant restricted processing (UU PDP); audited as RESTRICTION_OVERRIDDEN.',
    })
    override = false,
  ): Promise<AccountType> {
    return this.expiry.extend(ctx, id, days, reason, override);
  }

  @Query(() => AccountType, {
    nullable: true,
    description: 'The applicant behind the bearer token (null without one).',
  })
  me(@Ctx() ctx: RequestContext): Promise<AccountType | null> {
    return this.auth.me(ctx);
  }

  @Authorized('HELPDESK', scope('accounts:read'))
  @Query(() => AccountConnection, {
    description:
      'Account search [HELPDESK+, API key accounts:read]. Personal data is masked (birth date and gender null); a NIK, ' +
      'passport number, email or phone typed exactly is shown back on the rows that hold it. `after` continues from a ' +
      'cursor, `offset` jumps pages; first is 1-100.',
  })
  async accounts(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => AccountFilter, { nullable: true }) filter?: AccountFilter,
    @Arg('first', () => Int, { defaultValue: 25 }) first = 25,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('offset', () => Int, { nullable: true }) offset?: number,
    @Arg('sort', () => AccountSort, { nullable: true }) sort?: AccountSort,
  ): Promise<ConnectionShape<AccountType>> {
    return toConnection(await this.admin.find(ctx, { filter, first, after, offset, sort }));
  }

  @Authorized('HELPDESK', scope('accounts:read'))
  @Query(() => AccountType, {
    nullable: true,
    description:
      'One account in full [HELPDESK+, API key accounts:read]. Staff and keys with pii:read see its personal data ' +
      'unmasked (reveal: false keeps it masked, as a console shows it until asked); an unmasked read writes one ' +
      'PII_VIEW audit row. Keys without pii:read always get it masked. NOT_FOUND for an unknown id.',
  })
  account(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('reveal', () => Boolean, { defaultValue: true }) reveal: boolean = true,
  ): Promise<AccountType> {
    return this.admin.detail(ctx, id, reveal);
  }

  @Mutation(() => Session, {
    description:
      'Applicant login by username, email or phone. Unknown identifier and wrong password give the same ' +
      'UNAUTHENTICATED error; repeated failures are RATE_LIMITED.',
  })
  login(
    @Ctx() ctx: RequestContext,
    @Arg('identifier', () => String) identifier: string,
    @Arg('password', () => String) password: string,
    @Arg('captcha', () => CaptchaAnswer, { nullable: true }) captcha?: CaptchaAnswer,
  ): Promise<Session> {
    return this.auth.login(ctx, identifier, password, captcha);
  }

  @Authorized('ACCOUNT')
  @Mutation(() => AccountType, {
    description:
      'The applicant accepts the terms and privacy notice in force [applicant]: `version` is the one shown to them ' +
      '(Session.consentRequired.version); another is CONFLICT (extensions.currentVersion). Recorded as the consent ' +
      '(version, time, channel SELF_SERVICE) and audited; the session is usable at once.',
  })
  acceptTerms(@Ctx() ctx: RequestContext, @Arg('version', () => Int) version: number): Promise<AccountType> {
    return this.auth.acceptTerms(ctx, version);
  }

  @Mutation(() => Boolean, { description: 'Ends the current session (applicant or staff).' })
  logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    return this.auth.logout(ctx);
  }

  @Authorized('HELPDESK')
  @Mutation(() => Boolean, { description: 'Sends the welcome/activation message with the username again [HELPDESK+].' })
  resendActivation(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true, description: 'Why (kept in the audit log).' }) reason?: string,
  ): Promise<boolean> {
    return this.lifecycle.resendActivation(ctx, id, reason);
  }

  @Authorized('HELPDESK')
  @Mutation(() => AccountType, { description: 'Clears the temporary login lock of an account [HELPDESK+]; audited.' })
  unlockLogin(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true, description: 'Why (kept in the audit log).' }) reason?: string,
    @Arg('override', () => Boolean, {
      defaultValue: false,
      description: 'Go ahead although the applicant restricted processing (UU PDP); audited as RESTRICTION_OVERRIDDEN.',
    })
    override = false,
  ): Promise<AccountType> {
    return this.admin.unlockLogin(ctx, id, reason, override);
  }

  @Authorized('SUPERVISOR')
  @Mutation(() => AccountType, {
    description: 'ACTIVE → SUSPENDED with a written reason [SUPERVISOR+]; ends its sessions, publishes the event.',
  })
  suspendAccount(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
    @Arg('override', () => Boolean, {
      defaultValue: false,
      description: 'Go ahead although the applicant restricted processing (UU PDP); audited as RESTRICTION_OVERRIDDEN.',
    })
    override = false,
  ): Promise<AccountType> {
    return this.admin.suspend(ctx, id, reason, override);
  }

  @Authorized('SUPERVISOR')
  @Mutation(() => AccountType, { description: 'SUSPENDED → ACTIVE with a written reason [SUPERVISOR+].' })
  reactivateAccount(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
    @Arg('override', () => Boolean, {
      defaultValue: false,
      description: 'Go ahead although the applicant restricted processing (UU PDP); audited as RESTRICTION_OVERRIDDEN.',
    })
    override = false,
  ): Promise<AccountType> {
    return this.admin.reactivate(ctx, id, reason, override);
  }

  @Authorized('SUPERVISOR')
  @Mutation(() => AccountType, {
    description:
      'Ends a restriction of processing (the applicant withdrew it, or its ground ended) with a reason [SUPERVISOR+].',
  })
  liftProcessingRestriction(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
  ): Promise<AccountType> {
    return this.admin.liftProcessingRestriction(ctx, id, reason);
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
