import { looksLikePhone, normalizePhone } from './phone';

describe('normalizePhone', () => {
  it.each([
    ['081234567890', '+6281234567890'],
    ['81234567890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['+6281234567890', '+6281234567890'],
    ['+62 812-3456-7890', '+6281234567890'],
    ['(0812) 3456 7890', '+6281234567890'],
    ['0812345678', '+62812345678'], // 10 digits: the shortest
    ['0812345678901', '+62812345678901'], // 13 digits: the longest
  ])('%p -> %p', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['081234567', 'Nomor telepon harus 10 sampai 13 digit (diawali 08).'],
    ['08123456789012', 'Nomor telepon harus 10 sampai 13 digit (diawali 08).'],
    ['+6581234567', 'Hanya nomor Indonesia (+62) yang dapat digunakan.'],
    ['0212345678', 'Nomor telepon harus diawali 08, 8, 62 atau +62.'],
    ['6221234567', 'Nomor telepon harus nomor seluler (08…).'],
    ['0812abc4567', 'Nomor telepon hanya boleh berisi angka (boleh diawali +).'],
    ['', 'Nomor telepon hanya boleh berisi angka (boleh diawali +).'],
  ])('rejects %p', (input, error) => {
    expect(normalizePhone(input)).toEqual({ ok: false, error });
  });

  it('tells phone identifiers from usernames and emails', () => {
    expect(looksLikePhone('0812 3456 7890')).toBe(true);
    expect(looksLikePhone('+6281234567890')).toBe(true);
    expect(looksLikePhone('wildan4711a')).toBe(false);
    expect(looksLikePhone('a@b.co')).toBe(false);
  });

  it('accepts a company landline only where landlines are allowed', () => {
    expect(normalizePhone('021-5550123', { allowLandline: true })).toEqual({ ok: true, e164: '+62215550123' });
    expect(normalizePhone('+62 21 5550 1234', { allowLandline: true })).toEqual({ ok: true, e164: '+622155501234' });
    expect(normalizePhone('+62 21 5550 1234')).toEqual({
      ok: false,
      error: 'Nomor telepon harus nomor seluler (08…).',
    });
    expect(normalizePhone('0215550123')).toEqual({
      ok: false,
      error: 'Nomor telepon harus diawali 08, 8, 62 atau +62.',
    });
    // 02x with too few digits is neither a landline nor a mobile number.
    expect(normalizePhone('0215550', { allowLandline: true })).toEqual({
      ok: false,
      error: 'Nomor telepon harus nomor seluler (08…).',
    });
  });

  it('counts a phone identifier from 9 characters on', () => {
    expect(looksLikePhone(' 081234567 ')).toBe(true);
    expect(looksLikePhone('08123456')).toBe(false);
    expect(looksLikePhone('0812345678x')).toBe(false);
  });
});
