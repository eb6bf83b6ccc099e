import { randomInt } from 'node:crypto';

/** Tries in the short form before the wide one: a common first name fills its short space first. */
const SHORT_TRIES = 5;

/**
 * Readable usernames from the first name (a-z, up to 10 letters):
 * `wildan4711a` (four digits and a letter, ~260,000 per name) for the first
 * tries, then `wildan471136ab` (six digits and two letters, ~676 million per
 * name), so that even "muhammad" never runs out at national scale.
 */
export function usernameCandidate(fullName: string, attempt = 0): string {
  const first =
    fullName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .split(/[^a-z]+/)
      .find((p) => p.length >= 3) ?? 'oss';
  const wide = attempt >= SHORT_TRIES;
  const digits = String(randomInt(0, wide ? 1_000_000 : 10_000)).padStart(wide ? 6 : 4, '0');
  const letter = () => String.fromCharCode(97 + randomInt(0, 26));
  return `${first.slice(0, 10)}${digits}${letter()}${wide ? letter() : ''}`;
}
