/**
 * Survei Kepuasan Masyarakat (Permenpan-RB 14/2017): nine service elements,
 * each scored 1–4; the Indeks Kepuasan Masyarakat is the mean score × 25,
 * graded by the official bands.
 */
export const SKM_ELEMENTS = [
  'Persyaratan',
  'Sistem, mekanisme, dan prosedur',
  'Waktu penyelesaian',
  'Biaya/tarif',
  'Produk spesifikasi jenis pelayanan',
  'Kompetensi pelaksana',
  'Perilaku pelaksana',
  'Penanganan pengaduan, saran dan masukan',
  'Sarana dan prasarana',
] as const;

export type IkmGrade = 'A' | 'B' | 'C' | 'D';

/** The nine scores, or a message. */
export function checkScores(scores: number[]): string | undefined {
  if (scores.length !== SKM_ELEMENTS.length) return `Isi ${SKM_ELEMENTS.length} nilai, satu per unsur layanan.`;
  if (scores.some((s) => !Number.isInteger(s) || s < 1 || s > 4)) return 'Setiap nilai 1 sampai 4.';
  return undefined;
}

/** IKM of one or many questionnaires (all scores pooled), rounded to 2 decimals. */
export function ikm(scores: number[]): number {
  return Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 25 * 100) / 100;
}

export function ikmGrade(value: number): IkmGrade {
  if (value >= 88.31) return 'A';
  if (value >= 76.61) return 'B';
  if (value >= 65.0) return 'C';
  return 'D';
}
