import { checkCompanyName, ENTITY_DOCUMENTS, ENTITY_TYPES, EntityType, validateEntityProfile } from './entity-profile';
import { luhnCheckDigit } from './npwp';
import { loadRegions } from '../modules/region/region.service';

const regions = loadRegions();
const today = new Date('2026-11-23T00:00:00Z');
const npwp = `01234567${luhnCheckDigit('01234567')}012000`;
const company = (over: Record<string, string | undefined> = {}) => ({
  name: 'Furnitur Jaya',
  npwp,
  phone: '021-3456789',
  ...over,
});
const director = {
  nik: '3171011705900001',
  fullName: 'Wildan Pratama',
  position: 'Direktur Utama',
  gender: 'MALE' as const,
  birthDate: '1990-05-17',
  address: 'Jl. Merdeka No. 12',
  villageCode: '3171011001',
};
const DOCS = ['legalizationNumber', 'cooperativeNumber', 'establishmentLetterNumber'] as const;
const docsFor = (t: EntityType) =>
  Object.fromEntries(ENTITY_DOCUMENTS[t].map((d) => [d, `${d.slice(0, 3).toUpperCase()}-001/2026`]));

describe('entity profiles, per entity type', () => {
  it('covers all 14 entity types of the OSS form', () => {
    expect(ENTITY_TYPES).toHaveLength(14);
  });

  it.each(ENTITY_TYPES)('%s: accepts its documents and normalises the profile', (type) => {
    const r = validateEntityProfile(type, company(docsFor(type)), director, regions, today);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.profile.company).toMatchObject({ name: 'FURNITUR JAYA', npwp, phone: '+62213456789' });
    for (const d of DOCS) expect(r.profile.company[d] === null).toBe(!ENTITY_DOCUMENTS[type].includes(d));
    expect(r.profile.provinceCode).toBe('31');
    expect(r.profile.warnings).toEqual([]);
  });

  it.each(ENTITY_TYPES.flatMap((t) => ENTITY_DOCUMENTS[t].map((d) => [t, d] as const)))(
    '%s: requires %s',
    (type, doc) => {
      const r = validateEntityProfile(type, company({ ...docsFor(type), [doc]: undefined }), director, regions, today);
      expect(r).toEqual({
        ok: false,
        fields: { [`company.${doc}`]: expect.stringContaining(`wajib diisi untuk ${type}`) },
      });
    },
  );

  it.each(
    ENTITY_TYPES.flatMap((t) => DOCS.filter((d) => !ENTITY_DOCUMENTS[t].includes(d)).map((d) => [t, d] as const)),
  )('%s: refuses %s', (type, doc) => {
    const r = validateEntityProfile(type, company({ ...docsFor(type), [doc]: 'X-123/2026' }), director, regions, today);
    expect(r).toEqual({
      ok: false,
      fields: { [`company.${doc}`]: expect.stringContaining(`tidak digunakan untuk ${type}`) },
    });
  });

  it('groups the documents as the OSS forms do (docs/domain.md)', () => {
    expect(ENTITY_DOCUMENTS.KOPERASI).toEqual(['legalizationNumber', 'cooperativeNumber']);
    for (const t of ['YAYASAN', 'PERKUMPULAN', 'BADAN_LAYANAN_UMUM', 'BUMDES'] as const)
      expect(ENTITY_DOCUMENTS[t]).toEqual(['establishmentLetterNumber']);
    for (const t of [
      'PT',
      'PT_PERORANGAN',
      'CV',
      'FIRMA',
      'PERSEKUTUAN_PERDATA',
      'PERUM',
      'PERUMDA',
      'BADAN_HUKUM_LAINNYA',
      'BENTUK_USAHA_TETAP',
    ] as const) {
      expect(ENTITY_DOCUMENTS[t]).toEqual(['legalizationNumber']);
    }
  });

  it('names every missing company and director field', () => {
    const r = validateEntityProfile('PT', {}, {}, regions, today);
    expect(r.ok).toBe(false);
    expect(Object.keys((r as { fields: object }).fields).sort()).toEqual(
      [
        'company.name',
        'company.npwp',
        'company.legalizationNumber',
        'company.phone',
        'director.nik',
        'director.fullName',
        'director.position',
        'director.gender',
        'director.birthDate',
        'director.address',
        'director.villageCode',
      ].sort(),
    );
    expect(validateEntityProfile('PT', null, null, regions, today)).toEqual({
      ok: false,
      fields: { company: 'Data badan usaha wajib diisi.', director: 'Data penanggung jawab (direktur) wajib diisi.' },
    });
  });

  it('checks the director: NIK, address without RT/RW or postcode, known village', () => {
    const r = validateEntityProfile(
      'CV',
      company(docsFor('CV')),
      { ...director, nik: '9971011705900001', address: 'Jl. Melati RT 1 RW 2', villageCode: '3171019999' },
      regions,
      today,
    );
    expect(r).toEqual({
      ok: false,
      fields: {
        'director.nik': 'Kode provinsi 99 pada NIK tidak dikenal.',
        'director.address': 'Alamat tidak perlu mencantumkan RT/RW.',
        'director.villageCode': 'Kode kelurahan/desa tidak dikenal.',
      },
    });
    const postcode = validateEntityProfile(
      'CV',
      company(docsFor('CV')),
      { ...director, address: 'Jl. Melati No. 2 10110' },
      regions,
      today,
    );
    expect(postcode).toEqual({
      ok: false,
      fields: { 'director.address': 'Alamat tidak perlu mencantumkan kode pos.' },
    });
  });

  it('keeps a director NIK/profile disagreement as a warning', () => {
    const r = validateEntityProfile(
      'PT',
      company(docsFor('PT')),
      { ...director, birthDate: '1991-05-17', gender: 'FEMALE' },
      regions,
      today,
    );
    expect(r.ok && r.profile.warnings).toEqual([
      'Direktur: Tanggal lahir profil (1991-05-17) berbeda dengan NIK (1990-05-17).',
      'Direktur: Jenis kelamin profil (FEMALE) berbeda dengan NIK (MALE).',
    ]);
  });

  it('refuses a 16-digit NPWP that is a NIK for an entity', () => {
    const r = validateEntityProfile(
      'PT',
      company({ ...docsFor('PT'), npwp: '3171011705900001' }),
      director,
      regions,
      today,
    );
    expect(r).toEqual({
      ok: false,
      fields: { 'company.npwp': 'NPWP 16 digit badan usaha harus "0" diikuti NPWP 15 digit yang valid.' },
    });
  });
});

