/** Dates as Indonesian readers expect them: id-ID, Asia/Jakarta (WIB). */
const dateTime = new Intl.DateTimeFormat('id-ID', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Asia/Jakarta',
});
const dateOnly = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeZone: 'Asia/Jakarta' });

export const fmtDateTime = (v?: string | null) => (v ? `${dateTime.format(new Date(v))} WIB` : '–');
export const fmtDate = (v?: string | null) => (v ? dateOnly.format(new Date(v)) : '–');
/** Whole days until `v` (negative once past), or null. */
export const daysUntil = (v?: string | null) => (v ? Math.ceil((Date.parse(v) - Date.now()) / 86400_000) : null);
