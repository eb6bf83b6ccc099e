import { randomInt } from 'node:crypto';

/**
 * Valid test identities. NIKs use real region codes (3171 = Kota Jakarta
 * Pusat, 317101 = Gambir) and an encoded birth date; a random serial keeps
 * them unique across tests.
 */
export function makeNik(opts: { district?: string; birthDate?: string; gender?: 'MALE' | 'FEMALE' } = {}): string {
  const district = opts.district ?? '317101';
  const [y, m, d] = (opts.birthDate ?? '1990-05-17').split('-');
  const day = Number(d) + (opts.gender === 'FEMALE' ? 40 : 0);
  return `${district}${String(day).padStart(2, '0')}${m}${y.slice(2)}${String(randomInt(1, 10000)).padStart(4, '0')}`;
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
