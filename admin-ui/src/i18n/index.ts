import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import { appEnglish, appIndonesian } from './messages';
import { raIndonesian } from './ra-id';
import { exportEnglish, exportIndonesian } from '../export/messages';

const messages: Record<string, object> = {
  id: { ...raIndonesian, ...appIndonesian, ...exportIndonesian },
  en: { ...englishMessages, ...appEnglish, ...exportEnglish },
};

/** Bahasa Indonesia by default; English one click away (react-admin remembers the choice in its store). */
export const i18nProvider = polyglotI18nProvider(
  (locale) => (messages[locale] ?? messages.id) as any,
  'id',
  [
    { locale: 'id', name: 'Indonesia' },
    { locale: 'en', name: 'English' },
  ],
  { allowMissing: true },
);

type Translate = (key: string, options?: Record<string, unknown>) => string;
/**
 * The word for a code: `enums.<vocabulary>.<code>` in the current language,
 * else `fallback` (the code itself unless given). '–' for no code.
 */
export const enumLabel = (t: Translate, vocabulary: string, code?: string | null, fallback?: string) =>
  code == null || code === '' ? '–' : t(`enums.${vocabulary}.${code}`, { _: fallback ?? code });
