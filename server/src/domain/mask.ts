import { outsideIds } from './redact';

/**
 * Masking for personal data shown to people who may not be the owner:
 * enough for the owner to recognise it, not enough to contact them. Which
 * field is masked for whom is decided in one place, `shared/pii-policy.ts`.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return maskText(email);
  const local = email.slice(0, at);
  return `${local.slice(0, Math.min(2, Math.max(1, local.length - 1)))}****@${email.slice(at + 1)}`;
}

/** `+6281234565678` → `+62 812****5678` */
export function maskPhone(e164: string): string {
  if (!e164.startsWith('+62') || e164.length < 10) return maskText(e164);
  return `+62 ${e164.slice(3, 6)}****${e164.slice(-4)}`;
}

/** `wildan4711a` → `wi****a` */
export function maskText(value: string): string {
  if (value.length <= 2) return '*'.repeat(value.length);
  return `${value.slice(0, 2)}****${value.slice(-1)}`;
}

/**
 * `3171234567890001` → `317123******0001`. The hidden six digits are the
 * birth date (day + 40 for women): a masked NIK is only masked when the same
 * caller sees neither the birth date nor the gender beside it.
 */
export function maskNik(nik: string): string {
  return nik.length === 16 ? `${nik.slice(0, 6)}******${nik.slice(12)}` : maskText(nik);
}

/** A contact that is either an email or a phone (complaint reporters, message recipients). */
export function maskContact(contact: string): string {
  return contact.includes('@') ? maskEmail(contact) : maskPhone(contact);
}

/** A street address: the first word (Jl., Gg., Desa …) stays, the rest does not. */
export function maskAddress(address: string): string {
  const first = address.trim().split(/\s+/)[0] ?? '';
  return first.length < address.trim().length ? `${first} ****` : maskText(address);
}

/**
 * A NIK as people write it: 16 digits run together or grouped by single
 * spaces, dots or dashes (`3171 0117 0590 0001`, `317101.170590.0001`).
 */
const NIK_IN_TEXT = /(?<![\d.-])\d(?:[ .-]?\d){15}(?![\d]|[.-]\d)/g;
const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** A mobile number in any usual form: `0812…`, `62812…`, `+62 812-3456-5678`, `(0812) 3456 5678`. */
const PHONE_IN_TEXT = /(?<![\w+])(?:\+62|62|\(0|0)\)?[ .-]?8(?:\)?[ .-]?\d){7,12}(?!\d)/g;
/** ISO dates, and day-month-year ones (`17-05-1990`, `17/05/1990`, `17.05.1990`). */
const DATE_IN_TEXT = /(?<!\d)(?:\d{4}-\d{2}-\d{2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})(?!\d)/g;

const digitsOf = (s: string) => s.replace(/\D/g, '');

/**
 * Masks the personal data found in free text (audit details, helpdesk
 * warnings, request details): NIKs, emails, phones — in the forms people type
 * them, spaced or dashed — and, with `dates`, dates (a birth date next to a
 * masked NIK would give the NIK back; audit details keep their timestamps).
 */
export function maskPiiInText(text: string, { dates = true }: { dates?: boolean } = {}): string {
  // Record ids are not personal data, but their digit groups can read as a dashed phone or NIK
  // (`e6651e2d-0858-4123-3279-…`): they are left whole and the text between them is masked.
  return outsideIds(text, (part) => maskPart(part, dates));
}

function maskPart(text: string, dates: boolean): string {
  const masked = text
    .replace(NIK_IN_TEXT, (n) => (/^\d{4}-\d{2}-\d{2}/.test(n) ? n : maskNik(digitsOf(n))))
    .replace(EMAIL_IN_TEXT, (e) => maskEmail(e))
    .replace(PHONE_IN_TEXT, (p) => maskPhone(`+62${digitsOf(p).replace(/^(62|0)/, '')}`));
  return dates ? masked.replace(DATE_IN_TEXT, '****-**-**') : masked;
}

/**
 * A helpdesk warning beside a masked NIK: its personal data masked, dates
 * included, and no gender value either — the NIK's gender is whether 40 was
 * added to the hidden birth day ("Jenis kelamin profil (MALE) berbeda dengan
 * NIK (FEMALE)" would give it away).
 */
export function maskWarning(text: string): string {
  return maskPiiInText(text).replace(/\s*\((?:MALE|FEMALE)\)/g, '');
}

/**
 * Audit details as every reader sees them: strings masked (dates kept), and
 * no hash of a value (`…Hash` keys): an unkeyed hash of a NIK, email or
 * phone is reversed by trying the candidates.
 */
export function maskDetails(value: unknown): unknown {
  if (typeof value === 'string') return maskPiiInText(value, { dates: false });
  if (Array.isArray(value)) return value.map(maskDetails);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !/hash$/i.test(k))
        .map(([k, v]) => [k, maskDetails(v)]),
    );
  }
  return value;
}
