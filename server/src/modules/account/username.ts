import { randomInt } from 'node:crypto';

/**
 * Readable usernames like `wildan4711a`: the first name (a-z, up to 10
 * letters), four digits and a letter. ~260,000 variants per name.
 */
export function usernameCandidate(fullName: string): string {
  const first =
    fullName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .split(/[^a-z]+/)
      .find((p) => p.length >= 3) ?? 'oss';
  const digits = String(randomInt(0, 10000)).padStart(4, '0');
  const letter = String.fromCharCode(97 + randomInt(0, 26));
  return `${first.slice(0, 10)}${digits}${letter}`;
}
