import { countryCode, validatePassport } from './passport';

const today = new Date('2026-11-23T00:00:00Z');
const valid = {
  number: 'e1234567',
  issuingCountry: 'SG',
  issueDate: '2022-03-01',
  expiryDate: '2032-02-28',
  issuingOffice: 'ICA Singapore',
  gender: 'FEMALE' as const,
  nationality: 'SGP',
  placeOfBirth: 'Singapore',
  birthDate: '1985-07-09',
};

describe('passport (WNA)', () => {
  it('accepts the OSS passport form and normalises country codes to alpha-2', () => {
    expect(validatePassport(valid, today)).toEqual({
      ok: true,
      passport: { ...valid, number: 'E1234567', nationality: 'SG' },
    });
  });

  it.each([
    [{ expiryDate: '2026-11-23' }, { 'passport.expiryDate': 'Paspor sudah habis masa berlakunya.' }],
    [{ expiryDate: '2020-01-01' }, { 'passport.expiryDate': 'Paspor sudah habis masa berlakunya.' }],
    [{ issueDate: '2027-01-01' }, { 'passport.issueDate': 'Tanggal terbit tidak boleh di masa depan.' }],
    [
      { issueDate: '2026-01-10', expiryDate: '2026-01-09' },
      { 'passport.expiryDate': 'Paspor sudah habis masa berlakunya.' },
    ],
    [{ issueDate: '2026-02-30' }, { 'passport.issueDate': 'Tanggal terbit harus tanggal yang valid (YYYY-MM-DD).' }],
    [{ birthDate: '2023-01-01' }, { 'passport.birthDate': 'Tanggal lahir harus sebelum tanggal terbit paspor.' }],
    [
      { issuingCountry: 'XX' },
      { 'passport.issuingCountry': 'Negara penerbit harus kode negara ISO 3166 (mis. SG, MYS).' },
    ],
    [{ nationality: 'ID' }, { 'passport.nationality': 'Warga Negara Indonesia mendaftar dengan NIK, bukan paspor.' }],
    [{ nationality: 'IDN' }, { 'passport.nationality': 'Warga Negara Indonesia mendaftar dengan NIK, bukan paspor.' }],
    [{ number: 'AB-12' }, { 'passport.number': 'Nomor paspor 6-20 huruf/angka.' }],
  ])('refuses %p', (over, fields) => {
    expect(validatePassport({ ...valid, ...over }, today)).toEqual({ ok: false, fields });
  });

  it('wants an expiry after the issue date', () => {
    expect(
      validatePassport({ ...valid, issueDate: '2026-01-10', expiryDate: '2026-12-01', birthDate: '1985-07-09' }, today)
        .ok,
    ).toBe(true);
    expect(validatePassport({ ...valid, issueDate: '2030-01-01' }, today)).toMatchObject({ ok: false });
    const r = validatePassport(
      { ...valid, issueDate: '2026-11-01', expiryDate: '2026-12-01' },
      new Date('2026-11-23T00:00:00Z'),
    );
    expect(r.ok).toBe(true);
  });

  it('lists every missing field', () => {
    const r = validatePassport({}, today);
    expect(Object.keys((r as { fields: object }).fields).sort()).toEqual(
      [
        'birthDate',
        'expiryDate',
        'gender',
        'issueDate',
        'issuingCountry',
        'issuingOffice',
        'nationality',
        'number',
        'placeOfBirth',
      ].map((k) => `passport.${k}`),
    );
  });

  it('knows ISO 3166 alpha-2 and alpha-3 codes', () => {
    expect(countryCode('my')).toBe('MY');
    expect(countryCode('JPN')).toBe('JP');
    expect(countryCode('ZZ')).toBeUndefined();
  });

  it.each([
    [{ number: 'A12345' }, true],
    [{ number: 'A1234' }, { 'passport.number': 'Nomor paspor 6-20 huruf/angka.' }],
    [{ number: 'A'.repeat(20) }, true],
    [{ number: 'A'.repeat(21) }, { 'passport.number': 'Nomor paspor 6-20 huruf/angka.' }],
    [{ issueDate: '2026-11-23' }, true],
    [{ issueDate: '2026-11-24' }, { 'passport.issueDate': 'Tanggal terbit tidak boleh di masa depan.' }],
    [{ issueDate: '2022-02-30' }, { 'passport.issueDate': 'Tanggal terbit harus tanggal yang valid (YYYY-MM-DD).' }],
    [{ expiryDate: '2026-11-24' }, true],
    [
      { expiryDate: '2032-13-01' },
      { 'passport.expiryDate': 'Tanggal habis berlaku harus tanggal yang valid (YYYY-MM-DD).' },
    ],
    [{ issuingOffice: 'IC' }, true],
    [{ issuingOffice: ' I ' }, { 'passport.issuingOffice': 'Kantor penerbit 2-100 karakter.' }],
    [{ issuingOffice: 'I'.repeat(100) }, true],
    [{ issuingOffice: 'I'.repeat(101) }, { 'passport.issuingOffice': 'Kantor penerbit 2-100 karakter.' }],
    [{ placeOfBirth: 'Ba' }, true],
    [{ placeOfBirth: 'B' }, { 'passport.placeOfBirth': 'Tempat lahir 2-100 karakter.' }],
    [{ placeOfBirth: 'B'.repeat(100) }, true],
    [{ placeOfBirth: 'B'.repeat(101) }, { 'passport.placeOfBirth': 'Tempat lahir 2-100 karakter.' }],
    [{ birthDate: '2022-03-01' }, true],
    [{ birthDate: '2022-03-02' }, { 'passport.birthDate': 'Tanggal lahir harus sebelum tanggal terbit paspor.' }],
    [{ birthDate: '1985-02-30' }, { 'passport.birthDate': 'Tanggal lahir tidak valid.' }],
    [{ nationality: 'IDN' }, { 'passport.nationality': 'Warga Negara Indonesia mendaftar dengan NIK, bukan paspor.' }],
    [{ nationality: 'XX' }, { 'passport.nationality': 'Kewarganegaraan harus kode negara ISO 3166 (mis. SG, MYS).' }],
    [
      { issuingCountry: 'XYZ' },
      { 'passport.issuingCountry': 'Negara penerbit harus kode negara ISO 3166 (mis. SG, MYS).' },
    ],
  ])('at its edge: %p', (change, expected) => {
    const r = validatePassport({ ...valid, ...change }, today);
    expect(r).toEqual(expected === true ? { ok: true, passport: expect.any(Object) } : { ok: false, fields: expected });
  });
});
