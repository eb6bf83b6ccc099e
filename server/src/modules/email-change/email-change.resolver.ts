import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../shared/request-context';
import { maskEmail } from '../../domain/mask';
import { CaptchaAnswer } from '../captcha/captcha.resolver';
import { EmailChangeRequestType, EmailChangeStatusEnum } from './email-change.types';
import { EmailChangeService } from './email-change.service';

@Resolver()
export class EmailChangeResolver {
  constructor(private readonly emailChanges: EmailChangeService) {}

  @Mutation(() => EmailChangeRequestType, {
    description:
      '"Email sudah tidak aktif": records a request for the helpdesk (OPEN); the email never changes by itself.',
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
    description: 'Completes an approved email change with the token from the link sent to the new address.',
  })
  confirmEmailChange(@Ctx() ctx: RequestContext, @Arg('token', () => String) token: string): Promise<boolean> {
    return this.emailChanges.confirm(ctx, token);
  }
}
