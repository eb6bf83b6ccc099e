import { useLocaleState } from 'react-admin';

/**
 * Dates and numbers in the console's language: id-ID or en-GB, always in WIB
 * (Asia/Jakarta), whatever the officer's own computer is set to.
 */
const TAG: Record<string, string> = { id: 'id-ID', en: 'en-GB' };
const cache = new Map<
  string,
  {
    dateTime: Intl.DateTimeFormat;
    date: Intl.DateTimeFormat;
    longDate: Intl.DateTimeFormat;
    month: Intl.DateTimeFormat;
    number: Intl.NumberFormat;
  }
>();
function formats(locale: string) {
  let f = cache.get(locale);
  if (!f) {
    const tag = TAG[locale] ?? TAG.id;
    f = {
      dateTime: new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Jakarta' }),
      date: new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'Asia/Jakarta' }),
      longDate: new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'Asia/Jakarta' }),
      month: new Intl.DateTimeFormat(tag, { month: 'short', year: 'numeric', timeZone: 'Asia/Jakarta' }),
      number: new Intl.NumberFormat(tag),
    };
    cache.set(locale, f);
  }
  return f;
}

export const fmtDateTime = (v?: string | null, locale = 'id') =>
  v ? `${formats(locale).dateTime.format(new Date(v))} WIB` : '–';
export const fmtDate = (v?: string | null, locale = 'id') => (v ? formats(locale).date.format(new Date(v)) : '–');
export const fmtNumber = (n?: number | null, locale = 'id') => (n == null ? '–' : formats(locale).number.format(n));
/** A figure with exactly `digits` decimals (IKM, NRR), in the language's separators. */
export const fmtDecimal = (n?: number | null, digits = 2, locale = 'id') =>
  n == null
    ? '–'
    : n.toLocaleString(TAG[locale] ?? TAG.id, { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** The WIB day of an instant, written out ("4 Desember 2026", "4 December 2026"). */
export const fmtLongDate = (v: string | number | Date, locale = 'id') => formats(locale).longDate.format(new Date(v));
/** A WIB calendar month, short ("Des 2026", "Dec 2026"). */
export const fmtMonth = (v: string | number | Date, locale = 'id') => formats(locale).month.format(new Date(v));
/** Whole days until `v` (negative once past), or null. */
export const daysUntil = (v?: string | null) => (v ? Math.ceil((Date.parse(v) - Date.now()) / 86400_000) : null);

/** The formatters above bound to the language the officer chose. */
export function useFormat() {
  const [locale = 'id'] = useLocaleState();
  return {
    locale,
    dateTime: (v?: string | null) => fmtDateTime(v, locale),
    date: (v?: string | null) => fmtDate(v, locale),
    number: (n?: number | null) => fmtNumber(n, locale),
    decimal: (n?: number | null, digits = 2) => fmtDecimal(n, digits, locale),
    longDate: (v: string | number | Date) => fmtLongDate(v, locale),
    month: (v: string | number | Date) => fmtMonth(v, locale),
  };
}
