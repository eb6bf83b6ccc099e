import { splitCsvLine } from './csv';
import { normalizeEmail } from './email';
import { EntityType } from './enums';
import { parseLegacyHash } from './legacy-hash';
import { parseNik } from './nik';
import { normalizeNpwp } from './npwp';
import { normalizePhone } from './phone';
import { searchText } from './search';
import type { RegionLookup } from './wilayah';

/**
 * One row of an OSS 1.1 export (docs/domain.md, "OSS 1.1 accounts"): a JSON
 * object per line, or a CSV line under a header naming the same fields.
 * For a business entity `nik` and `fullName` are its director's, as OSS 1.1
 * tied company accounts to the director.
 */
export const LEGACY_FIELDS = [
  'username',
  'email',
  'phone',
  'nik',
  'fullName',
  'actorType',
  'entityType',
  'npwp',
  'passwordHash',
] as const;
export type LegacyField = (typeof LEGACY_FIELDS)[number];

export interface LegacyRow {
  username: string;
  email: string | null;
  phone: string | null;
  nik: string;
  fullName: string;
  actorType: 'INDIVIDUAL' | 'BUSINESS_ENTITY';
  entityType: string | null;
  npwp: string | null;
  passwordHash: string;
  provinceCode: string;
  /** NIK warnings (e.g. a regency code no longer in the region data), kept for the helpdesk. */
  warnings: string[];
}

export type LegacyRowResult = { ok: true; row: LegacyRow } | { ok: false; reason: string };
export type LegacyLineResult = { ok: true; fields: Record<string, unknown> } | { ok: false; reason: string };

const USERNAME = /^[a-z0-9._-]{3,40}$/;
const ENTITY_TYPES = new Set<string>(Object.values(EntityType));

/** The header of a CSV export: every field named once, nothing unknown. Throws with the reason otherwise. */
export function parseCsvHeader(line: string): LegacyField[] {
  const names = splitCsvLine(line.replace(/^\uFEFF/, ''))?.map((n) => n.trim());
  if (!names) throw new Error('baris judul CSV tidak sah (tanda kutip tidak ditutup)');
  const unknown = names.filter((n) => !(LEGACY_FIELDS as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`kolom tidak dikenal pada baris judul: ${unknown.join(', ')}`);
  const missing = LEGACY_FIELDS.filter((f) => !names.includes(f));
  if (missing.length) throw new Error(`kolom wajib tidak ada pada baris judul: ${missing.join(', ')}`);
  if (new Set(names).size !== names.length) throw new Error('ada kolom yang disebut dua kali pada baris judul');
  return names as LegacyField[];
}

/** One line as field values, or why it cannot be read. */
export function parseLegacyLine(line: string, header?: LegacyField[]): LegacyLineResult {
  if (!header) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return { ok: false, reason: 'baris bukan JSON yang sah' };
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return { ok: false, reason: 'baris JSON harus berupa satu objek' };
    return { ok: true, fields: value as Record<string, unknown> };
  }
  const cells = splitCsvLine(line);
  if (!cells) return { ok: false, reason: 'tanda kutip tidak ditutup' };
  if (cells.length !== header.length)
    return { ok: false, reason: `jumlah kolom ${cells.length}, seharusnya ${header.length}` };
  return { ok: true, fields: Object.fromEntries(header.map((h, i) => [h, cells[i]])) };
}

const text = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const s = String(v).trim();
  return s === '' ? null : s;
};

/**
 * Checks one row with the same rules as a registration (NIK, NPWP, email and
 * phone forms) plus a known hash format. Every problem is named in the reason.
 */
export function validateLegacyRow(
  fields: Record<string, unknown>,
  regions: RegionLookup,
  hashTemplate?: string,
): LegacyRowResult {
  const problems: string[] = [];
  const bad = (field: string, why: string) => problems.push(`${field}: ${why}`);
  const wrongType = Object.entries(fields).filter(
    ([k, v]) => (LEGACY_FIELDS as readonly string[]).includes(k) && v !== null && typeof v === 'object',
  );
  for (const [k] of wrongType) bad(k, 'harus berupa teks');

  const username = text(fields.username)?.toLowerCase() ?? null;
  if (!username) bad('username', 'wajib diisi');
  else if (!USERNAME.test(username)) bad('username', '3-40 huruf, angka, titik, garis bawah atau strip');

  let email: string | null = null;
  const emailText = text(fields.email);
  if (emailText) {
    const e = normalizeEmail(emailText);
    if (e.ok) email = e.email;
    else bad('email', e.error);
  }
  let phone: string | null = null;
  const phoneText = text(fields.phone);
  if (phoneText) {
    const p = normalizePhone(phoneText);
    if (p.ok) phone = p.e164;
    else bad('phone', p.error);
  }
  if (!emailText && !phoneText)
    bad('email', 'email atau nomor telepon wajib ada (untuk masuk dan menerima pemberitahuan)');

  const actorType = text(fields.actorType);
  if (actorType !== 'INDIVIDUAL' && actorType !== 'BUSINESS_ENTITY')
    bad('actorType', 'harus INDIVIDUAL atau BUSINESS_ENTITY');
  const entityType = text(fields.entityType);
  if (actorType === 'BUSINESS_ENTITY' && (!entityType || !ENTITY_TYPES.has(entityType)))
    bad('entityType', 'jenis badan usaha tidak dikenal');
  if (actorType === 'INDIVIDUAL' && entityType) bad('entityType', 'harus kosong untuk perorangan');

  let nik = '';
  let provinceCode = '';
  let warnings: string[] = [];
  const nikText = text(fields.nik);
  if (!nikText) bad('nik', 'wajib diisi');
  else {
    const r = parseNik(nikText, regions);
    if (r.ok) {
      nik = r.info.nik;
      provinceCode = r.info.provinceCode;
      warnings = r.warnings;
    } else bad('nik', r.error);
  }

  const fullName = text(fields.fullName);
  if (!fullName) bad('fullName', 'wajib diisi');
  else if (fullName.length > 100 || !searchText(fullName)) bad('fullName', 'nama tidak sah (1-100 karakter)');

  let npwp: string | null = null;
  const npwpText = text(fields.npwp);
  if (npwpText) {
    const r = normalizeNpwp(npwpText, { allowNik: actorType === 'INDIVIDUAL' });
    if (r.ok) npwp = r.npwp;
    else bad('npwp', r.error);
  } else if (actorType === 'BUSINESS_ENTITY') bad('npwp', 'wajib diisi untuk badan usaha');

  const passwordHash = text(fields.passwordHash);
  if (!passwordHash) bad('passwordHash', 'wajib diisi');
  else {
    const h = parseLegacyHash(passwordHash, hashTemplate);
    if (!h.ok) bad('passwordHash', h.error);
  }

  if (problems.length) return { ok: false, reason: problems.join('; ') };
  return {
    ok: true,
    row: {
      username: username!,
      email,
      phone,
      nik,
      fullName: fullName!,
      actorType: actorType as LegacyRow['actorType'],
      entityType: actorType === 'BUSINESS_ENTITY' ? entityType : null,
      npwp,
      passwordHash: passwordHash!,
      provinceCode,
      warnings,
    },
  };
}

/** Names compared the way people write them: case, accents, punctuation and spacing do not matter. */
export function sameName(a: string, b: string): boolean {
  const fold = (s: string) =>
    searchText(s)
      .replace(/[^\p{L}\p{N} ]/gu, '')
      .replace(/\s+/g, ' ')
      .trim();
  return fold(a) !== '' && fold(a) === fold(b);
}
