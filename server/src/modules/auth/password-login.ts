import type { EntityManager } from '@mikro-orm/postgresql';
import { dummyHash, verifySecret } from '../../shared/crypto';
import { rateLimited, unauthenticated } from '../../shared/errors';
import { LOGIN_LIMITS, ThrottleService } from './throttle.service';

export interface LoginAttempt {
  /** Throttle key of the subject: the account/staff id, or a hash of an unknown identifier. */
  subjectKey: string;
  ip: string | null;
  /** The subject's hash, or undefined when the identifier names nobody (a dummy hash is checked instead). */
  passwordHash: string | undefined;
  password: string;
  /** A further factor (TOTP) checked by the caller; a failure counts and answers like a wrong password. */
  secondFactorOk?: boolean;
}

/**
 * The password check shared by applicant and staff login. Unknown subjects and
 * wrong passwords do the same work (one argon2 verification) and get the same
 * error; failures lock the subject (5) and the IP (20) with a growing delay.
 */
export class PasswordLogin {
  constructor(private readonly throttle: ThrottleService) {}

  async check(em: EntityManager, a: LoginAttempt): Promise<void> {
    const keys = [
      { key: a.subjectKey, threshold: LOGIN_LIMITS.perAccount },
      ...(a.ip ? [{ key: `ip:${a.ip}`, threshold: LOGIN_LIMITS.perIp }] : []),
    ];
    // Count first, check after: of any number of parallel guesses at most the allowance is checked.
    const counted: string[] = [];
    for (const k of keys) {
      const wait = await this.throttle.begin(em, k.key, k.threshold);
      if (wait > 0) {
        for (const c of counted) await this.throttle.forgive(em, c);
        throw rateLimited(wait, 'Terlalu banyak percobaan masuk yang gagal. Silakan coba lagi nanti.');
      }
      counted.push(k.key);
    }
    const ok = await verifySecret(a.passwordHash ?? (await dummyHash()), a.password);
    if (!a.passwordHash || !ok || a.secondFactorOk === false) {
      for (const k of keys) await this.throttle.lockIfDue(em, k.key, k.threshold);
      throw unauthenticated();
    }
    await this.throttle.reset(em, a.subjectKey);
    if (a.ip) await this.throttle.forgive(em, `ip:${a.ip}`);
  }
}
