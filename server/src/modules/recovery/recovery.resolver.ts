import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../shared/request-context';
import { CaptchaAnswer } from '../captcha/captcha.resolver';
import { RecoveryService } from './recovery.service';
import { LostAccountResult } from './recovery.types';

@Resolver()
export class RecoveryResolver {
  constructor(private readonly recovery: RecoveryService) {}

  @Mutation(() => Boolean, {
    description: 'Sends a reset link (60 minutes, single use) to a known account. Always true.',
  })
  requestPasswordReset(
    @Ctx() ctx: RequestContext,
    @Arg('identifier', () => String) identifier: string,
    @Arg('captcha', () => CaptchaAnswer, { nullable: true }) captcha?: CaptchaAnswer,
  ): Promise<boolean> {
    return this.recovery.requestPasswordReset(ctx, identifier, captcha);
  }

  @Mutation(() => Boolean, {
    description: 'Sets a new password with the token from the reset link; ends every session.',
  })
  resetPassword(
    @Ctx() ctx: RequestContext,
    @Arg('token', () => String) token: string,
    @Arg('password', () => String) password: string,
    @Arg('passwordConfirmation', () => String) passwordConfirmation: string,
  ): Promise<boolean> {
    return this.recovery.resetPassword(ctx, token, password, passwordConfirmation);
  }

  @Mutation(() => LostAccountResult, {
    description: '"Lupa Akun" by NIK: masked data only; 5 per IP per hour, 3 per NIK per day; audited.',
  })
  lookupLostAccount(
    @Ctx() ctx: RequestContext,
    @Arg('nik', () => String) nik: string,
    @Arg('hasNib', () => Boolean) hasNib: boolean,
    @Arg('captcha', () => CaptchaAnswer, { nullable: true }) captcha?: CaptchaAnswer,
  ): Promise<LostAccountResult> {
    return this.recovery.lookupLostAccount(ctx, nik, hasNib, captcha);
  }
}
