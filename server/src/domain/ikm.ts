/**
 * Survei Kepuasan Masyarakat (Permenpan-RB 14/2017): nine service elements
 * U1–U9, each scored 1–4. Per element the NRR (nilai rata-rata) is the sum of
 * its scores ÷ the number of answers; weighted by 1/9 and summed, × 25, it is
 * the Indeks Kepuasan Masyarakat, graded by the official bands.
 *
 * Weight: 1/9 exactly, not the regulation's printed 0.111 (see docs/domain.md):
 * with 0.111 a survey where everyone answered 4 is 99.9, outside band A's
 * printed top of 100, and the IKM would no longer equal the mean score × 25.
 */
export interface SkmElement {
  code: string;
  name: string;
  /** What the answers a–d (scores 1–4) say for this element in the regulation's sample questionnaire. */
  labels: readonly [string, string, string, string];
}

/** In the order of the regulation's list of elements (Lampiran, ruang lingkup a–i). */
export const SKM_ELEMENTS: readonly SkmElement[] = [
  { code: 'U1', name: 'Persyaratan', labels: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'] },
  {
    code: 'U2',
    name: 'Sistem, mekanisme, dan prosedur',
    labels: ['Tidak mudah', 'Kurang mudah', 'Mudah', 'Sangat mudah'],
  },
  { code: 'U3', name: 'Waktu penyelesaian', labels: ['Tidak cepat', 'Kurang cepat', 'Cepat', 'Sangat cepat'] },
  { code: 'U4', name: 'Biaya/tarif', labels: ['Sangat mahal', 'Cukup mahal', 'Murah', 'Gratis'] },
  {
    code: 'U5',
    name: 'Produk spesifikasi jenis pelayanan',
    labels: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'],
  },
  {
    code: 'U6',
    name: 'Kompetensi pelaksana',
    labels: ['Tidak kompeten', 'Kurang kompeten', 'Kompeten', 'Sangat kompeten'],
  },
  {
    code: 'U7',
    name: 'Perilaku pelaksana',
    labels: ['Tidak sopan dan ramah', 'Kurang sopan dan ramah', 'Sopan dan ramah', 'Sangat sopan dan ramah'],
  },
  {
    code: 'U8',
    name: 'Penanganan pengaduan, saran dan masukan',
    labels: ['Tidak ada', 'Ada tetapi tidak berfungsi', 'Berfungsi kurang maksimal', 'Dikelola dengan baik'],
  },
  { code: 'U9', name: 'Sarana dan prasarana', labels: ['Buruk', 'Cukup', 'Baik', 'Sangat baik'] },
];

/** The generic wording of scores 1–4 (the sample questionnaire's first question). */
export const SKM_SCORE_LABELS = ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'] as const;

/** The weight of each element: 1 ÷ the number of elements. */
export const SKM_WEIGHT = 1 / SKM_ELEMENTS.length;

export type IkmGrade = 'A' | 'B' | 'C' | 'D';

/** Mutu pelayanan and kinerja unit pelayanan of each grade. */
export const IKM_GRADE_LABELS: Record<IkmGrade, string> = {
  A: 'Sangat baik',
  B: 'Baik',
  C: 'Kurang baik',
  D: 'Tidak baik',
};

/** The nine scores, or a message. */
export function checkScores(scores: readonly number[]): string | undefined {
  if (scores.length !== SKM_ELEMENTS.length) return `Isi ${SKM_ELEMENTS.length} nilai, satu per unsur layanan.`;
  if (scores.some((s) => !Number.isInteger(s) || s < 1 || s > 4)) return 'Setiap nilai 1 sampai 4.';
  return undefined;
}

/**
 * numerator ÷ denominator rounded half up to 2 decimals, in integers so an
 * exact half (88.305) is never lost to binary fractions. Both non-negative
 * integers well below 2^53.
 */
function hundredthsHalfUp(numerator: number, denominator: number): number {
  const twice = 200 * numerator + denominator;
  return (twice - (twice % (2 * denominator))) / (2 * denominator) / 100;
}

/**
 * IKM from the total of all scores of `respondents` complete questionnaires:
 * 25 × Σ (sum_i ÷ n) × 1/9 = 25 × total ÷ (9 × n), rounded half up to 2 decimals.
 */
function ikmOfTotal(total: number, respondents: number): number {
  return hundredthsHalfUp(25 * total, SKM_ELEMENTS.length * respondents);
}

/** IKM of one or many complete questionnaires (all scores pooled), rounded half up to 2 decimals. */
export function ikm(scores: readonly number[]): number {
  return hundredthsHalfUp(25 * scores.reduce((a, b) => a + b, 0), scores.length);
}

/** Grades an IKM already rounded to 2 decimals (the bands leave no gap between them at that precision). */
export function ikmGrade(value: number): IkmGrade {
  if (value >= 88.31) return 'A';
  if (value >= 76.61) return 'B';
  if (value >= 65.0) return 'C';
  return 'D';
}

export interface SkmElementResult {
  code: string;
  name: string;
  /** Sum of the scores given to this element. */
  sum: number;
  /** Sum ÷ respondents, unrounded. */
  nrr: number;
  /** NRR × weight, unrounded. */
  weightedNrr: number;
}

export interface SkmResult {
  respondents: number;
  weight: number;
  elements: SkmElementResult[];
  /** 25 × Σ weighted NRR, rounded half up to 2 decimals; null without respondents. */
  ikm: number | null;
  grade: IkmGrade | null;
}

/** The SKM recapitulation of complete questionnaires (each nine scores 1–4, checked before). */
export function skmIndex(answers: readonly (readonly number[])[]): SkmResult {
  return skmFromSums(
    answers.length,
    SKM_ELEMENTS.map((_, i) => answers.reduce((a, s) => a + s[i], 0)),
  );
}

/** The same from the number of respondents and the sum of each element's scores (as a database adds them up). */
export function skmFromSums(respondents: number, sums: readonly number[]): SkmResult {
  const n = respondents;
  const elements = SKM_ELEMENTS.map((e, i) => {
    const nrr = n ? sums[i] / n : 0;
    return { code: e.code, name: e.name, sum: sums[i], nrr, weightedNrr: nrr * SKM_WEIGHT };
  });
  const value = n
    ? ikmOfTotal(
        sums.reduce((a, b) => a + b, 0),
        n,
      )
    : null;
  return { respondents: n, weight: SKM_WEIGHT, elements, ikm: value, grade: value === null ? null : ikmGrade(value) };
}

/** The `count` elements with the lowest NRR, lowest first (ties in element order): where to improve. */
export function lowestElements<T extends { nrr: number }>(elements: readonly T[], count = 3): T[] {
  return elements
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.nrr - b.e.nrr || a.i - b.i)
    .slice(0, count)
    .map(({ e }) => e);
}

