import Holidays from 'date-holidays';
import { DecreeYear, ID_DECREES } from './holidays-id';
import type { HolidayLookup } from './working-days';

export type HolidaySource = 'DATE_HOLIDAYS' | 'EASTER' | 'LIBUR_NASIONAL' | 'CUTI_BERSAMA' | 'CONFIG';

export interface Holiday {
  date: string;
  name: string;
  source: HolidaySource;
}

/** date-holidays 3.37.0 calls 27 Rajab "Maulid Nabi Muhammad"; it is Isra Mikraj. */
const RENAMED: Record<string, string> = { '27 Rajab': 'Isra Mikraj Nabi Muhammad SAW' };

/**
 * The days the complaint clocks do not count, besides weekends, for one year:
 * - the public holidays `date-holidays` computes for Indonesia (fixed days,
 *   Islamic days from the lunar calendar, Imlek, Nyepi, Waisak, Good Friday,
 *   Ascension). Its Indonesian data has only the type `public` (checked for
 *   2015-2035 with 3.37.0); other types (observance, optional) would not be
 *   days off and are left out;
 * - Easter Sunday (a national holiday the package lacks; always a Sunday);
 * - the year's SKB 3 Menteri: cuti bersama, and national holidays the decree
 *   sets on another day than the computed one (`holidays-id.ts`);
 * - the operator's own list (COMPLAINT_HOLIDAYS).
 */
export function holidaysOfYear(
  year: number,
  extra: ReadonlySet<string> = new Set(),
  decrees: Readonly<Record<number, DecreeYear>> = ID_DECREES,
): Holiday[] {
  const hd = new Holidays('ID');
  hd.setHoliday('easter', { name: { id: 'Hari Paskah', en: 'Easter Sunday' }, type: 'public' });
  const decree = decrees[year];
  const moved = new Set(decree?.notHolidays ?? []);
  const out = new Map<string, Holiday>();
  const add = (date: string, name: string, source: HolidaySource) => {
    if (!out.has(date)) out.set(date, { date, name, source });
  };
  // Decree days first: where the package and the decree both name a day, the decree's words win.
  for (const [date, name] of Object.entries(decree?.liburNasional ?? {})) add(date, name, 'LIBUR_NASIONAL');
  for (const [date, name] of Object.entries(decree?.cutiBersama ?? {})) add(date, name, 'CUTI_BERSAMA');
  for (const h of hd.getHolidays(year, 'id')) {
    if (h.type !== 'public') continue;
    // `date` is the civil day ("2026-03-20 00:00:00 -0600" for a lunar day starting the evening before).
    const date = h.date.slice(0, 10);
    if (moved.has(date)) continue;
    add(date, RENAMED[h.rule] ?? h.name, h.rule === 'easter' ? 'EASTER' : 'DATE_HOLIDAYS');
  }
  for (const date of extra) if (date.startsWith(`${year}-`)) add(date, 'Hari libur (COMPLAINT_HOLIDAYS)', 'CONFIG');
  return [...out.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * `holidaysOfYear` as a lookup for working-day arithmetic: each year is
 * computed once, when a date in it is first asked about.
 */
export class HolidayCalendar implements HolidayLookup {
  private readonly years = new Map<number, Set<string>>();

  constructor(
    private readonly extra: ReadonlySet<string> = new Set(),
    private readonly decrees: Readonly<Record<number, DecreeYear>> = ID_DECREES,
  ) {}

  has(date: string): boolean {
    const year = Number(date.slice(0, 4));
    let days = this.years.get(year);
    if (!days) {
      days = new Set(holidaysOfYear(year, this.extra, this.decrees).map((h) => h.date));
      this.years.set(year, days);
    }
    return days.has(date);
  }
}

const SOURCE_LABEL: Record<HolidaySource, string> = {
  DATE_HOLIDAYS: 'libur nasional (date-holidays)',
  EASTER: 'libur nasional (Paskah)',
  LIBUR_NASIONAL: 'libur nasional (SKB)',
  CUTI_BERSAMA: 'cuti bersama (SKB)',
  CONFIG: 'COMPLAINT_HOLIDAYS',
};
const WEEKDAY = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];

/**
 * The year's days off as lines for an operator checking the calendar after
 * adding a decree (`npm run holidays -- 2027`); the first line says whether
 * the year has its decree data.
 */
export function holidayReport(
  year: number,
  extra: ReadonlySet<string> = new Set(),
  decrees: Readonly<Record<number, DecreeYear>> = ID_DECREES,
): string[] {
  const decree = decrees[year];
  const head = decree
    ? `${year}: ${decree.decree}`
    : `${year}: belum ada data SKB 3 Menteri (cuti bersama belum dihitung); tambahkan di server/src/domain/holidays-id.ts`;
  return [
    head,
    ...holidaysOfYear(year, extra, decrees).map(
      (h) => `${h.date}\t${WEEKDAY[new Date(`${h.date}T00:00:00Z`).getUTCDay()]}\t${SOURCE_LABEL[h.source]}\t${h.name}`,
    ),
  ];
}
