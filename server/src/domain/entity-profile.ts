import type { FieldErrors } from '../shared/errors';
import { checked, fail, FieldRule, ok, parseFields, upperName } from './fields';
import { Gender, nikProfileMismatches, NikResult, parseNik } from './nik';
import { normalizeNpwp } from './npwp';
import { normalizePhone } from './phone';
import { personRules } from './profile';
import type { RegionLookup } from './wilayah';

/**
 * Business-entity profiles, per the OSS forms (docs/domain.md, "Business entities").
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

/** The company fields every legal form has; the documents come from ENTITY_DOCUMENTS. */
const COMPANY_RULES = {
  name: checked(checkCompanyName, upperName),
  npwp: ((v) => {
    const r = normalizeNpwp(v);
    return r.ok ? ok(r.npwp) : fail(r.error);
  }) as FieldRule<string>,
  phone: ((v) => {
    const r = normalizePhone(v, { allowLandline: true });
    return r.ok ? ok(r.e164) : fail(r.error);
  }) as FieldRule<string>,
};

function directorRules(regions: RegionLookup, today: Date) {
  return {
    ...personRules(regions, today),
    nik: ((v) => {
      const r = parseNik(v, regions, today);
      return r.ok ? ok(r) : fail(r.error);
    }) as FieldRule<Extract<NikResult, { ok: true }>>,
    position: checked((v) => (v.trim().length < 2 || v.trim().length > 100 ? 'Jabatan 2-100 karakter.' : undefined)),
  };
}

/** The document rules of one legal form: its own documents required, the others refused. */
function documentRules(entityType: EntityType, company: CompanyInput, errors: FieldErrors) {
  const needed = ENTITY_DOCUMENTS[entityType];
  for (const doc of DOCUMENTS) {
    if (!needed.includes(doc) && company[doc]?.trim()) {
      errors[`company.${doc}`] = `${DOCUMENT_LABEL[doc]} tidak digunakan untuk ${entityType}.`;
    }
  }
  const rules: Partial<Record<DocumentField, FieldRule<string>>> = {};
  for (const doc of needed) rules[doc] = checked(checkDocumentNumber);
  const missing = needed.filter((doc) => !company[doc]?.trim());
  for (const doc of missing) errors[`company.${doc}`] = `${DOCUMENT_LABEL[doc]} wajib diisi untuk ${entityType}.`;
  const present = Object.fromEntries(needed.filter((d) => !missing.includes(d)).map((d) => [d, rules[d]!]));
  return present as Record<DocumentField, FieldRule<string>>;
}

export function validateEntityProfile(
  entityType: EntityType,
  company: CompanyInput | null | undefined,
  director: DirectorInput | null | undefined,
  regions: RegionLookup,
  today: Date = new Date(),
): { ok: true; profile: EntityProfile } | { ok: false; fields: FieldErrors } {
  const f: FieldErrors = {};
  if (!company) f.company = 'Data badan usaha wajib diisi.';
  if (!director) f.director = 'Data penanggung jawab (direktur) wajib diisi.';
  const c = company ? parseFields(company, COMPANY_RULES, f, 'company.') : undefined;
  const docs = company ? parseFields(company, documentRules(entityType, company, f), f, 'company.') : undefined;
  const d = director ? parseFields(director, directorRules(regions, today), f, 'director.') : undefined;
  if (!c || !docs || !d || Object.keys(f).length) return { ok: false, fields: f };

  const warnings = [
    ...d.nik.warnings,
    ...nikProfileMismatches(d.nik.info, { birthDate: d.birthDate, gender: d.gender }),
  ].map((w) => `Direktur: ${w}`);
  const { nik, fullName, position, gender, birthDate, address, villageCode } = d;
  return {
    ok: true,
    profile: {
      company: {
        ...c,
        legalizationNumber: docs.legalizationNumber ?? null,
        cooperativeNumber: docs.cooperativeNumber ?? null,
        establishmentLetterNumber: docs.establishmentLetterNumber ?? null,
      },
      director: { nik: nik.info.nik, fullName, position, gender, birthDate, address, villageCode },
      provinceCode: villageCode.slice(0, 2),
      warnings,
    },
  };
}
