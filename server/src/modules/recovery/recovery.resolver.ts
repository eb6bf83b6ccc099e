import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { CaptchaAnswer } from '../captcha/captcha.resolver';

@ObjectType({ description: '"Lupa Akun": only masked data, enough for the owner to recognise the account.' })
export class LostAccountResult {
  @Field(() => Boolean, { description: 'Whether a live account holds the NIK.' }) found: boolean;
  @Field(() => String, { nullable: true, description: 'e.g. wi****a' }) maskedUsername?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. wi****@gmail.com' }) maskedEmail?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. +62 812****5678' }) maskedPhone?: string | null;
}

@Resolver()
export class RecoveryResolver {
  @Mutation(() => Boolean, { description: 'Sends a reset link (60 minutes, single use) to a known account. Always true.' })
  requestPasswordReset(
    @Ctx() ctx: Context,
    @Arg('identifier', () => String) identifier: string,
    @Arg('captcha', () => CaptchaAnswer, { nullable: true }) captcha?: CaptchaAnswer,
  ): Promise<boolean> {
    return ctx.services.recovery.requestPasswordReset(ctx, identifier, captcha);
  }

  @Mutation(() => Boolean, { description: 'Sets a new password with the token from the reset link; ends every session.' })
  resetPassword(
    @Ctx() ctx: Context,
    @Arg('token', () => String) token: string,
    @Arg('password', () => String) password: string,
    @Arg('passwordConfirmation', () => String) passwordConfirmation: string,
  ): Promise<boolean> {
    return ctx.services.recovery.resetPassword(ctx, token, password, passwordConfirmation);
  }

  @Mutation(() => LostAccountResult, { description: '"Lupa Akun" by NIK: masked data only; 5 per IP per hour, 3 per NIK per day; audited.' })
  lookupLostAccount(
    @Ctx() ctx: Context,
    @Arg('nik', () => String) nik: string,
    @Arg('hasNib', () => Boolean) hasNib: boolean,
    @Arg('captcha', () => CaptchaAnswer, { nullable: true }) captcha?: CaptchaAnswer,
  ): Promise<LostAccountResult> {
    return ctx.services.recovery.lookupLostAccount(ctx, nik, hasNib, captcha);
  }
}
