import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import type { Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { RequestContext } from '../../shared/request-context';
import { AppError, rateLimited } from '../../shared/errors';
import type { ThrottleService } from '../auth/throttle.service';
import { sha256 } from '../../shared/crypto';
import { CaptchaChallenge } from './captcha.entity';
import { isUuid } from '../../shared/ids';
import { addressKey } from '../../shared/client-address';

const VALID_SECONDS = 5 * 60;
/** The proof-of-work: PBKDF2-SHA-256 keys until one matches the signed prefix (the widget's default). */
export const CAPTCHA_ALGORITHM = 'PBKDF2/SHA-256';
/** What `svg` shows now: the image captcha is gone, so older clients get this label instead. */
export const CAPTCHA_LABEL = 'Verifikasi otomatis (ALTCHA): centang "Saya bukan robot" dan tunggu sebentar.';
const LABEL_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="420" height="40" role="img" aria-label="' +
  CAPTCHA_LABEL.replace(/"/g, '&quot;') +
  '"><text x="8" y="25" font-family="sans-serif" font-size="13">' +
  CAPTCHA_LABEL.replace(/"/g, '&quot;') +
  '</text></svg>';

export interface CaptchaAnswerInput {
  id: string;
  answer: string;
}

export interface CaptchaPowOptions {
  /** Signs challenges; unset: a random key for this process (one instance only, never production). */
  hmacKey?: string;
  /** PBKDF2 iterations per attempt. */
  cost: number;
  /** The secret counter is drawn from [maxNumber/2, maxNumber]. */
  maxNumber: number;
}

const invalid = () =>
  new AppError('CAPTCHA_INVALID', 'Captcha salah, sudah dipakai atau kedaluwarsa. Silakan muat captcha baru.');

/** The widget's answer (base64 of JSON), or null when it does not have the payload's shape. */
function decodePayload(answer: string): Payload | null {
  try {
    const p = JSON.parse(Buffer.from(answer, 'base64').toString('utf8')) as Payload;
    const params = p?.challenge?.parameters as unknown;
    if (typeof params !== 'object' || params === null || typeof p.challenge.parameters.nonce !== 'string') return null;
    if (typeof p.challenge.signature !== 'string' || typeof p.solution !== 'object' || p.solution === null) return null;
    return p;
  } catch {
    return null;
  }
}

/**
 * Single-use proof-of-work captchas (ALTCHA), valid 5 minutes. A challenge is
 * signed with the server's HMAC key and names its row; the browser widget
 * finds the counter (about `maxNumber × 3/4` PBKDF2 derivations) and sends
 * the payload back as the answer. Checking it costs one HMAC (the derived key
 * is signed too). The row records its use, so a solved challenge works once.
 */
export class CaptchaService {
  private readonly signatureKey: string;
  private readonly derivedKeyKey: string;

  constructor(
    readonly enabled: boolean,
    private readonly throttle: ThrottleService,
    private readonly perIpPerMinute = 60,
    private readonly pow: CaptchaPowOptions = { cost: 5000, maxNumber: 1000 },
  ) {
    const key = pow.hmacKey ?? randomBytes(32).toString('hex');
    // Two keys from one secret: one signs the challenge, the other the key a solver must find.
    this.signatureKey = createHmac('sha256', key).update('altcha-challenge').digest('hex');
    this.derivedKeyKey = createHmac('sha256', key).update('altcha-derived-key').digest('hex');
  }

  async create(ctx: RequestContext): Promise<{ id: string; svg: string; expiresAt: Date; altcha: string }> {
    const wait = await this.throttle.consume(ctx.em, `captcha:ip:${addressKey(ctx.ip)}`, this.perIpPerMinute, 60);
    if (wait > 0) throw rateLimited(wait, 'Terlalu banyak permintaan captcha. Tunggu sebentar.');
    const id = randomUUID();
    const expiresAt = new Date(Date.now() + VALID_SECONDS * 1000);
    const challenge = await createChallenge({
      algorithm: CAPTCHA_ALGORITHM,
      cost: this.pow.cost,
      counter: randomInt(Math.ceil(this.pow.maxNumber / 2), this.pow.maxNumber),
      deriveKey,
      expiresAt,
      data: { id },
      hmacSignatureSecret: this.signatureKey,
      hmacKeySignatureSecret: this.derivedKeyKey,
    });
    ctx.em.create(CaptchaChallenge, { id, answerHash: sha256(challenge.parameters.nonce), expiresAt });
    await ctx.em.flush();
    return { id, svg: LABEL_SVG, expiresAt, altcha: JSON.stringify(challenge) };
  }

  /**
   * Consumes the captcha or throws CAPTCHA_INVALID. Any attempt uses it up,
   * right or wrong, so a challenge cannot be tried twice. The answer must be
   * a solved payload of this very challenge, signed by this server.
   * No-op when CAPTCHA=off.
   */
  async verify(ctx: RequestContext, answer: CaptchaAnswerInput | null | undefined): Promise<void> {
    if (!this.enabled) return;
    if (!answer || !isUuid(answer.id)) throw invalid();
    const payload = decodePayload(answer.answer);
    const rows = await ctx.em.execute<{ ok: boolean }[]>(
      `update captcha_challenge set used_at = now()
        where id = ? and used_at is null and expires_at > now()
        returning answer_hash = ? as ok`,
      [answer.id, sha256(payload?.challenge.parameters.nonce ?? '')],
    );
    if (rows.length !== 1 || !rows[0].ok || !payload || payload.challenge.parameters.data?.id !== answer.id) {
      throw invalid();
    }
    const result = await verifySolution({
      challenge: payload.challenge,
      solution: payload.solution,
      deriveKey,
      hmacSignatureSecret: this.signatureKey,
      hmacKeySignatureSecret: this.derivedKeyKey,
    }).catch(() => null);
    if (!result?.verified) throw invalid();
  }
}
