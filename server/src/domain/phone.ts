/**
 * Indonesian mobile numbers. Accepted: 08…, 8…, 62…, +62… (spaces, dashes,
 * dots and parentheses ignored). Stored as E.164 `+628…`. The national form
 * (leading 0) has 10 to 13 digits.
 */
export type PhoneResult = { ok: true; e164: string } | { ok: false; error: string };

export function normalizePhone(input: string, opts: { allowLandline?: boolean } = {}): PhoneResult {
  const compact = input.trim().replace(/[\s\-().]/g, '');
  if (!/^\+?\d+$/.test(compact))
    return { ok: false, error: 'Nomor telepon hanya boleh berisi angka (boleh diawali +).' };
  let national: string;
  if (compact.startsWith('+62')) national = '0' + compact.slice(3);
  else if (compact.startsWith('+')) return { ok: false, error: 'Hanya nomor Indonesia (+62) yang dapat digunakan.' };
  else if (compact.startsWith('62')) national = '0' + compact.slice(2);
  else if (compact.startsWith('08')) national = compact;
  else if (compact.startsWith('8')) national = '0' + compact;
  else if (opts.allowLandline && compact.startsWith('0')) national = compact;
  else return { ok: false, error: 'Nomor telepon harus diawali 08, 8, 62 atau +62.' };
  if (!national.startsWith('08')) {
    // Company phones may be landlines: area code 02x…09x (not 08), 9 to 12 digits in all.
    if (opts.allowLandline && /^0[2-79]\d{7,10}$/.test(national)) return { ok: true, e164: '+62' + national.slice(1) };
    return { ok: false, error: 'Nomor telepon harus nomor seluler (08…).' };
  }
  if (national.length < 10 || national.length > 13) {
    return { ok: false, error: 'Nomor telepon harus 10 sampai 13 digit (diawali 08).' };
  }
  return { ok: true, e164: '+62' + national.slice(1) };
}

/** Looks like a phone number rather than a username or email (for login identifiers). */
export function looksLikePhone(input: string): boolean {
  return /^\+?[\d\s\-().]{9,}$/.test(input.trim());
}
