/**
 * What an exported cell holds, independent of the file format: the columns an
 * officer reads (translated headers, WIB dates, names rather than ids), the
 * values exactly as the list shows them (masked by the server; an export never
 * asks for clear values), and text that a spreadsheet could take for a formula
 * neutralised (OWASP "CSV injection": a leading =, +, -, @, tab or carriage
 * return gets a `'` in front).
 */

import { AUDIT_VALUE_VOCABULARIES } from '../i18n/enums';

export type CellKind = 'text' | 'number' | 'datetime' | 'date' | 'boolean' | 'details';

/** Names looked up once per export, for lists whose rows carry only ids. */
export interface ExportLookups {
  account: (id?: string | null) => string | null;
  province: (code?: string | null) => string | null;
}
export const noLookups: ExportLookups = { account: () => null, province: () => null };

export interface ExportColumn<R = any> {
  /** i18n key of the header (react-admin's `resources.<name>.fields.<field>` or an `export.*` key). */
  label: string;
  kind?: CellKind;
  /** A code column: written as its word (`enums.<vocabulary>.<code>`, the console's translation table). */
  vocabulary?: string;
  value: (record: R, lookups: ExportLookups) => unknown;
}

/** A column's value as the officer reads it: a code becomes its word in the chosen language. */
export function columnValue<R>(c: ExportColumn<R>, record: R, lookups: ExportLookups, t: Translate): unknown {
  const raw = c.value(record, lookups);
  if (!c.vocabulary || raw == null || raw === '') return raw;
  return t(`enums.${c.vocabulary}.${String(raw)}`, { _: String(raw) });
}

export interface ExportSpec<R = any> {
  resource: string;
  /** File name start, e.g. "akun". */
  file: string;
  columns: ExportColumn<R>[];
  /** Whether XLSX is offered besides CSV. */
  xlsx?: boolean;
  /**
   * The list is not paged (its query answers every row the filter selects, as
   * the staff, units, canned responses and outreach events lists do): the
   * export writes the rows the list holds instead of fetching them again.
   */
  loaded?: boolean;
  /** Ids whose names the columns need (account ids, province codes). */
  needs?: (record: R) => { accountIds?: (string | null | undefined)[]; provinces?: boolean };
}

export type Translate = (key: string, options?: any) => string;

/** Characters that make a spreadsheet read a cell as a formula (or shift it into one). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet could run, defused with a leading apostrophe; anything else as it is. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const WIB = 'Asia/Jakarta';
// sv-SE writes ISO-like "2026-12-04 21:05:00": sortable and unambiguous in any spreadsheet locale.
const wibDateTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: WIB,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const wibDate = new Intl.DateTimeFormat('sv-SE', { timeZone: WIB, year: 'numeric', month: '2-digit', day: '2-digit' });

/** An instant as Jakarta wall-clock time, "YYYY-MM-DD HH:mm WIB"; empty for none. */
export function fmtWibDateTime(v: unknown): string {
  if (v == null || v === '') return '';
  const d = new Date(v as string);
  if (Number.isNaN(d.getTime())) return String(v);
  return `${wibDateTime.format(d)} WIB`;
}

/** The Jakarta calendar day of an instant, "YYYY-MM-DD". */
export function fmtWibDate(v: unknown): string {
  if (v == null || v === '') return '';
  const d = new Date(v as string);
  return Number.isNaN(d.getTime()) ? String(v) : wibDate.format(d);
}

/** The wall-clock time in Jakarta of an instant as a Date whose UTC fields read that time (for XLSX cells). */
export function wibWallClock(v: unknown): Date | null {
  if (v == null || v === '') return null;
  const d = new Date(v as string);
  return Number.isNaN(d.getTime()) ? null : new Date(d.getTime() + 7 * 3600_000);
}

/**
 * An audit row's details as the audit list shows them: "Key: value · …" with
 * keys and code values in words, instants in WIB, staff ids already replaced
 * by names (see `withStaffNames`); "from" before "to", the rest as stored.
 */
