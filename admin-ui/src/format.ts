import { useLocaleState } from 'react-admin';

/**
 * Dates and numbers in the console's language: id-ID or en-GB, always in WIB
 * (Asia/Jakarta), whatever the officer's own computer is set to.
 */
const TAG: Record<string, string> = { id: 'id-ID', en: 'en-GB' };
const cache = new Map<
  string,
  { dateTime: Intl.DateTimeFormat; date: Intl.DateTimeFormat; number: Intl.NumberFormat }
>();
function formats(locale: string) {
  let f = cache.get(locale);
  if (!f) {
    const tag = TAG[locale] ?? TAG.id;
    f = {
      dateTime: new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Jakarta' }),
      date: new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'Asia/Jakarta' }),
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
  };
}
