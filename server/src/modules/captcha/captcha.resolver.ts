import { Ctx, Field, ID, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { MaxLen } from '../../shared/validation';
import type { Context } from '../../graphql/context';
import { ValidationError } from '../../shared/errors';
import { CaptchaService } from './captcha.service';

@ObjectType('CaptchaChallenge', { description: 'A captcha to solve before a protected public operation.' })
export class CaptchaChallengeType {
  @Field(() => ID, { description: 'Send back with the answer.' })
  id: string;

  @Field(() => String, { description: 'The challenge as an SVG image.' })
  svg: string;

  @Field(() => Date, { description: 'After this instant the captcha is refused (5 minutes).' })
  expiresAt: Date;
}

@InputType({ description: 'The answer to a captcha from `captcha`.' })
export class CaptchaAnswer {
  @Field(() => ID, { description: 'The id from `captcha`.' })
  id: string;

  @Field(() => String, { description: 'The characters in the image (case does not matter).' })
  @MaxLen(20)
  answer: string;
}

@Resolver()
export class CaptchaResolver {
  constructor(private readonly captchas: CaptchaService) {}

  @Query(() => CaptchaChallengeType, {
    description: 'A new single-use captcha, valid 5 minutes; one per request, a limited number per client address.',
  })
  captcha(@Ctx() ctx: Context): Promise<CaptchaChallengeType> {
    if (ctx.once.has('captcha')) {
      throw new ValidationError({ captcha: 'Hanya satu captcha per permintaan.' });
    }
    ctx.once.add('captcha');
    return this.captchas.create(ctx);
  }
}
