import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../shared/request-context';
import { AccountType } from '../account/account.types';
import { ProfileInput } from '../registration/registration.types';
import { LegacyReplacements, ReplacementView } from './legacy-replacement.service';
import { ConfirmReplacementDataInput, Replacement } from './legacy.types';

const view = (v: ReplacementView) => v as unknown as Replacement;

/** The public steps of replacing OSS 1.1 credentials; the replacement id is the capability. */
@Resolver()
export class LegacyReplacementResolver {
  constructor(private readonly replacements: LegacyReplacements) {}

  @Query(() => Replacement, { nullable: true, description: 'A replacement by its id; CODE_EXPIRED once expired.' })
  async replacement(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Replacement | null> {
    const v = await this.replacements.get(ctx, id);
    return v && view(v);
  }

  @Mutation(() => Replacement, {
    description:
      'Confirms the data OSS 1.1 held and sends a 6-digit code to the email or phone given. Wrong data answers ' +
      'UNAUTHENTICATED and counts like a wrong password (5 per account, then RATE_LIMITED).',
  })
  async confirmReplacementData(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ConfirmReplacementDataInput) input: ConfirmReplacementDataInput,
  ): Promise<Replacement> {
    return view(await this.replacements.confirm(ctx, id, input));
  }

  @Mutation(() => Replacement, { description: 'Sends a new code; RATE_LIMITED before resendAvailableAt.' })
  async resendReplacementCode(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Replacement> {
    return view(await this.replacements.resend(ctx, id));
  }

  @Mutation(() => Replacement, { description: 'Checks the 6-digit code (5 wrong tries per code, valid 10 minutes).' })
  async verifyReplacement(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('code', () => String) code: string,
  ): Promise<Replacement> {
    return view(await this.replacements.verify(ctx, id, code));
  }

  @Mutation(() => AccountType, {
    description:
      'Sets the new password and completes today’s profile (a company: company and director, the director ' +
      'with the NIK OSS 1.1 held). The old password stops working; the account becomes ACTIVE with a welcome ' +
      'message and the 30-day rule.',
  })
  completeReplacement(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('password', () => String) password: string,
    @Arg('passwordConfirmation', () => String) passwordConfirmation: string,
    @Arg('profile', () => ProfileInput) profile: ProfileInput,
    @Arg('acceptTerms', () => Boolean) acceptTerms: boolean,
  ): Promise<AccountType> {
    return this.replacements.complete(ctx, id, password, passwordConfirmation, profile, acceptTerms);
  }
}