/**
 * Krejcie & Morgan (1970) sample size for a population of `population`:
 * s = χ²·N·P(1−P) ÷ (d²(N−1) + χ²·P(1−P)) with χ² = 3.841 (1 degree of
 * freedom, 95%), P = 0.5, d = 0.05, rounded to the nearest whole respondent
 * as the published table is (N = 50 gives 44.34, listed as 44).
 */
export function krejcieMorgan(population: number): number {
  if (!Number.isInteger(population) || population < 0) throw new RangeError('population: a whole number ≥ 0');
  if (population === 0) return 0;
  const chi2 = 3.841;
  const pq = 0.5 * 0.5;
  const d2 = 0.05 * 0.05;
  return Math.round((chi2 * population * pq) / (d2 * (population - 1) + chi2 * pq));
}

/**
 * The respondent profile the SKM report tabulates (the sample questionnaire's
 * "profil"): every part optional. Keys are stored, labels shown.
 */
export const SKM_PROFILE = {
  gender: { LAKI_LAKI: 'Laki-laki', PEREMPUAN: 'Perempuan' },
  ageBand: {
    AGE_UNDER_20: 'Di bawah 20 tahun',
    AGE_20_29: '20–29 tahun',
    AGE_30_39: '30–39 tahun',
    AGE_40_49: '40–49 tahun',
    AGE_50_59: '50–59 tahun',
    AGE_60_PLUS: '60 tahun ke atas',
  },
  education: {
    SD: 'SD atau sederajat',
    SMP: 'SMP atau sederajat',
    SMA: 'SMA/SMK atau sederajat',
    DIPLOMA: 'D1–D3',
    S1: 'D4/S1',
    S2: 'S2',
    S3: 'S3',
  },
  occupation: {
    PNS: 'PNS',
    TNI: 'TNI',
    POLRI: 'Polri',
    SWASTA: 'Pegawai swasta',
    WIRAUSAHA: 'Wirausaha',
    LAINNYA: 'Lainnya',
  },
} as const;

export type SkmProfileField = keyof typeof SKM_PROFILE;
export const SKM_PROFILE_FIELDS = Object.keys(SKM_PROFILE) as SkmProfileField[];
export type RespondentProfile = Partial<Record<SkmProfileField, string | null>>;

/** Field → message for each given profile value that is not one of its keys. */
export function checkRespondent(profile: RespondentProfile): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of SKM_PROFILE_FIELDS) {
    const v = profile[field];
    if (v != null && !Object.hasOwn(SKM_PROFILE[field], v)) errors[field] = 'Pilihan tidak dikenal.';
  }
  return errors;
}
