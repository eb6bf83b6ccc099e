import type { FieldErrors } from '../shared/errors';
import { Gender, nikProfileMismatches, parseNik } from './nik';
import { normalizeNpwp } from './npwp';
import { normalizePhone } from './phone';
import { checkAddress, checkBirthDate, checkFullName } from './profile';
import type { RegionLookup } from './wilayah';

/**
 * Business-entity profiles, per the OSS forms (DESIGN.md "Entity profile").
 * Which registration document each legal form carries:
 *   SK pengesahan (legalizationNumber): PT … BENTUK_USAHA_TETAP, and KOPERASI
 *   Nomor Induk Koperasi (cooperativeNumber): KOPERASI only
 *   founding letter/regulation (establishmentLetterNumber): YAYASAN, PERKUMPULAN, BADAN_LAYANAN_UMUM, BUMDES
 * A document the form does not have is refused, not silently dropped.
 */
export type EntityType =
  | 'PT'
  | 'PT_PERORANGAN'
  | 'CV'
  | 'FIRMA'
  | 'PERSEKUTUAN_PERDATA'
  | 'PERUM'
  | 'PERUMDA'
  | 'BADAN_HUKUM_LAINNYA'
  | 'KOPERASI'
  | 'PERKUMPULAN'
  | 'YAYASAN'
  | 'BADAN_LAYANAN_UMUM'
  | 'BENTUK_USAHA_TETAP'
  | 'BUMDES';

type DocumentField = 'legalizationNumber' | 'cooperativeNumber' | 'establishmentLetterNumber';
const DOCUMENTS: DocumentField[] = ['legalizationNumber', 'cooperativeNumber', 'establishmentLetterNumber'];

export const ENTITY_DOCUMENTS: Record<EntityType, DocumentField[]> = {
  PT: ['legalizationNumber'],
  PT_PERORANGAN: ['legalizationNumber'],
  CV: ['legalizationNumber'],
  FIRMA: ['legalizationNumber'],
  PERSEKUTUAN_PERDATA: ['legalizationNumber'],
  PERUM: ['legalizationNumber'],
  PERUMDA: ['legalizationNumber'],
  BADAN_HUKUM_LAINNYA: ['legalizationNumber'],
  BENTUK_USAHA_TETAP: ['legalizationNumber'],
  KOPERASI: ['legalizationNumber', 'cooperativeNumber'],
  YAYASAN: ['establishmentLetterNumber'],
  PERKUMPULAN: ['establishmentLetterNumber'],
  BADAN_LAYANAN_UMUM: ['establishmentLetterNumber'],
  BUMDES: ['establishmentLetterNumber'],
};
export const ENTITY_TYPES = Object.keys(ENTITY_DOCUMENTS) as EntityType[];

const DOCUMENT_LABEL: Record<DocumentField, string> = {
  legalizationNumber: 'Nomor SK pengesahan',
  cooperativeNumber: 'Nomor Induk Koperasi',
  establishmentLetterNumber: 'Nomor surat/peraturan pendirian',
};

// Legal-form words written before (or after, ", PT") the name on letterheads.
const PREFIX =
  /^(p\.?\s?t\.?|c\.?\s?v\.?|firma|fa\.?|persekutuan\s+perdata|perseroan\s+terbatas|perseroan\s+komanditer|perumda|perum|pd\.?|koperasi|kop\.?|ksp|yayasan|yys\.?|perkumpulan|blu|bum\s*des(a)?)(\s|$)/i;
const SUFFIX = /,\s*(p\.?\s?t\.?|c\.?\s?v\.?|tbk\.?)\s*$/i;