describe('company names', () => {
  it.each([
    ['PT Furnitur Jaya', 'FURNITUR JAYA'],
    ['PT. Furnitur Jaya', 'FURNITUR JAYA'],
    ['P.T. Furnitur Jaya', 'FURNITUR JAYA'],
    ['CV Maju Bersama', 'MAJU BERSAMA'],
    ['C.V. Maju Bersama', 'MAJU BERSAMA'],
    ['Yayasan Peduli Anak', 'PEDULI ANAK'],
    ['Koperasi Sejahtera', 'SEJAHTERA'],
    ['KOP. Sejahtera', 'SEJAHTERA'],
    ['Firma Hukum Adil', 'HUKUM ADIL'],
    ['Perumda Air Minum Tirta', 'AIR MINUM TIRTA'],
    ['Perkumpulan Pecinta Alam', 'PECINTA ALAM'],
    ['BUMDes Makmur', 'MAKMUR'],
    ['Persekutuan Perdata Sinar', 'SINAR'],
    ['Perseroan Terbatas Sinar', 'SINAR'],
  ])('refuses the prefix in %p and shows the name without it', (name, bare) => {
    expect(checkCompanyName(name)).toBe(
      `Tulis nama tanpa bentuk badan usaha di depannya: "${bare}", bukan "${name.toUpperCase()}".`,
    );
  });

  it.each(['Furnitur Jaya, PT', 'Maju Bersama, CV', 'Sinar Terang, Tbk'])('refuses the suffix in %p', (name) => {
    expect(checkCompanyName(name)).toBe('Tulis nama tanpa bentuk badan usaha (PT, CV, Tbk) di belakangnya.');
  });

  it.each([
    'Furnitur Jaya',
    'PTT Nusantara',
    'Kopi Kenangan Mantan',
    'Blue Ocean Seafood',
    'Fajar Abadi',
    'PDAM Sehat',
    'Sinar & Putra (Cabang 2)',
  ])('accepts %p', (name) => {
    expect(checkCompanyName(name)).toBeUndefined();
  });

  it('refuses names too short or with odd characters', () => {
    expect(checkCompanyName('AB')).toBe('Nama badan usaha minimal 3 karakter.');
    expect(checkCompanyName('Jaya <script>')).toMatch(/hanya boleh berisi/);
  });
});
