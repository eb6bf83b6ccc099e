import { luhnCheckDigit, normalizeNpwp, npwpForms } from './npwp';

describe('NPWP', () => {
  // 01.234.567.8-... : Luhn over 01234567 gives 8? computed below, not assumed.
  const base = '01234567';
  const check = luhnCheckDigit(base);
  const valid15 = `${base}${check}012000`;
  const formatted = `${valid15.slice(0, 2)}.${valid15.slice(2, 5)}.${valid15.slice(5, 8)}.${valid15[8]}-${valid15.slice(9, 12)}.${valid15.slice(12)}`;

  it('computes Luhn check digits (known vectors)', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3); // the classic Luhn example 79927398713
    expect(luhnCheckDigit('0')).toBe(0);
    expect(luhnCheckDigit('09')).toBe(1); // 091 is Luhn-valid
  });

  it.each([
    [valid15, valid15],
    [formatted, valid15],
    [`0${valid15}`, `0${valid15}`],
    [`0${formatted}`, `0${valid15}`],
    [` ${formatted} `, valid15],
  ])('accepts %p as %p', (input, npwp) => {
    expect(normalizeNpwp(input)).toEqual({ ok: true, npwp });
  });

  it('knows the 15- and 16-digit forms of one NPWP, and nothing else as one', () => {
    expect(npwpForms(valid15)).toEqual([valid15, `0${valid15}`]);
    expect(npwpForms(`0${valid15}`)).toEqual([`0${valid15}`, valid15]);
    expect(npwpForms('3171011705900001')).toEqual(['3171011705900001']);
    expect(npwpForms(`${base}${(check + 1) % 10}012000`)).toEqual([`${base}${(check + 1) % 10}012000`]);
  });

  it('rejects a wrong check digit in the 15- and 16-digit forms', () => {
    const bad = `${base}${(check + 1) % 10}012000`;
    expect(normalizeNpwp(bad)).toEqual({
      ok: false,
      error: 'NPWP tidak valid: digit ke-9 (digit pemeriksa) tidak cocok.',
    });
    expect(normalizeNpwp(`0${bad}`).ok).toBe(false);
  });

  it.each(['1234', '12345678901234567', '01.234.567.X-012.000'])('rejects %p', (input) => {
    expect(normalizeNpwp(input).ok).toBe(false);
  });

  it('accepts a NIK as a 16-digit NPWP only for individuals', () => {
    const nik = '3171011705900001';
    expect(normalizeNpwp(nik)).toEqual({
      ok: false,
      error: 'NPWP 16 digit badan usaha harus "0" diikuti NPWP 15 digit yang valid.',
    });
    expect(normalizeNpwp(nik, { allowNik: true })).toEqual({ ok: true, npwp: nik });
    expect(normalizeNpwp(nik, { allowNik: true, isNik: () => false }).ok).toBe(false);
  });
});