export function checkCompanyName(name: string): string | undefined {
  const n = name.trim();
  if (n.length < 3) return 'Nama badan usaha minimal 3 karakter.';
  if (n.length > 150) return 'Nama badan usaha maksimal 150 karakter.';
  const prefix = PREFIX.exec(n);
  if (prefix) {
    return `Tulis nama tanpa bentuk badan usaha di depannya: "${n.slice(prefix[0].length).trim().toUpperCase() || 'NAMA'}", bukan "${n.toUpperCase()}".`;
  }
  if (SUFFIX.test(n)) return 'Tulis nama tanpa bentuk badan usaha (PT, CV, Tbk) di belakangnya.';
  if (!/^[\p{L}\d][\p{L}\d .,&'()\-/]*$/u.test(n))
    return "Nama badan usaha hanya boleh berisi huruf, angka, spasi dan . , & ' ( ) - /";
  return undefined;
}

function checkDocumentNumber(v: string): string | undefined {
  const t = v.trim();
  if (t.length < 3 || t.length > 100) return 'Nomor dokumen 3-100 karakter.';
  if (!/^[\p{L}\d .\-/]+$/u.test(t))
    return 'Nomor dokumen hanya boleh berisi huruf, angka, spasi, titik, strip dan garis miring.';
  return undefined;
}

export interface CompanyInput {
  name?: string | null;
  npwp?: string | null;
  legalizationNumber?: string | null;
  cooperativeNumber?: string | null;
  establishmentLetterNumber?: string | null;
  phone?: string | null;
}

export interface DirectorInput {
  nik?: string | null;
  fullName?: string | null;
  position?: string | null;
  gender?: Gender | null;
  birthDate?: string | null;
  address?: string | null;
  villageCode?: string | null;
}

export interface EntityProfile {
  company: {
    name: string;
    npwp: string;
    legalizationNumber: string | null;
    cooperativeNumber: string | null;
    establishmentLetterNumber: string | null;
    phone: string;
  };
  director: {
    nik: string;
    fullName: string;
    position: string;
    gender: Gender;
    birthDate: string;
    address: string;
    villageCode: string;
  };
  provinceCode: string;
  /** Director NIK/profile disagreements and region-data gaps, for the helpdesk. */
  warnings: string[];
}

export function validateEntityProfile(
  entityType: EntityType,
  company: CompanyInput | null | undefined,
  director: DirectorInput | null | undefined,
  regions: RegionLookup,
  today: Date = new Date(),
): { ok: true; profile: EntityProfile } | { ok: false; fields: FieldErrors } {
  const f: FieldErrors = {};
  const req = 'Wajib diisi.';
  const c = company ?? {};
  const d = director ?? {};
  if (!company) f.company = 'Data badan usaha wajib diisi.';
  if (!director) f.director = 'Data penanggung jawab (direktur) wajib diisi.';

  if (company) {
    if (!c.name) f['company.name'] = req;
    else {
      const e = checkCompanyName(c.name);
      if (e) f['company.name'] = e;
    }
    if (!c.npwp) f['company.npwp'] = req;
    else {
      const r = normalizeNpwp(c.npwp);
      if (!r.ok) f['company.npwp'] = r.error;
    }
    const needed = ENTITY_DOCUMENTS[entityType];
    for (const doc of DOCUMENTS) {
      const v = c[doc];
      if (needed.includes(doc)) {
        if (!v?.trim()) f[`company.${doc}`] = `${DOCUMENT_LABEL[doc]} wajib diisi untuk ${entityType}.`;
        else {
          const e = checkDocumentNumber(v);
          if (e) f[`company.${doc}`] = e;
        }
      } else if (v?.trim()) {
        f[`company.${doc}`] = `${DOCUMENT_LABEL[doc]} tidak digunakan untuk ${entityType}.`;
      }
    }
    if (!c.phone) f['company.phone'] = req;
    else {
      const r = normalizePhone(c.phone, { allowLandline: true });
      if (!r.ok) f['company.phone'] = r.error;
    }
  }

  const warnings: string[] = [];
  let directorNik: ReturnType<typeof parseNik> | undefined;
  if (director) {
    if (!d.nik) f['director.nik'] = req;
    else {
      directorNik = parseNik(d.nik, regions, today);
      if (!directorNik.ok) f['director.nik'] = directorNik.error;
      else warnings.push(...directorNik.warnings.map((w) => `Direktur: ${w}`));
    }
    if (!d.fullName) f['director.fullName'] = req;
    else {
      const e = checkFullName(d.fullName);
      if (e) f['director.fullName'] = e;
    }
    const position = d.position?.trim() ?? '';
    if (!position) f['director.position'] = req;
    else if (position.length < 2 || position.length > 100) f['director.position'] = 'Jabatan 2-100 karakter.';
    if (!d.gender) f['director.gender'] = req;
    if (!d.birthDate) f['director.birthDate'] = req;
    else {
      const e = checkBirthDate(d.birthDate, today);
      if (e) f['director.birthDate'] = e;
    }
    if (!d.address) f['director.address'] = req;
    else {
      const e = checkAddress(d.address);
      if (e) f['director.address'] = e;
    }
    if (!d.villageCode) f['director.villageCode'] = req;
    else if (!regions.village(d.villageCode)) f['director.villageCode'] = 'Kode kelurahan/desa tidak dikenal.';
  }
  if (Object.keys(f).length) return { ok: false, fields: f };

  const info = (directorNik as { ok: true; info: Parameters<typeof nikProfileMismatches>[0] }).info;
  warnings.push(
    ...nikProfileMismatches(info, { birthDate: d.birthDate!.trim(), gender: d.gender! }).map((w) => `Direktur: ${w}`),
  );
  const villageCode = d.villageCode!.replace(/\./g, '').trim();
  return {
    ok: true,
    profile: {
      company: {
        name: c.name!.trim().replace(/\s+/g, ' ').toUpperCase(),
        npwp: (normalizeNpwp(c.npwp!) as { npwp: string }).npwp,
        legalizationNumber: c.legalizationNumber?.trim() || null,
        cooperativeNumber: c.cooperativeNumber?.trim() || null,
        establishmentLetterNumber: c.establishmentLetterNumber?.trim() || null,
        phone: (normalizePhone(c.phone!, { allowLandline: true }) as { e164: string }).e164,
      },
      director: {
        nik: info.nik,
        fullName: d.fullName!.trim().replace(/\s+/g, ' ').toUpperCase(),
        position: d.position!.trim(),
        gender: d.gender!,
        birthDate: d.birthDate!.trim(),
        address: d.address!.trim(),
        villageCode,
      },
      provinceCode: villageCode.slice(0, 2),
      warnings,
    },
  };
}
