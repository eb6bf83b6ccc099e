/**
 * Local time of an outreach event. Indonesia has three zones without daylight
 * saving: WIB (UTC+7), WITA (UTC+8) and WIT (UTC+9); the kelurahan's
 * province decides which.
 */
const WITA = new Set(['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76']);
const WIT = new Set(['81', '82', '91', '92', '93', '94', '95', '96', '97']);

export interface EventZone {
  name: 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';
  offsetHours: number;
}

export function zoneOf(regionCode: string): EventZone {
  const p = regionCode.slice(0, 2);
  if (WIT.has(p)) return { name: 'Asia/Jayapura', offsetHours: 9 };
  if (WITA.has(p)) return { name: 'Asia/Makassar', offsetHours: 8 };
  return { name: 'Asia/Jakarta', offsetHours: 7 };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A real calendar date in YYYY-MM-DD form, else undefined. */
export function parseDate(s: string): { y: number; m: number; d: number } | undefined {
  const m = DATE.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  return { y, m: mo, d };
}

/** Minutes after midnight of an HH:MM time, else undefined. */
export function parseTime(s: string): number | undefined {
  const m = TIME.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** The instant of a local date and time in a zone. */
export function instantOf(date: string, time: string, zone: EventZone): Date {
  const d = parseDate(date)!;
  const minutes = parseTime(time)!;
  return new Date(Date.UTC(d.y, d.m - 1, d.d, 0, minutes) - zone.offsetHours * 3600_000);
}

/** Today's date (YYYY-MM-DD) in a zone. */
export function localDate(at: Date, zone: EventZone): string {
  return new Date(at.getTime() + zone.offsetHours * 3600_000).toISOString().slice(0, 10);
}

/**
 * Whether the desk is open at `now`: from the start minute through the last
 * minute of the end time (a 08:00-12:00 event takes its last action at 12:00:59).
 */
export function deskOpen(now: Date, startsAt: Date, endsAt: Date): boolean {
  return now.getTime() >= startsAt.getTime() && now.getTime() < endsAt.getTime() + 60_000;
}
