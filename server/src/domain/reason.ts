/** A staff action's written reason: what the audit log keeps. */
export function checkReason(reason: string | null | undefined, field = 'reason'): Record<string, string> {
  const r = reason?.trim() ?? '';
  if (r.length < 5) return { [field]: 'Tuliskan alasan (minimal 5 karakter).' };
  if (r.length > 1000) return { [field]: 'Alasan maksimal 1000 karakter.' };
  if (r.includes('\u0000')) return { [field]: 'Alasan berisi karakter yang tidak diizinkan.' };
  return {};
}
