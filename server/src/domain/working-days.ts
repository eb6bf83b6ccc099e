/**
 * Service-standard arithmetic in Indonesian working days: Saturdays, Sundays
 * and listed holidays (YYYY-MM-DD, Asia/Jakarta calendar) do not count.
 */
const JAKARTA_OFFSET_MS = 7 * 3600_000; // WIB, no daylight saving

const jakartaDate = (t: number) => new Date(t + JAKARTA_OFFSET_MS).toISOString().slice(0, 10);
/** Whether a Jakarta calendar day (YYYY-MM-DD) is a holiday: a Set, or a HolidayCalendar. */
export interface HolidayLookup {
  has(date: string): boolean;
}

const jakartaWeekday = (t: number) => new Date(t + JAKARTA_OFFSET_MS).getUTCDay();

export function isWorkingDay(t: Date | number, holidays: HolidayLookup): boolean {
  const ms = typeof t === 'number' ? t : t.getTime();
  const wd = jakartaWeekday(ms);
  return wd !== 0 && wd !== 6 && !holidays.has(jakartaDate(ms));
}

/**
 * The moment `days` working days after `start`, at the same time of day: a
 * complaint logged on Friday 10:00 with one working day is due Monday 10:00
 * (Tuesday when Monday is a holiday); one logged on Saturday is due Monday too.
 */
export function addWorkingDays(start: Date, days: number, holidays: HolidayLookup = new Set<string>()): Date {
  let t = start.getTime();
  let left = days;
  while (left > 0) {
    t += 86400_000;
    if (isWorkingDay(t, holidays)) left--;
  }
  return new Date(t);
}

/** Parses "2026-12-25,2027-01-01" into a set; throws on a malformed date. */
export function parseHolidays(list: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const raw of (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || isNaN(Date.parse(`${raw}T00:00:00Z`))) {
      throw new Error(`bukan tanggal YYYY-MM-DD: ${raw}`);
    }
    out.add(raw);
  }
  return out;
}
