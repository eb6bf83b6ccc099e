import countries from 'i18n-iso-countries';
import type { FieldErrors } from '../shared/errors';
import type { Gender } from './nik';
import { checkBirthDate } from './profile';

/** The fields of the OSS passport form, for individual foreign applicants (WNA). */
export interface PassportInput {
  number?: string | null;
  issuingCountry?: string | null;
  issueDate?: string | null;
  expiryDate?: string | null;
  issuingOffice?: string | null;
  gender?: Gender | null;
  nationality?: string | null;
  placeOfBirth?: string | null;
  birthDate?: string | null;
}

export interface Passport {
  number: string;
  issuingCountry: string;
  issueDate: string;
  expiryDate: string;
  issuingOffice: string;
  gender: Gender;
  nationality: string;
  placeOfBirth: string;
  birthDate: string;
}

/** ISO 3166-1 alpha-2 (or alpha-3) → alpha-2, from the maintained i18n-iso-countries data. */
export function countryCode(input: string): string | undefined {
  const c = input.trim().toUpperCase();
  if (c.length === 2 && countries.isValid(c)) return c;
  if (c.length === 3) return countries.alpha3ToAlpha2(c) ?? undefined;
  return undefined;
}

function isoDate(value: string | null | undefined): Date | undefined {
  const m = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim()) : null;
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1 ? d : undefined;
}

export function validatePassport(
  input: PassportInput,
  today: Date = new Date(),
): { ok: true; passport: Passport } | { ok: false; fields: FieldErrors } {
  const f: FieldErrors = {};
  const req = 'Wajib diisi.';
  const number = (input.number ?? '').replace(/\s/g, '').toUpperCase();
  if (!number) f['passport.number'] = req;
  else if (!/^[A-Z0-9]{6,20}$/.test(number)) f['passport.number'] = 'Nomor paspor 6-20 huruf/angka.';
  const issuing = input.issuingCountry ? countryCode(input.issuingCountry) : undefined;
  if (!input.issuingCountry) f['passport.issuingCountry'] = req;
  else if (!issuing) f['passport.issuingCountry'] = 'Negara penerbit harus kode negara ISO 3166 (mis. SG, MYS).';
  const nationality = input.nationality ? countryCode(input.nationality) : undefined;
  if (!input.nationality) f['passport.nationality'] = req;
  else if (!nationality) f['passport.nationality'] = 'Kewarganegaraan harus kode negara ISO 3166 (mis. SG, MYS).';
  else if (nationality === 'ID')
    f['passport.nationality'] = 'Warga Negara Indonesia mendaftar dengan NIK, bukan paspor.';
  const today0 = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const issue = isoDate(input.issueDate);
  const expiry = isoDate(input.expiryDate);
  if (!input.issueDate) f['passport.issueDate'] = req;
  else if (!issue) f['passport.issueDate'] = 'Tanggal terbit harus tanggal yang valid (YYYY-MM-DD).';
  else if (issue > today0) f['passport.issueDate'] = 'Tanggal terbit tidak boleh di masa depan.';
  if (!input.expiryDate) f['passport.expiryDate'] = req;
  else if (!expiry) f['passport.expiryDate'] = 'Tanggal habis berlaku harus tanggal yang valid (YYYY-MM-DD).';
  else if (expiry <= today0) f['passport.expiryDate'] = 'Paspor sudah habis masa berlakunya.';
  else if (issue && expiry <= issue) f['passport.expiryDate'] = 'Tanggal habis berlaku harus setelah tanggal terbit.';
  const office = input.issuingOffice?.trim() ?? '';
  if (!office) f['passport.issuingOffice'] = req;
  else if (office.length < 2 || office.length > 100) f['passport.issuingOffice'] = 'Kantor penerbit 2-100 karakter.';
  if (!input.gender) f['passport.gender'] = req;
  const place = input.placeOfBirth?.trim() ?? '';
  if (!place) f['passport.placeOfBirth'] = req;
  else if (place.length < 2 || place.length > 100) f['passport.placeOfBirth'] = 'Tempat lahir 2-100 karakter.';
  if (!input.birthDate) f['passport.birthDate'] = req;
  else {
    const e = checkBirthDate(input.birthDate, today);
    if (e) f['passport.birthDate'] = e;
    else if (issue && isoDate(input.birthDate)! > issue)
      f['passport.birthDate'] = 'Tanggal lahir harus sebelum tanggal terbit paspor.';
  }
  if (Object.keys(f).length) return { ok: false, fields: f };
  return {
    ok: true,
    passport: {
      number,
      issuingCountry: issuing!,
      issueDate: input.issueDate!.trim(),
      expiryDate: input.expiryDate!.trim(),
      issuingOffice: office,
      gender: input.gender!,
      nationality: nationality!,
      placeOfBirth: place,
      birthDate: input.birthDate!.trim(),
    },
  };
}
