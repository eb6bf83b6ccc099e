import { randomInt } from 'node:crypto';

/** Verification-code rules (docs/domain.md, "Registration flow"). */
export const CODE_RULES = {
  length: 6,
  validSeconds: 10 * 60,
  maxAttempts: 5,
  resendAfterSeconds: 3 * 60,
  maxSendsPerHour: 5,
  flowValidSeconds: 24 * 60 * 60,
} as const;

export function generateCode(): string {
  return String(randomInt(0, 10 ** CODE_RULES.length)).padStart(CODE_RULES.length, '0');
}

export function isCodeShape(code: string): boolean {
  return /^\d{6}$/.test(code.trim());
}

/**
 * When the next send is allowed given the previous send times (newest last):
 * after the 3-minute countdown, and at most 5 sends in any rolling hour.
 * Returns the instant, which may be in the past (allowed now).
 */
export function nextSendAllowedAt(sentAt: Date[], opts: { ignoreCountdown?: boolean } = {}): Date {
  const sorted = [...sentAt].sort((a, b) => a.getTime() - b.getTime());
  let at = new Date(0);
  const last = sorted[sorted.length - 1];
  if (last && !opts.ignoreCountdown) at = new Date(last.getTime() + CODE_RULES.resendAfterSeconds * 1000);
  if (sorted.length >= CODE_RULES.maxSendsPerHour) {
    const nth = sorted[sorted.length - CODE_RULES.maxSendsPerHour];
    const hourly = new Date(nth.getTime() + 3600 * 1000);
    if (hourly > at) at = hourly;
  }
  return at;
}
