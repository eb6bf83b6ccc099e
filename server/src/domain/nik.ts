import type { RegionLookup } from './wilayah';

/**
 * NIK (Nomor Induk Kependudukan): 16 digits.
 *   PP RR DD  DDMMYY  NNNN
 *   |  |  |   |       └ serial (no check digit exists)
 *   |  |  |   └ birth date; women add 40 to the day
 *   └──┴──┴ province / regency / district codes
 * Regions split over time, so an unknown regency or district is a warning;
 * an unknown province is an error.
 */
export type Gender = 'MALE' | 'FEMALE';

export interface NikInfo {
  nik: string;
  provinceCode: string;
  regencyCode: string;
  districtCode: string;
  /** ISO date (YYYY-MM-DD) */
  birthDate: string;
  gender: Gender;
}

export type NikResult = { ok: true; info: NikInfo; warnings: string[] } | { ok: false; error: string };

/** Removes spaces, dots and dashes that people type into a NIK. */
export function normalizeNik(input: string): string {
  return input.replace(/[\s.-]/g, '');
}

function isValidDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/**
 * Two-digit years: a year not after the current one (in `today`) is this
 * century, otherwise the last one (a NIK holder is born in the past).
 */
export function parseNik(input: string, regions: RegionLookup, today: Date = new Date()): NikResult {
  const nik = normalizeNik(input);
  if (!/^\d+$/.test(nik)) return { ok: false, error: 'NIK hanya boleh berisi angka.' };
  if (nik.length !== 16) return { ok: false, error: 'NIK harus terdiri dari 16 digit.' };
  const provinceCode = nik.slice(0, 2);
  const regencyCode = nik.slice(0, 4);
  const districtCode = nik.slice(0, 6);
  if (!regions.hasProvince(provinceCode)) {
    return { ok: false, error: `Kode provinsi ${provinceCode} pada NIK tidak dikenal.` };
  }
  const warnings: string[] = [];
  if (!regions.hasRegency(regencyCode)) {
    warnings.push(`Kode kabupaten/kota ${regencyCode} pada NIK tidak ada dalam data wilayah terbaru.`);
  } else if (!regions.hasDistrict(districtCode)) {
    warnings.push(`Kode kecamatan ${districtCode} pada NIK tidak ada dalam data wilayah terbaru.`);
  }
  let day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  let gender: Gender = 'MALE';
  if (day > 40) {
    day -= 40;
    gender = 'FEMALE';
  }
  const currentYY = today.getUTCFullYear() % 100;
  const century = Math.floor(today.getUTCFullYear() / 100) * 100;
  const year = yy <= currentYY ? century + yy : century - 100 + yy;
  if (!isValidDate(year, month, day)) {
    return { ok: false, error: 'Tanggal lahir pada NIK (digit 7-12) tidak valid.' };
  }
  const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { ok: true, info: { nik, provinceCode, regencyCode, districtCode, birthDate, gender }, warnings };
}

/**
 * Compares a profile with what the NIK encodes. Disagreements are warnings
 * for the helpdesk, never a rejection: NIKs are not reissued when wrong.
 */
export function nikProfileMismatches(info: NikInfo, profile: { birthDate?: string; gender?: Gender }): string[] {
  const out: string[] = [];
  if (profile.birthDate && profile.birthDate !== info.birthDate) {
    out.push(`Tanggal lahir profil (${profile.birthDate}) berbeda dengan NIK (${info.birthDate}).`);
  }
  if (profile.gender && profile.gender !== info.gender) {
    out.push(`Jenis kelamin profil (${profile.gender}) berbeda dengan NIK (${info.gender}).`);
  }
  return out;
}
