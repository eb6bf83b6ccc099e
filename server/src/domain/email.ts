/** Email addresses: trimmed and lower-cased; a pragmatic shape check (the real proof is the code sent to it). */
export type EmailResult = { ok: true; email: string } | { ok: false; error: string };

const EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export function normalizeEmail(input: string): EmailResult {
  const email = input.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email) || email.includes('..')) {
    return { ok: false, error: 'Format email tidak valid.' };
  }
  return { ok: true, email };
}
