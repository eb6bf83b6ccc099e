import englishMessages from 'ra-language-english';
import { appEnglish, appIndonesian } from '../admin-ui/src/i18n/messages';
import { raIndonesian } from '../admin-ui/src/i18n/ra-id';

const keys = (o: object, p = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${p}${k}`] : keys(v as object, `${p}${k}.`)));

describe('console messages', () => {
  it('translate every react-admin message into Bahasa Indonesia, keeping the placeholders', () => {
    const en = keys(englishMessages);
    expect(keys(raIndonesian).sort()).toEqual(en.sort());
    const get = (o: any, k: string) => k.split('.').reduce((x, p) => x[p], o) as string;
    for (const k of en) {
      const placeholders = (s: string) => (s.match(/%\{\w+\}/g) ?? []).sort();
      expect([k, placeholders(get(raIndonesian, k))]).toEqual([k, placeholders(get(englishMessages, k))]);
    }
  });

  it('has the same console keys in both languages', () => {
    expect(keys(appIndonesian).sort()).toEqual(keys(appEnglish).sort());
  });
});
