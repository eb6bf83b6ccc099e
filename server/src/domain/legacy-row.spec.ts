import bcrypt from 'bcryptjs';
import { loadRegions } from '../modules/region/region.service';
import { splitCsvLine } from './csv';
import { parseCsvHeader, parseLegacyLine, sameName, validateLegacyRow } from './legacy-row';

const regions = loadRegions();
const HASH = bcrypt.hashSync('lama', 4);
const person = {
  username: 'Budi.Lama',
  email: ' Budi@Example.co.id ',
  phone: '0812-3456-7890',
  nik: '3171011705900001',
  fullName: 'Budi Santoso',
  actorType: 'INDIVIDUAL',
  entityType: null,
  npwp: null,
  passwordHash: HASH,
};

describe('OSS 1.1 import rows', () => {
  it('normalises a valid individual row', () => {
    expect(validateLegacyRow(person, regions)).toEqual({
      ok: true,
      row: expect.objectContaining({
        username: 'budi.lama',
        email: 'budi@example.co.id',
        phone: '+6281234567890',
        nik: '3171011705900001',
        provinceCode: '31',
        actorType: 'INDIVIDUAL',
        entityType: null,
      }),
    });
  });

  it('accepts a company row with its NPWP (dotted) and refuses one without', () => {
    const company = { ...person, actorType: 'BUSINESS_ENTITY', entityType: 'CV', npwp: '01.234.567.4-901.000' };
    const r = validateLegacyRow(company, regions);
    expect(r.ok && r.row.npwp).toBe('012345674901000');
    expect(validateLegacyRow({ ...company, npwp: '' }, regions)).toEqual({
      ok: false,
      reason: expect.stringContaining('npwp'),
    });
    expect(validateLegacyRow({ ...company, entityType: 'GMBH' }, regions)).toEqual({
      ok: false,
      reason: expect.stringContaining('entityType'),
    });
  });

  it.each([
    ['nik', { nik: '317101170590000' }, 'nik: NIK harus terdiri dari 16 digit'],
    ['nik province', { nik: '9971011705900001' }, 'nik: Kode provinsi 99'],
    ['npwp check digit', { npwp: '012345670901000' }, 'npwp:'],
    ['email', { email: 'budi@' }, 'email: Format email tidak valid'],
    ['phone', { phone: '0812' }, 'phone:'],
    ['no contact', { email: '', phone: null }, 'email: email atau nomor telepon wajib ada'],
    ['username', { username: 'a b' }, 'username:'],
    ['hash', { passwordHash: 'md5$salt$00' }, 'passwordHash: Hash kata sandi'],
    ['actor', { actorType: 'PERSON' }, 'actorType:'],
    ['object value', { fullName: { first: 'Budi' } }, 'fullName: harus berupa teks'],
  ])('refuses a bad %s and says which field', (_what, over, reason) => {
    expect(validateLegacyRow({ ...person, ...over }, regions)).toEqual({
      ok: false,
      reason: expect.stringContaining(reason),
    });
  });

  it('names every problem of a row at once', () => {
    const r = validateLegacyRow({ ...person, nik: '1', email: 'x', passwordHash: '' }, regions);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.split('; ').map((p) => p.split(':')[0])).toEqual(['email', 'nik', 'passwordHash']);
  });

  it('reads JSON lines and CSV lines under a header, and says why a line cannot be read', () => {
    expect(parseLegacyLine('{"username":"a"}')).toEqual({ ok: true, fields: { username: 'a' } });
    expect(parseLegacyLine('{"username":')).toEqual({ ok: false, reason: 'baris bukan JSON yang sah' });
    expect(parseLegacyLine('[1,2]').ok).toBe(false);
    const header = parseCsvHeader('\uFEFFusername,email,phone,nik,fullName,actorType,entityType,npwp,passwordHash');
    expect(parseLegacyLine('u,"a@b.id",,1,"Budi, S.E.",INDIVIDUAL,,,h', header)).toEqual({
      ok: true,
      fields: expect.objectContaining({ email: 'a@b.id', fullName: 'Budi, S.E.', phone: '' }),
    });
    expect(parseLegacyLine('u,a', header)).toEqual({ ok: false, reason: 'jumlah kolom 2, seharusnya 9' });
    expect(parseLegacyLine('u,"a,b', header)).toEqual({ ok: false, reason: 'tanda kutip tidak ditutup' });
    expect(() => parseCsvHeader('username,email')).toThrow('phone');
    expect(() => parseCsvHeader('username,email,phone,nik,fullName,actorType,entityType,npwp,passwordHash,x')).toThrow(
      'x',
    );
    expect(splitCsvLine('a,"b ""c""",d')).toEqual(['a', 'b "c"', 'd']);
  });

  it('compares names as people write them', () => {
    expect(sameName('BUDI  SANTOSO', 'budi santoso')).toBe(true);
    expect(sameName('Budi Santoso, S.E.', 'budi santoso se')).toBe(true);
    expect(sameName('Budi Santoso', 'Budi Santosa')).toBe(false);
    expect(sameName('', '')).toBe(false);
  });
});
