import type { EntityManager } from '@mikro-orm/postgresql';
import { dummyHash, verifySecret } from '../../shared/crypto';
import { rateLimited, unauthenticated } from '../../shared/errors';
import { LOGIN_LIMITS, ThrottleService } from './throttle.service';
import { addressKey } from '../../shared/client-address';

export interface LoginAttempt {
  /**
   * Throttle key of the subject. Applicants: the account id, or a hash of an
   * unknown identifier (5 failures lock it from everywhere). Staff: the
   * username's hash together with the client address, so failures from one
   * address never lock the user out of another.
   */
  subjectKey: string;
  ip: string | null;
  /** The subject's hash, or undefined when the identifier names nobody (a dummy hash is checked instead). */
  passwordHash: string | undefined;
  password: string;
  /**
   * A further factor (TOTP), checked after the password with the same work
   * whatever the password's outcome; `passwordOk` says whether it may consume
   * anything (a code is used up only by a login that succeeds). A failure
   * counts and answers exactly like a wrong password.
   */
  secondFactor?: (passwordOk: boolean) => Promise<boolean>;
  /**
   * Checks the secret some other way than against an argon2 `passwordHash`:
   * an OSS 1.1 hash, or the data the old system held (a replacement step).
   * Counted, locked and answered exactly like a password, and it costs at
   * least the argon2 verification an unknown identifier costs.
   */
  verify?: (secret: string) => Promise<boolean>;
}

/**
 * The password check shared by applicant and staff login. Unknown subjects and
 * wrong passwords do the same work (one argon2 verification) and get the same
 * error; failures lock the subject (5) and the IP (20) with a growing delay.
 * A successful check clears the subject's failures and gives its address back
 * the attempt it counted, including the provisional lock that attempt set, so
 * a correct login never locks its own address.
 */
export class PasswordLogin {
  constructor(private readonly throttle: ThrottleService) {}

  /** How an identifier (username, email, phone, NIK) appears in a lockout key: a keyed digest. */
  subject(value: string): string {
    return this.throttle.subject(value);
  }

  async check(em: EntityManager, a: LoginAttempt): Promise<void> {
    const keys = [
      { key: a.subjectKey, threshold: LOGIN_LIMITS.perAccount },
      ...(a.ip ? [{ key: `ip:${addressKey(a.ip)}`, threshold: LOGIN_LIMITS.perIp }] : []),
    ];
    // Count first, check after: of any number of parallel guesses at most the allowance is checked.
    const counted: { key: string; provisional: string | null }[] = [];
    for (const k of keys) {
      const begun = await this.throttle.begin(em, k.key, k.threshold);
      if (begun.wait > 0) {
        for (const c of counted) await this.throttle.forgive(em, c.key, c.provisional);
        throw rateLimited(begun.wait, 'Terlalu banyak percobaan masuk yang gagal. Silakan coba lagi nanti.');
      }
      counted.push({ key: k.key, provisional: begun.provisional });
    }
    // Another check (an OSS 1.1 salted digest takes microseconds) still pays one
    // argon2 verification, so its answer takes as long as an unknown identifier's.
    const passwordOk = a.verify
      ? (await Promise.all([a.verify(a.password), verifySecret(await dummyHash(), a.password)]))[0]
      : (await verifySecret(a.passwordHash ?? (await dummyHash()), a.password)) && !!a.passwordHash;
    const secondOk = a.secondFactor ? await a.secondFactor(passwordOk) : true;
    if (!passwordOk || !secondOk) {
      for (const k of keys) await this.throttle.lockIfDue(em, k.key, k.threshold);
      throw unauthenticated();
    }
    await this.throttle.reset(em, a.subjectKey);
    for (const c of counted) if (c.key !== a.subjectKey) await this.throttle.forgive(em, c.key, c.provisional);
  }
}
