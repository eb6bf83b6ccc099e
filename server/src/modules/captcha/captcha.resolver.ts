import { Ctx, Field, ID, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { MaxLen } from '../../shared/validation';
import type { Context } from '../../graphql/context';
import { ValidationError } from '../../shared/errors';
import { CaptchaService } from './captcha.service';

@ObjectType('CaptchaChallenge', {
  description:
    'A proof-of-work captcha (ALTCHA) to solve before a protected public operation: the `altcha` widget solves it in the browser, nobody types anything.',
})
export class CaptchaChallengeType {
  @Field(() => ID, { description: 'Send back with the answer.' })
  id: string;

  @Field(() => String, {
    description: 'A small SVG label telling the user the check is automatic (no picture to read any more).',
    deprecationReason: 'The image captcha is gone: give `altcha` to the ALTCHA widget instead.',
  })
  svg: string;

  @Field(() => String, {
    description:
      "The ALTCHA challenge as JSON (`parameters` with algorithm, nonce, salt, cost, key prefix and expiry, and the server's `signature`): pass it unchanged to the widget's `challenge` option.",
  })
  altcha: string;

  @Field(() => Date, { description: 'After this instant the captcha is refused (5 minutes).' })
  expiresAt: Date;
}

@InputType({ description: 'The answer to a captcha from `captcha`.' })
export class CaptchaAnswer {
  @Field(() => ID, { description: 'The id from `captcha`.' })
  id: string;

  @Field(() => String, { description: "The ALTCHA widget's payload (base64) once it has solved the challenge." })
  @MaxLen(4000)
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
