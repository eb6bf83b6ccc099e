/**
 * Redaction of text that leaves the process or reaches staff without being
 * meant for them: provider error bodies (a gateway may echo the request it
 * refused, codes and links included) and log lines. Unlike masking, nothing
 * of the value is kept.
 */
export const REDACTED = '[disembunyikan]';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Rule = [RegExp, string | ((match: string) => string)];

const URL_TOKEN: Rule = [/([?&](?:token|t|code|key)=)[^&\s"'<>\\]+/gi, `$1${REDACTED}`];
const BEARER: Rule = [/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${REDACTED}`];
const EMAIL: Rule = [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'];
const NIK: Rule = [/(?<!\d)\d{16}(?!\d)/g, '[nik]'];
const PHONE: Rule = [/(?<![\w])\+?\d{10,15}(?!\d)/g, '[telepon]'];

/** Link tokens in URLs (`?token=…`, `&t=…`) and bearer credentials: over the whole text, ids included. */
const CREDENTIALS: Rule[] = [URL_TOKEN, BEARER];

const RULES: Rule[] = [
  // Emails before anything that could eat their digits.
  EMAIL,
  // Opaque tokens: 20+ characters of base64url/hex with at least one digit (words and ids are left alone).
  [/(?<![A-Za-z0-9_-])(?=[A-Za-z_-]*\d)[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g, (m) => (UUID.test(m) ? m : REDACTED)],
  // NIKs (16 digits) before phones (10-15 digits) before codes (5-8 digits; a year stays).
  NIK,
  PHONE,
  [/(?<![\w])\d{5,8}(?![\w])/g, '[kode]'],
];

/** A record id (UUID), captured so that `split` keeps it. */
const UUID_IN_TEXT = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;

/**
 * `fn` over the text between record ids, the ids left whole: an id is not
 * personal data, but its digit groups can read as a phone, a NIK or a code.
 */
export function outsideIds(text: string, fn: (part: string) => string): string {
  return text
    .split(UUID_IN_TEXT)
    .map((part, i) => (i % 2 ? part : fn(part)))
    .join('');
}

/**
 * Credentials first, over everything; then the other rules on the text between
 * record ids. An id is not personal data, and one whose last group starts with
 * ten digits read as a phone: the request id a client was shown as its incident
 * code must be the one in the log.
 */
function apply(text: string, rules: Rule[]): string {
  let out = text;
  for (const [re, to] of CREDENTIALS) out = out.replace(re, to as string);
  return outsideIds(out, (part) => rules.reduce((t, [re, to]) => t.replace(re, to as string), part));
}

/** Strips tokens, codes, emails, phones and NIKs from a text; keeps its shape for whoever debugs. */
export function redactSecrets(text: string): string {
  return apply(text, RULES);
}

const SQL_STATEMENT = /\b(?:insert\s+into|update\s+\S+\s+set|select\s[\s\S]*?\sfrom|delete\s+from|with\s+\S+\s+as)\b/i;

/**
 * What a log line may carry: an SQL statement without its quoted values, and no
 * email, phone, NIK, link token or bearer credential. Counts, durations,
 * ports and ids stay readable.
 */
export function redactLogText(text: string): string {
  // Only the quoted literals: numbers elsewhere on the line (stack positions, counts) stay readable.
  const shaped = SQL_STATEMENT.test(text) ? text.replace(/'(?:[^']|'')*'/g, '?') : text;
  return apply(shaped, [EMAIL, NIK, PHONE]);
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
