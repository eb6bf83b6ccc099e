import svgCaptcha from 'svg-captcha';
import type { RequestContext } from '../../shared/request-context';
import { AppError, rateLimited } from '../../shared/errors';
import type { ThrottleService } from '../auth/throttle.service';
import { sha256 } from '../../shared/crypto';
import { CaptchaChallenge } from './captcha.entity';
import { isUuid } from '../../shared/ids';

const VALID_SECONDS = 5 * 60;

export interface CaptchaAnswerInput {
  id: string;
  answer: string;
}

const invalid = () =>
  new AppError('CAPTCHA_INVALID', 'Captcha salah, sudah dipakai atau kedaluwarsa. Silakan muat captcha baru.');

/** Single-use SVG captchas valid 5 minutes; only the answer's hash is stored. */
export class CaptchaService {
  constructor(
    readonly enabled: boolean,
    private readonly throttle: ThrottleService,
    private readonly perIpPerMinute = 60,
  ) {}

  async create(ctx: RequestContext): Promise<{ id: string; svg: string; expiresAt: Date }> {
    const wait = await this.throttle.consume(ctx.em, `captcha:ip:${ctx.ip ?? 'unknown'}`, this.perIpPerMinute, 60);
    if (wait > 0) throw rateLimited(wait, 'Terlalu banyak permintaan captcha. Tunggu sebentar.');
    const c = svgCaptcha.create({ size: 5, noise: 2, ignoreChars: '0oO1iIlL', color: false });
    const row = ctx.em.create(CaptchaChallenge, {
      answerHash: sha256(c.text.toLowerCase()),
      expiresAt: new Date(Date.now() + VALID_SECONDS * 1000),
    });
    await ctx.em.flush();
    return { id: row.id, svg: c.data, expiresAt: row.expiresAt };
  }

  /**
   * Consumes the captcha or throws CAPTCHA_INVALID. Any attempt uses it up,
   * right or wrong, so answers cannot be guessed one after another.
   * No-op when CAPTCHA=off.
   */
  async verify(ctx: RequestContext, answer: CaptchaAnswerInput | null | undefined): Promise<void> {
    if (!this.enabled) return;
    if (!answer || !isUuid(answer.id)) throw invalid();
    const rows = await ctx.em.execute<{ ok: boolean }[]>(
      `update captcha_challenge set used_at = now()
        where id = ? and used_at is null and expires_at > now()
        returning answer_hash = ? as ok`,
      [answer.id, sha256(answer.answer.trim().toLowerCase())],
    );
    if (rows.length !== 1 || !rows[0].ok) throw invalid();
  }
}
