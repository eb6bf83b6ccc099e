/**
 * Redaction of text that leaves the process or reaches staff without being
 * meant for them: provider error bodies (a gateway may echo the request it
 * refused, codes and links included) and log lines. Unlike masking, nothing
 * of the value is kept.
 */
export const REDACTED = '[disembunyikan]';

const RULES: Array<[RegExp, string]> = [
  // Link tokens in URLs (`?token=…`, `&t=…`) and bearer credentials.
  [/([?&](?:token|t|code|key)=)[^&\s"'<>]+/gi, `$1${REDACTED}`],
  [/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${REDACTED}`],
  // Emails before anything that could eat their digits.
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  // Opaque tokens: 20+ characters of base64url/hex with at least one digit (words are left alone).
  [/(?<![A-Za-z0-9_-])(?=[A-Za-z_-]*\d)[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g, REDACTED],
  // NIKs (16 digits) before phones (10-15 digits) before codes (5-8 digits; a year stays).
  [/(?<!\d)\d{16}(?!\d)/g, '[nik]'],
  [/(?<![\w])\+?\d{10,15}(?!\d)/g, '[telepon]'],
  [/(?<![\w])\d{5,8}(?![\w])/g, '[kode]'],
];

/** Strips tokens, codes, emails, phones and NIKs from a text; keeps its shape for whoever debugs. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [re, to] of RULES) out = out.replace(re, to);
  return out;
}

/**
 * The shape of an SQL statement: every literal (quoted string, number) becomes
 * `?`. A database error logged this way says which statement failed without
 * carrying the NIK or email it was given.
 */
export function sqlShape(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/(?<![\w$"])-?\d+(?:\.\d+)?(?![\w"])/g, '?')
    .replace(/\s+/g, ' ')
    .trim();
}
