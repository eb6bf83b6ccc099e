import { nikProfileMismatches, parseNik } from './nik';
import { RegionIndex } from './wilayah';
import { loadRegions } from '../modules/region/region.service';

const today = new Date('2026-11-23T00:00:00Z');

describe('parseNik against the official region data', () => {
  const regions = loadRegions();

  it('decodes region, birth date and gender of a male NIK', () => {
    const r = parseNik('3171011705900001', regions, today);
    expect(r).toEqual({
      ok: true,
      warnings: [],
      info: {
        nik: '3171011705900001',
        provinceCode: '31',
        regencyCode: '3171',
        districtCode: '317101',
        birthDate: '1990-05-17',
        gender: 'MALE',
      },
    });
  });

  it('reads day + 40 as a woman born on that day', () => {
    const r = parseNik('3171015705900001', regions, today);
    expect(r.ok && r.info).toMatchObject({ birthDate: '1990-05-17', gender: 'FEMALE' });
  });

  it('reads day 41 as a woman born on the 1st (and day 71 as the 31st)', () => {
    expect(parseNik('3171014105900001', regions, today)).toMatchObject({
      ok: true,
      info: { birthDate: '1990-05-01', gender: 'FEMALE' },
    });
    expect(parseNik('3171017101900001', regions, today)).toMatchObject({
      ok: true,
      info: { birthDate: '1990-01-31', gender: 'FEMALE' },
    });
  });

  it('puts two-digit years after the current year in the last century', () => {
    const r1 = parseNik('3171010101250001', regions, today);
    const r2 = parseNik('3171010101270001', regions, today);
    expect(r1.ok && r1.info.birthDate).toBe('2025-01-01');
    expect(r2.ok && r2.info.birthDate).toBe('1927-01-01');
  });

  it('accepts spaces and dots people type', () => {
    expect(parseNik('3171 0117 0590 0001', regions, today).ok).toBe(true);
    expect(parseNik('3171.0117.0590.0001', regions, today).ok).toBe(true);
  });

  it.each([
    ['317101170590000', 'NIK harus terdiri dari 16 digit.'],
    ['31710117059000012', 'NIK harus terdiri dari 16 digit.'],
    ['31710117059000A1', 'NIK hanya boleh berisi angka.'],
    ['', 'NIK hanya boleh berisi angka.'],
  ])('rejects %p', (nik, error) => {
    expect(parseNik(nik, regions, today)).toEqual({ ok: false, error });
  });

  it('rejects an unknown province code', () => {
    const r = parseNik('9971011705900001', regions, today);
    expect(r).toEqual({ ok: false, error: 'Kode provinsi 99 pada NIK tidak dikenal.' });
  });

  it.each([
    ['3171013202900001', '32 Feb'],
    ['3171017202900001', '72 = women 32'],
    ['3171012913900001', 'month 13'],
    ['3171010000900001', 'day 0'],
    ['3171014000900001', 'day 40 (neither sex)'],
    ['3171012902010001', '29 Feb 2001'],
    ['3171016902010001', 'women 29 Feb 2001'],
  ])('rejects the impossible date in %p (%s)', (nik) => {
    const r = parseNik(nik, regions, today);
    expect(r).toEqual({ ok: false, error: 'Tanggal lahir pada NIK (digit 7-12) tidak valid.' });
  });

  it('accepts 29 Feb in a leap year, for women too', () => {
    expect(parseNik('3171016902000001', regions, today)).toMatchObject({
      ok: true,
      info: { birthDate: '2000-02-29', gender: 'FEMALE' },
    });
  });

  it('warns (not rejects) for an unknown regency or district, because regions split over time', () => {
    const regency = parseNik('3199011705900001', regions, today);
    expect(regency.ok).toBe(true);
    expect(regency.ok && regency.warnings).toEqual([
      'Kode kabupaten/kota 3199 pada NIK tidak ada dalam data wilayah terbaru.',
    ]);
    const district = parseNik('3171991705900001', regions, today);
    expect(district.ok && district.warnings).toEqual([
      'Kode kecamatan 317199 pada NIK tidak ada dalam data wilayah terbaru.',
    ]);
  });
});

describe('nikProfileMismatches', () => {
  const regions = new RegionIndex({
    provinces: [{ code: '31', name: 'DKI' }],
    regencies: [],
    districts: [],
    villages: [],
  });
  const parsed = parseNik('3171015705900001', regions, today);
  const info = parsed.ok ? parsed.info : (undefined as never);

  it('is empty when the profile agrees with the NIK', () => {
    expect(nikProfileMismatches(info, { birthDate: '1990-05-17', gender: 'FEMALE' })).toEqual([]);
  });

  it('reports a different birth date and gender as warnings', () => {
    expect(nikProfileMismatches(info, { birthDate: '1990-05-18', gender: 'MALE' })).toEqual([
      'Tanggal lahir profil (1990-05-18) berbeda dengan NIK (1990-05-17).',
      'Jenis kelamin profil (MALE) berbeda dengan NIK (FEMALE).',
    ]);
  });
});