export function detailsText(details: unknown, t: Translate): string {
  if (details == null || typeof details !== 'object') return details == null ? '' : String(details);
  const key = (k: string) => t(`enums.AuditDetail.${k}`, { _: k });
  const word = (v: unknown): string => {
    if (v == null) return '–';
    if (Array.isArray(v)) return v.map(word).join(', ');
    if (typeof v === 'boolean') return t(v ? 'export.yes' : 'export.no');
    if (typeof v === 'number') return String(v);
    if (typeof v === 'object')
      return Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x != null)
        .map(([k, x]) => `${key(k)}: ${word(x)}`)
        .join(', ');
    const s = String(v);
    if (/^\d{4}-\d{2}-\d{2}T/.test(s)) return fmtWibDateTime(s);
    for (const vocabulary of AUDIT_VALUE_VOCABULARIES) {
      const w = t(`enums.${vocabulary}.${s}`, { _: '' });
      if (w) return w;
    }
    return s;
  };
  const rank = (k: string) => (k === 'from' ? 0 : k === 'to' ? 1 : 2);
  return Object.entries(details as Record<string, unknown>)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([k, v]) => `${key(k)}: ${word(v)}`)
    .join(' · ');
}

/** Details with every value that is a staff id replaced by that officer's name (the server's staffNames). */
export function withStaffNames(details: unknown, names?: Record<string, string> | null): unknown {
  if (!names || details == null || typeof details !== 'object') return details;
  const swap = (v: unknown): unknown =>
    typeof v === 'string'
      ? (names[v] ?? v)
      : Array.isArray(v)
        ? v.map(swap)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]))
          : v;
  return swap(details);
}

/** A cell as text (CSV), neutralised. */
export function cellText(kind: CellKind, raw: unknown, t: Translate): string {
  if (raw == null) return '';
  switch (kind) {
    case 'datetime':
      return fmtWibDateTime(raw);
    case 'date':
      return fmtWibDate(raw);
    case 'number':
      return typeof raw === 'number' ? String(raw) : neutralise(String(raw));
    case 'boolean':
      return t(raw ? 'export.yes' : 'export.no');
    case 'details':
      return neutralise(detailsText(raw, t));
    default:
      return neutralise(typeof raw === 'object' ? JSON.stringify(raw) : String(raw));
  }
}

/** The header row and the rows as text, in the columns' order. */
export function table<R>(
  spec: ExportSpec<R>,
  records: R[],
  t: Translate,
  lookups: ExportLookups = noLookups,
): { header: string[]; rows: string[][] } {
  return {
    header: spec.columns.map((c) => neutralise(t(c.label))),
    rows: records.map((r) => spec.columns.map((c) => cellText(c.kind ?? 'text', columnValue(c, r, lookups, t), t))),
  };
}

/**
 * Quoted when it holds a separator: the comma, and the semicolon and tab a
 * spreadsheet set to another list separator (Indonesian settings use ";")
 * would split on, which would start a new cell after the neutralised start.
 */
const quote = (s: string) => (/[",;\t\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);

/** RFC 4180 CSV with a UTF-8 byte-order mark (so spreadsheets read Indonesian text right), CRLF lines. */
export function toCsv<R>(spec: ExportSpec<R>, records: R[], t: Translate, lookups: ExportLookups = noLookups): string {
  const { header, rows } = table(spec, records, t, lookups);
  return `\uFEFF${[header, ...rows].map((line) => line.map(quote).join(',')).join('\r\n')}\r\n`;
}

/** "akun-20261204-2105.csv": the list and the Jakarta time of the export. */
export function fileName(base: string, ext: 'csv' | 'xlsx', now = new Date()): string {
  const stamp = wibDateTime.format(now).replace(/[-:]/g, '').replace(' ', '-');
  return `${base}-${stamp}.${ext}`;
}
