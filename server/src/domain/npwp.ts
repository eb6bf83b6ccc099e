/**
 * NPWP (tax number). Accepted:
 *  - 15 digits `XX.XXX.XXX.X-XXX.XXX`: the 9th digit is a Luhn check digit over the first 8;
 *  - 16 digits: "0" + the 15-digit form (same check), or a NIK for individuals.
 * Dots, dashes and spaces are ignored; stored as digits only.
 */
export type NpwpResult = { ok: true; npwp: string } | { ok: false; error: string };

/** Luhn check digit for a digit string. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Double every second digit from the right (the check digit will be the rightmost).
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function validFifteen(n: string): boolean {
  return luhnCheckDigit(n.slice(0, 8)) === Number(n[8]);
}

export function normalizeNpwp(
  input: string,
  opts: { allowNik?: boolean; isNik?: (digits: string) => boolean } = {},
): NpwpResult {
  const digits = input.replace(/[\s.-]/g, '');
  if (!/^\d+$/.test(digits)) return { ok: false, error: 'NPWP hanya boleh berisi angka (titik dan strip boleh).' };
  if (digits.length === 15) {
    return validFifteen(digits)
      ? { ok: true, npwp: digits }
      : { ok: false, error: 'NPWP tidak valid: digit ke-9 (digit pemeriksa) tidak cocok.' };
  }
  if (digits.length === 16) {
    if (digits.startsWith('0') && validFifteen(digits.slice(1))) return { ok: true, npwp: digits };
    if (opts.allowNik && (opts.isNik?.(digits) ?? true)) return { ok: true, npwp: digits };
    return {
      ok: false,
      error: opts.allowNik
        ? 'NPWP 16 digit harus berupa NIK atau "0" diikuti NPWP 15 digit yang valid.'
        : 'NPWP 16 digit badan usaha harus "0" diikuti NPWP 15 digit yang valid.',
    };
  }
  return { ok: false, error: 'NPWP harus 15 atau 16 digit.' };
}

/**
 * The forms one NPWP may be stored in: the 15 digits and "0" + the same 15 (the 16-digit form since 2024).
 * Digits that are neither (a NIK, say) are only themselves.
 */
export function npwpForms(digits: string): string[] {
  if (/^\d{15}$/.test(digits) && validFifteen(digits)) return [digits, `0${digits}`];
  if (/^0\d{15}$/.test(digits) && validFifteen(digits.slice(1))) return [digits, digits.slice(1)];
  return [digits];
}
