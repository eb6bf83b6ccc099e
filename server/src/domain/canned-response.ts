/**
 * Canned responses (balasan siap pakai): Indonesian texts supervisors keep
 * for the answers officers give every day, with placeholders filled from the
 * complaint they answer.
 */

/** The placeholders a canned response may use, and what each is filled with. */
export const PLACEHOLDERS = {
  '{nama}': "the reporter's name",
  '{nomor}': 'the complaint number',
} as const;

const ANY_PLACEHOLDER = /\{[^{}\s]{1,30}\}/g;

/** A field error for a template's text, or null: 2–4000 characters and only known placeholders. */
export function checkResponseText(text: string): string | null {
  const t = text.trim();
  if (t.length < 2 || t.length > 4000) return 'Teks balasan 2-4000 karakter.';
  const unknown = (t.match(ANY_PLACEHOLDER) ?? []).filter((p) => !(p in PLACEHOLDERS));
  if (unknown.length) return `Penanda tidak dikenal: ${[...new Set(unknown)].join(', ')}. Gunakan {nama} atau {nomor}.`;
  return null;
}

/**
 * The text with `{nama}` and `{nomor}` filled in (every occurrence, in one
 * pass: a name that reads like a placeholder stays as it is); other braces
 * stay as written.
 */
export function fillResponse(text: string, values: { reporterName: string; number: string }): string {
  return text.replace(/\{(nama|nomor)\}/g, (_m, key: string) => (key === 'nama' ? values.reporterName : values.number));
}
