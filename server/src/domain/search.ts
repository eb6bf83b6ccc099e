import { normalizeEmail } from './email';
import { normalizeNpwp } from './npwp';
import { looksLikePhone, normalizePhone } from './phone';

/** How names are compared: accents stripped, lower case, single spaces. */
export function searchText(...parts: (string | null | undefined)[]): string {
  return parts
    .filter(Boolean)
    .join(' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}@.+ -]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export const MIN_NAME_QUERY = 3;

/** What one search box holds, recognised by its shape. */
export type SearchTerm =
  /** 16 digits: a NIK (the applicant's, or a company director's) or a 16-digit NPWP. */
  | { kind: 'nik'; value: string }
  /** 15 digits, dotted or not (XX.XXX.XXX.X-XXX.XXX): an NPWP. */
  | { kind: 'npwp'; value: string }
  | { kind: 'email'; value: string }
  | { kind: 'phone'; value: string }
  /** A single token with a digit: a username or a passport number. */
  | { kind: 'handle'; username: string; passport: string }
  | { kind: 'name'; value: string }
  | { kind: 'invalid'; error: string };

export function classifySearch(raw: string): SearchTerm {
  const q = raw.trim();
  const digits = q.replace(/[\s.-]/g, '');
  if (/^\d{16}$/.test(digits)) return { kind: 'nik', value: digits };
  // 15 digits whose 9th is the Luhn check of the first 8 are an NPWP, dotted or not (a 15-digit phone
  // number, 62 + 13 digits, passes that check only by chance, and then the NPWP reading wins).
  if (/^\d{15}$/.test(digits) && normalizeNpwp(digits).ok) return { kind: 'npwp', value: digits };
  if (q.includes('@')) {
    const e = normalizeEmail(q);
    return e.ok ? { kind: 'email', value: e.email } : { kind: 'invalid', error: e.error };
  }
  if (looksLikePhone(q)) {
    const p = normalizePhone(q);
    if (p.ok) return { kind: 'phone', value: p.e164 };
  }
  if (/^[a-z0-9._-]+$/i.test(q) && /\d/.test(q) && q.length >= MIN_NAME_QUERY) {
    return { kind: 'handle', username: q.toLowerCase(), passport: q.toUpperCase() };
  }
  const name = searchText(q);
  if (name.length < MIN_NAME_QUERY) {
    return { kind: 'invalid', error: `Kata kunci minimal ${MIN_NAME_QUERY} karakter.` };
  }
  return { kind: 'name', value: name };
}
