/**
 * The dashboard's days are Jakarta (WIB, UTC+7, no daylight saving) calendar
 * days: a period of N days ends with today in WIB, and every day of it has a
 * point, zero where nothing happened, so the line neither runs into tomorrow
 * nor skips a quiet day.
 */
export const DAY = 86_400_000;
const WIB_OFFSET = 7 * 3_600_000;

/** The instant today (in WIB) began, for the instant `t`. */
export const wibDayStart = (t: number) => Math.floor((t + WIB_OFFSET) / DAY) * DAY - WIB_OFFSET;

/** The N whole WIB days ending with today: [start of the first day, start of tomorrow). */
export function lastDays(days: number, now = Date.now()): { from: Date; to: Date } {
  const to = wibDayStart(now) + DAY;
  return { from: new Date(to - days * DAY), to: new Date(to) };
}

/** A custom range of WIB calendar days, both ends included ("YYYY-MM-DD" each). */
export function dayRange(first: string, last: string): { from: Date; to: Date } {
  const start = (d: string) => Date.parse(`${d}T00:00:00+07:00`);
  return { from: new Date(start(first)), to: new Date(start(last) + DAY) };
}

/** One entry per WIB day of the range, with that day's bucket or `empty`. */
export function everyDay<T extends { start: string | Date }>(
  range: { from: Date; to: Date },
  buckets: T[],
  empty: (start: Date) => T,
): T[] {
  const by = new Map(buckets.map((b) => [wibDayStart(new Date(b.start).getTime()), b]));
  const out: T[] = [];
  for (let d = wibDayStart(range.from.getTime()); d < range.to.getTime(); d += DAY) {
    out.push(by.get(d) ?? empty(new Date(d)));
  }
  return out;
}
