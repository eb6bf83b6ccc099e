import { randomInt } from 'node:crypto';

/**
 * Valid test identities. NIKs use real region codes (3171 = Kota Jakarta
 * Pusat, 317101 = Gambir) and an encoded birth date; serials are handed out
 * in turn from a random start, so one test file (one database) never gets the
 * same NIK twice.
 */
let serial = randomInt(0, 5000);
export function makeNik(opts: { district?: string; birthDate?: string; gender?: 'MALE' | 'FEMALE' } = {}): string {
  const district = opts.district ?? '317101';
  const [y, m, d] = (opts.birthDate ?? '1990-05-17').split('-');
  const day = Number(d) + (opts.gender === 'FEMALE' ? 40 : 0);
  serial = (serial % 9999) + 1;
  return `${district}${String(day).padStart(2, '0')}${m}${y.slice(2)}${String(serial).padStart(4, '0')}`;
}

export function makeEmail(prefix = 'pelaku'): string {
  return `${prefix}.${randomInt(1e8, 1e9)}@example.co.id`;
}

/** National form 08…, 12 digits. */
export function makePhone(): string {
  return `0812${String(randomInt(1e7, 1e8))}`;
}

export function toE164(national: string): string {
  return `+62${national.slice(1)}`;
}

export function makeProfile(overrides: Record<string, unknown> = {}) {
  return {
    fullName: 'Wildan Pratama',
    birthDate: '1990-05-17',
    gender: 'MALE',
    address: 'Jl. Merdeka Barat No. 12',
    villageCode: '3171011001', // Gambir, Gambir, Jakarta Pusat
    ...overrides,
  };
}

export const STRONG_PASSWORD = 'Usaha#2026Maju';

/** A valid 15-digit NPWP (Luhn check digit in 9th position), random. */
export function makeNpwp(): string {
  const head = String(randomInt(1e7, 1e8));
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    let d = Number(head[7 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${head}${(10 - (sum % 10)) % 10}${String(randomInt(0, 1e6)).padStart(6, '0')}`;
}

/** Company documents each entity type's form asks for (docs/domain.md, "Business entities"). */
export function makeCompany(entityType: string, overrides: Record<string, unknown> = {}) {
  const docs: Record<string, string> =
    entityType === 'KOPERASI'
      ? { legalizationNumber: 'AHU-0012345.AH.01.26', cooperativeNumber: '3171010020001' }
      : ['YAYASAN', 'PERKUMPULAN', 'BADAN_LAYANAN_UMUM', 'BUMDES'].includes(entityType)
        ? { establishmentLetterNumber: 'PERDES/07/2026' }
        : { legalizationNumber: 'AHU-0054321.AH.01.01' };
  return { name: 'Furnitur Jaya', npwp: makeNpwp(), phone: '021-3456789', ...docs, ...overrides };
}

export function makeDirector(overrides: Record<string, unknown> = {}) {
  return {
    nik: makeNik({ birthDate: '1980-02-11' }),
    fullName: 'Budi Santoso',
    position: 'Direktur Utama',
    gender: 'MALE',
    birthDate: '1980-02-11',
    address: 'Jl. Gajah Mada No. 7',
    villageCode: '3171011001',
    ...overrides,
  };
}

export function makePassport(overrides: Record<string, unknown> = {}) {
  return {
    number: `E${randomInt(1e6, 1e7)}`,
    issuingCountry: 'SG',
    issueDate: '2022-03-01',
    expiryDate: '2032-02-28',
    issuingOffice: 'ICA Singapore',
    gender: 'FEMALE',
    nationality: 'SGP',
    placeOfBirth: 'Singapore',
    birthDate: '1985-07-09',
    ...overrides,
  };
}
