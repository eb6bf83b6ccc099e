import type { FieldErrors } from '../shared/errors';
import type { Gender } from './nik';
import type { RegionLookup } from './wilayah';
import { checked, fail, FieldRule, ok, parseFields, upperName } from './fields';

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

export const genderRule: FieldRule<Gender> = (v) =>
  v === 'MALE' || v === 'FEMALE' ? ok(v) : fail('Pilih MALE atau FEMALE.');

/** A 10-digit village code (dots allowed) known to the official region data. */
export function villageRule(regions: RegionLookup): FieldRule<string> {
  return (v) => {
    const code = v.replace(/\./g, '').trim();
    return regions.village(code) ? ok(code) : fail('Kode kelurahan/desa tidak dikenal.');
  };
}

/** The fields of a person (an individual applicant, or an entity's director), one rule each. */
export function personRules(regions: RegionLookup, today: Date) {
  return {
    fullName: checked(checkFullName, upperName),
    birthDate: checked((v) => checkBirthDate(v, today)),
    gender: genderRule,
    address: checked(checkAddress),
    villageCode: villageRule(regions),
  };
}

/** Validates an individual applicant's profile; returns field errors or the cleaned profile. */
export function validateIndividualProfile(
  input: IndividualProfileInput,
  regions: RegionLookup,
  today: Date = new Date(),
): { ok: true; profile: IndividualProfile } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {};
  const p = parseFields(input, personRules(regions, today), fields);
  if (!p) return { ok: false, fields };
  return { ok: true, profile: { ...p, provinceCode: p.villageCode.slice(0, 2) } };
}
