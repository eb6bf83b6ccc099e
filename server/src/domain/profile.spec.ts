import { checkAddress, checkBirthDate, checkFullName, genderRule, validateIndividualProfile } from './profile';
import { loadRegions } from '../modules/region/region.service';

describe('individual profile', () => {
  const regions = loadRegions();
  const today = new Date('2026-11-23T00:00:00Z');
  const valid = {
    fullName: 'Wildan  Pratama',
    birthDate: '1990-05-17',
    gender: 'MALE' as const,
    address: 'Jl. Merdeka No. 12',
    villageCode: '31.71.01.1001',
  };

  it('cleans a valid profile and derives the province from the village', () => {
    expect(validateIndividualProfile(valid, regions, today)).toEqual({
      ok: true,
      profile: {
        fullName: 'WILDAN PRATAMA',
        birthDate: '1990-05-17',
        gender: 'MALE',
        address: 'Jl. Merdeka No. 12',
        villageCode: '3171011001',
        provinceCode: '31',
      },
    });
  });

  it('names every missing or bad field', () => {
    const r = validateIndividualProfile(
      { fullName: 'W1ld@n', birthDate: '1990-02-30', villageCode: '3171019999' },
      regions,
      today,
    );
    expect(r).toEqual({
      ok: false,
      fields: {
        fullName: "Nama lengkap hanya boleh berisi huruf, spasi dan tanda . , ' -",
        birthDate: 'Tanggal lahir tidak valid.',
        gender: 'Wajib diisi.',
        address: 'Wajib diisi.',
        villageCode: 'Kode kelurahan/desa tidak dikenal.',
      },
    });
  });

  it.each(['Jl. Melati RT 03 RW 05', 'Jl. Melati RT.003/RW.005', 'Jl. Melati 003/005', 'Jl. Melati rt/rw 3/5'])(
    'rejects RT/RW in %p',
    (a) => {
      expect(checkAddress(a)).toBe('Alamat tidak perlu mencantumkan RT/RW.');
    },
  );

  it.each(['Jl. Melati No. 5 10110', 'Jl. Melati No. 5, kode pos 10110'])('rejects a postcode in %p', (a) => {
    expect(checkAddress(a)).toBe('Alamat tidak perlu mencantumkan kode pos.');
  });

  it('accepts ordinary addresses', () => {
    expect(checkAddress('Jl. Jend. Sudirman Kav. 52-53')).toBeUndefined();
    expect(checkAddress('Dusun Krajan, Blok C No. 7')).toBeUndefined();
  });

  it('refuses future birth dates', () => {
    expect(checkBirthDate('2027-01-01', today)).toBe('Tanggal lahir tidak masuk akal.');
  });

  it('wants an address of 5 to 200 characters', () => {
    expect(checkAddress(' Jl A ')).toBe('Alamat minimal 5 karakter.');
    expect(checkAddress('Jl AB')).toBeUndefined();
    expect(checkAddress(`Jl ${'a'.repeat(197)}`)).toBeUndefined();
    expect(checkAddress(`Jl ${'a'.repeat(198)}`)).toBe('Alamat maksimal 200 karakter.');
  });

  it('wants a name of 2 to 100 letters, starting with a letter', () => {
    expect(checkFullName(' A ')).toBe('Nama lengkap minimal 2 karakter.');
    expect(checkFullName('Al')).toBeUndefined();
    expect(checkFullName('A'.repeat(100))).toBeUndefined();
    expect(checkFullName('A'.repeat(101))).toBe('Nama lengkap maksimal 100 karakter.');
    expect(checkFullName('-Siti')).toBe("Nama lengkap hanya boleh berisi huruf, spasi dan tanda . , ' -");
    expect(checkFullName("Siti Nur'aini-Putri, S.E.")).toBeUndefined();
  });

  it('takes birth dates from 1900 up to today, in YYYY-MM-DD', () => {
    expect(checkBirthDate('1900-01-01', today)).toBeUndefined();
    expect(checkBirthDate('1899-12-31', today)).toBe('Tanggal lahir tidak masuk akal.');
    expect(checkBirthDate('2026-11-23', today)).toBeUndefined();
    expect(checkBirthDate('2026-11-24', today)).toBe('Tanggal lahir tidak masuk akal.');
    expect(checkBirthDate(' 1990-05-17 ', today)).toBeUndefined();
    expect(checkBirthDate('17-05-1990', today)).toBe('Tanggal lahir harus berformat YYYY-MM-DD.');
    expect(checkBirthDate('1990-13-01', today)).toBe('Tanggal lahir tidak valid.');
    expect(checkBirthDate('1990-04-31', today)).toBe('Tanggal lahir tidak valid.');
  });

  it('knows only MALE and FEMALE, and only 10-digit villages', () => {
    expect(genderRule('FEMALE')).toEqual({ ok: true, value: 'FEMALE' });
    expect(genderRule('MALE')).toEqual({ ok: true, value: 'MALE' });
    expect(genderRule('female')).toEqual({ ok: false, error: 'Pilih MALE atau FEMALE.' });
    const r = validateIndividualProfile({ ...valid, villageCode: '317101100' }, regions, today);
    expect(r).toEqual({ ok: false, fields: { villageCode: 'Kode kelurahan/desa tidak dikenal.' } });
  });
});
