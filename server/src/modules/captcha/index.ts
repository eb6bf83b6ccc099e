import { CaptchaChallenge } from './captcha.entity';
import { CaptchaResolver } from './captcha.resolver';
export { CaptchaService } from './captcha.service';
export const entities = [CaptchaChallenge];
export const resolvers: Function[] = [CaptchaResolver];
