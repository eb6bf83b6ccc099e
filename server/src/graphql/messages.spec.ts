import { idMessage, withoutHint } from './messages';

describe('graphql-js and Apollo request errors in Bahasa Indonesia', () => {
  it.each([
    ['Cannot query field "accont" on type "Query".', 'Kolom "accont" tidak ada pada tipe "Query".'],
    ['Variable "$c" is never used.', 'Variabel "$c" tidak dipakai.'],
    ['Variable "$c" is never used in operation "Q".', 'Variabel "$c" tidak dipakai.'],
    ['Variable "$x" is not defined by operation "Q".', 'Variabel "$x" dipakai tetapi tidak dideklarasikan.'],
    ['Variable "$id" of required type "ID!" was not provided.', 'Variabel "$id" (tipe "ID!") wajib diisi.'],
    ['Value "MIKRO" does not exist in "BusinessScale" enum.', 'Nilai "MIKRO" tidak dikenal untuk "BusinessScale".'],
    [
      'Variable "$s" got invalid value "MIKRO"; Value "MIKRO" does not exist in "BusinessScale" enum.',
      'Nilai variabel "$s" tidak valid: Nilai "MIKRO" tidak dikenal untuk "BusinessScale".',
    ],
    [
      'Field "foundAt" of required type "DateTime!" was not provided.',
      'Kolom "foundAt" (tipe "DateTime!") wajib diisi.',
    ],
    ['Unknown argument "x" on field "Query.accounts".', 'Argumen "x" tidak dikenal pada "Query.accounts".'],
    [
      'Expected value of type "Int!", found "a"; Int cannot represent non-integer value: "a"',
      'Nilai "a" tidak sesuai tipe "Int!".',
    ],
    [
      'DateTime cannot represent an invalid date-time-string 2026-13-45.',
      'Tanggal-waktu 2026-13-45 tidak valid (format ISO 8601, mis. 2026-12-05T09:00:00+07:00).',
    ],
    ['Syntax Error: Expected Name, found <EOF>.', 'Sintaks GraphQL salah: Expected Name, found <EOF>.'],
    ['Operation batching disabled.', 'Satu permintaan HTTP hanya boleh berisi satu operasi (tanpa batching).'],
    ['PersistedQueryNotSupported', 'Persisted query tidak didukung: kirim teks kueri lengkap.'],
  ])('%s', (english, indonesian) => {
    expect(idMessage(english)).toBe(indonesian);
  });

  it('keeps the hint in Indonesian, and removes it for callers who may not see the schema', () => {
    const m = idMessage('Cannot query field "acount" on type "Query". Did you mean "account" or "accounts"?');
    expect(m).toBe('Kolom "acount" tidak ada pada tipe "Query". Maksud Anda "account" atau "accounts"?');
    expect(withoutHint(m)).toBe('Kolom "acount" tidak ada pada tipe "Query".');
  });

  it('passes an unknown message on unchanged', () => {
    expect(idMessage('Something new from graphql-js.')).toBe('Something new from graphql-js.');
  });
});
