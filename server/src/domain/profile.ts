import type { FieldErrors } from '../shared/errors';
import type { Gender } from './nik';
import type { RegionLookup } from './wilayah';

/**
 * Profile rules shared by individuals and (later) directors. Addresses
 * exclude RT/RW and the postcode (the OSS form has separate fields / hints).
 */
export function checkAddress(address: string): string | undefined {
  const a = address.trim();
  if (a.length < 5) return 'Alamat minimal 5 karakter.';
  if (a.length > 200) return 'Alamat maksimal 200 karakter.';
  if (/\bR\.?\s*[TW]\.?\s*[:.]?\s*\d/i.test(a) || /\bRT\s*\/\s*RW\b/i.test(a) || /\b\d{3}\s*\/\s*\d{3}\b/.test(a)) {
    return 'Alamat tidak perlu mencantumkan RT/RW.';
  }
  if (/\b\d{5}\b/.test(a) || /kode\s*pos/i.test(a)) return 'Alamat tidak perlu mencantumkan kode pos.';
  return undefined;
}

export function checkFullName(name: string): string | undefined {
  const n = name.trim();
  if (n.length < 2) return 'Nama lengkap minimal 2 karakter.';
  if (n.length > 100) return 'Nama lengkap maksimal 100 karakter.';
  if (!/^[\p{L}][\p{L} .,'-]*$/u.test(n)) return "Nama lengkap hanya boleh berisi huruf, spasi dan tanda . , ' -";
  return undefined;
}

/** ISO YYYY-MM-DD, a real date, not in the future, not before 1900. */
export function checkBirthDate(value: string, today: Date = new Date()): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return 'Tanggal lahir harus berformat YYYY-MM-DD.';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d)
    return 'Tanggal lahir tidak valid.';
  if (y < 1900 || dt.getTime() > today.getTime()) return 'Tanggal lahir tidak masuk akal.';
  return undefined;
}

export interface IndividualProfileInput {
  fullName?: string | null;
  birthDate?: string | null;
  gender?: Gender | null;
  address?: string | null;
  villageCode?: string | null;
}

export interface IndividualProfile {
  fullName: string;
  birthDate: string;
  gender: Gender;
  address: string;
  villageCode: string;
  provinceCode: string;
}

/** Validates an individual applicant's profile; returns field errors or the cleaned profile. */
export function validateIndividualProfile(
  input: IndividualProfileInput,
  regions: RegionLookup,
  today: Date = new Date(),
): { ok: true; profile: IndividualProfile } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {};
  const req = 'Wajib diisi.';
  if (!input.fullName) fields.fullName = req;
  else {
    const e = checkFullName(input.fullName);
    if (e) fields.fullName = e;
  }
  if (!input.birthDate) fields.birthDate = req;
  else {
    const e = checkBirthDate(input.birthDate, today);
    if (e) fields.birthDate = e;
  }
  if (!input.gender) fields.gender = req;
  if (!input.address) fields.address = req;
  else {
    const e = checkAddress(input.address);
    if (e) fields.address = e;
  }
  const villageCode = input.villageCode?.replace(/\./g, '').trim() ?? '';
  if (!villageCode) fields.villageCode = req;
  else if (!regions.village(villageCode)) fields.villageCode = 'Kode kelurahan/desa tidak dikenal.';
  if (Object.keys(fields).length) return { ok: false, fields };
  return {
    ok: true,
    profile: {
      fullName: input.fullName!.trim().replace(/\s+/g, ' ').toUpperCase(),
      birthDate: input.birthDate!.trim(),
      gender: input.gender!,
      address: input.address!.trim(),
      villageCode,
      provinceCode: villageCode.slice(0, 2),
    },
  };
}
