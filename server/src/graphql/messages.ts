/**
 * graphql-js and Apollo word their refusals of a malformed request in English
 * ("Cannot query field …", "Variable … is never used"). Clients get them in
 * Bahasa Indonesia, with the names from the request kept as they are; a
 * message not listed here is passed on unchanged after the Indonesian prefix
 * the caller adds.
 */
const RULES: [RegExp, (...m: string[]) => string][] = [
  [/^Cannot query field "([^"]+)" on type "([^"]+)"\.?/, (f, t) => `Kolom "${f}" tidak ada pada tipe "${t}".`],
  [/^Variable "([^"]+)" is never used(?: in operation "[^"]+")?\.?/, (v) => `Variabel "${v}" tidak dipakai.`],
  [
    /^Variable "([^"]+)" is not defined(?: by operation "[^"]+")?\.?/,
    (v) => `Variabel "${v}" dipakai tetapi tidak dideklarasikan.`,
  ],
  [
    /^Variable "([^"]+)" of required type "([^"]+)" was not provided\.?/,
    (v, t) => `Variabel "${v}" (tipe "${t}") wajib diisi.`,
  ],
  [
    /^Variable "([^"]+)" of non-null type "([^"]+)" must not be null\.?/,
    (v, t) => `Variabel "${v}" (tipe "${t}") tidak boleh null.`,
  ],
  [
    /^Variable "([^"]+)" got invalid value (.*?); (.*)$/s,
    (v, _value, rest) => `Nilai variabel "${v}" tidak valid: ${idMessage(rest)}`,
  ],
  [/^Value "([^"]+)" does not exist in "([^"]+)" enum\.?/, (v, e) => `Nilai "${v}" tidak dikenal untuk "${e}".`],
  [
    /^Field "([^"]+)" of required type "([^"]+)" was not provided\.?/,
    (f, t) => `Kolom "${f}" (tipe "${t}") wajib diisi.`,
  ],
  [/^Field "([^"]+)" is not defined by type "([^"]+)"\.?/, (f, t) => `Kolom "${f}" tidak ada pada "${t}".`],
  [/^Unknown argument "([^"]+)" on field "([^"]+)"\.?/, (a, f) => `Argumen "${a}" tidak dikenal pada "${f}".`],
  [
    /^Field "([^"]+)" argument "([^"]+)" of type "([^"]+)" is required, but it was not provided\.?/,
    (f, a, t) => `Argumen "${a}" (tipe "${t}") pada "${f}" wajib diisi.`,
  ],
  [
    /^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields\.?/,
    (f, t) => `Kolom "${f}" bertipe "${t}" tidak punya sub-kolom.`,
  ],
  [
    /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\.?/,
    (f, t) => `Kolom "${f}" bertipe "${t}" perlu sub-kolom yang dipilih.`,
  ],
  [/^Unknown type "([^"]+)"\.?/, (t) => `Tipe "${t}" tidak dikenal.`],
  [/^Expected value of type "([^"]+)", found ([^;]*)/, (t, v) => `Nilai ${v} tidak sesuai tipe "${t}".`],
  [
    /^DateTime cannot represent an invalid date-time-string (.*?)\.?$/s,
    (v) => `Tanggal-waktu ${v} tidak valid (format ISO 8601, mis. 2026-12-05T09:00:00+07:00).`,
  ],
  [/^(\w+) cannot represent (.*)$/s, (t, rest) => `Nilai tidak sesuai tipe "${t}" (${rest}).`],
  [/^Syntax Error: (.*)$/s, (d) => `Sintaks GraphQL salah: ${d}`],
  [/^Must provide query string\.?/, () => 'Teks kueri GraphQL kosong.'],
  [/^Operation batching disabled\.?/, () => 'Satu permintaan HTTP hanya boleh berisi satu operasi (tanpa batching).'],
  [/^PersistedQueryNotSupported/, () => 'Persisted query tidak didukung: kirim teks kueri lengkap.'],
  [/^PersistedQueryNotFound/, () => 'Persisted query tidak ditemukan: kirim teks kueri lengkap.'],
  [
    /Cross-Site Request Forgery/,
    () =>
      'Permintaan ditolak untuk mencegah CSRF: kirim POST dengan Content-Type: application/json ' +
      '(atau header Apollo-Require-Preflight).',
  ],
];

/** The Indonesian wording of one graphql-js/Apollo request error, with its "did you mean" hint. */
export function idMessage(message: string): string {
  const hint = / ?Did you mean (.*)\?$/s.exec(message);
  const body = hint ? message.slice(0, hint.index) : message;
  for (const [pattern, word] of RULES) {
    const m = pattern.exec(body);
    if (m) return `${word(...m.slice(1))}${hint ? ` Maksud Anda ${hint[1].replace(/ or /g, ' atau ')}?` : ''}`;
  }
  return message;
}

/** Removes the "did you mean" hint (the schema's names) for callers who may not see the schema. */
export function withoutHint(message: string): string {
  return message.replace(/ ?(?:Did you mean|Maksud Anda) .*\?$/s, '');
}
