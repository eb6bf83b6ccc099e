import {
  checkRespondent,
  checkScores,
  ikm,
  ikmGrade,
  IKM_GRADE_LABELS,
  krejcieMorgan,
  lowestElements,
  SKM_ELEMENTS,
  SKM_SCORE_LABELS,
  SKM_WEIGHT,
  skmFromSums,
  skmIndex,
} from './ikm';

/** `count` respondents whose nine scores add up to `total` (the first elements get the extra points). */
function respondents(count: number, total: number): number[][] {
  const base = Math.floor(total / 9);
  const row = Array.from({ length: 9 }, (_, i) => (i < total - 9 * base ? base + 1 : base));
  return Array.from({ length: count }, () => row);
}

describe('SKM elements and labels (Permenpan-RB 14/2017)', () => {
  it('lists U1–U9 in the order of the regulation, with the sample questionnaire’s answers', () => {
    expect(SKM_ELEMENTS.map((e) => `${e.code} ${e.name}`)).toEqual([
      'U1 Persyaratan',
      'U2 Sistem, mekanisme, dan prosedur',
      'U3 Waktu penyelesaian',
      'U4 Biaya/tarif',
      'U5 Produk spesifikasi jenis pelayanan',
      'U6 Kompetensi pelaksana',
      'U7 Perilaku pelaksana',
      'U8 Penanganan pengaduan, saran dan masukan',
      'U9 Sarana dan prasarana',
    ]);
    expect(SKM_SCORE_LABELS).toEqual(['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai']);
    expect(SKM_ELEMENTS[3].labels).toEqual(['Sangat mahal', 'Cukup mahal', 'Murah', 'Gratis']);
    expect(SKM_ELEMENTS.every((e) => e.labels.length === 4)).toBe(true);
    expect(IKM_GRADE_LABELS).toEqual({ A: 'Sangat baik', B: 'Baik', C: 'Kurang baik', D: 'Tidak baik' });
  });
});

describe('IKM computation', () => {
  it('weighs each element 1/9, so a perfect survey is 100 (the printed 0.111 would give 99.9)', () => {
    expect(SKM_WEIGHT).toBe(1 / 9);
    // 0.111 × 4 × 9 × 25 = 99.9; 1/9 × 4 × 9 × 25 = 100
    const perfect = skmIndex(respondents(3, 36));
    expect(perfect.ikm).toBe(100);
    expect(perfect.grade).toBe('A');
    expect(skmIndex(respondents(3, 9)).ikm).toBe(25);
  });

  it('matches the hand-computed fixture: NRR, weighted NRR, IKM, mutu and the lowest elements', () => {
    // Five questionnaires, U1..U9:
    const answers = [
      [3, 3, 3, 4, 3, 3, 4, 2, 3],
      [4, 3, 3, 4, 3, 4, 4, 3, 3],
      [3, 2, 3, 4, 3, 3, 4, 2, 3],
      [3, 3, 2, 4, 3, 3, 3, 3, 4],
      [4, 3, 3, 4, 4, 3, 4, 2, 3],
    ];
    // Sums per element: 17 14 14 20 16 16 19 12 16 (total 144)
    // NRR = sum ÷ 5:     3.4 2.8 2.8 4.0 3.2 3.2 3.8 2.4 3.2 (Σ 28.8)
    // weighted = NRR ÷ 9: 0.3778 0.3111 0.3111 0.4444 0.3556 0.3556 0.4222 0.2667 0.3556
    // IKM = 25 × 28.8 ÷ 9 = 25 × 3.2 = 80.00 → B (76.61–88.30).
    // With the printed weight 0.111: 25 × 28.8 × 0.111 = 79.92 — a different figure, hence the choice stated.
    const r = skmIndex(answers);
    expect(r.respondents).toBe(5);
    expect(r.weight).toBe(1 / 9);
    expect(r.elements.map((e) => e.sum)).toEqual([17, 14, 14, 20, 16, 16, 19, 12, 16]);
    expect(r.elements.map((e) => e.nrr)).toEqual([3.4, 2.8, 2.8, 4, 3.2, 3.2, 3.8, 2.4, 3.2]);
    r.elements.forEach((e, i) =>
      expect(e.weightedNrr).toBeCloseTo([0.3778, 0.3111, 0.3111, 0.4444, 0.3556, 0.3556, 0.4222, 0.2667, 0.3556][i], 4),
    );
    expect(r.ikm).toBe(80);
    expect(r.ikm).not.toBe(79.92);
    expect(r.grade).toBe('B');
    // 25 × Σ weighted NRR is the IKM
    expect(25 * r.elements.reduce((a, e) => a + e.weightedNrr, 0)).toBeCloseTo(80, 10);
    // U8 2.4, then U2 and U3 at 2.8 in element order
    expect(lowestElements(r.elements).map((e) => e.code)).toEqual(['U8', 'U2', 'U3']);
    // the pooled form used per questionnaire agrees
    expect(ikm(answers.flat())).toBe(80);
  });

  it('reproduces a published report: Disdukcapil Tulang Bawang Barat, 2023 semester 1 (e-smile.tubaba.go.id)', () => {
    // The office's published SKM table ("laporan online"): one respondent answering 4 on U1..U9;
    // Σ nilai per unsur 4, NRR per unsur 4, NRR tertimbang per unsur 0.44 (shown to 2 decimals),
    // IKM UNIT PELAYANAN 100 (Sangat Baik). Its legend prints the weight as 0,111, yet the figure it
    // publishes is 100, which only the exact weight 1/9 gives: 4 × 0.111 × 9 × 25 = 99.9.
    const r = skmFromSums(1, [4, 4, 4, 4, 4, 4, 4, 4, 4]);
    expect(r.elements.map((e) => e.sum)).toEqual([4, 4, 4, 4, 4, 4, 4, 4, 4]);
    expect(r.elements.map((e) => e.nrr)).toEqual([4, 4, 4, 4, 4, 4, 4, 4, 4]);
    expect(r.elements.map((e) => Math.round(e.weightedNrr * 100) / 100)).toEqual(Array(9).fill(0.44));
    expect(r.ikm).toBe(100);
    expect(r.grade).toBe('A');
    expect(IKM_GRADE_LABELS[r.grade!]).toBe('Sangat baik');
    // The same answers through the per-questionnaire path agree.
    expect(skmIndex([[4, 4, 4, 4, 4, 4, 4, 4, 4]])).toEqual(r);
  });

  it('has no figures without respondents', () => {
    const r = skmIndex([]);
    expect(r).toMatchObject({ respondents: 0, ikm: null, grade: null });
    expect(r.elements.every((e) => e.nrr === 0 && e.sum === 0)).toBe(true);
  });

  // With 5000 respondents IKM = 25 × total ÷ (9 × 5000) = total ÷ 1800, so each band edge
  // is hit by a whole total: 1800 × 88.305 = 158949, 1800 × 76.605 = 137889, 1800 × 64.995 = 116991.
  it.each([
    // total of all scores, mutu, IKM rounded to 2 decimals
    [158958, 'A', 88.31], // 158958 ÷ 1800 = 88.31 exactly
    [158949, 'A', 88.31], // 88.305 exactly: half up to 88.31 → A
    [158948, 'B', 88.3], // 88.30444… → 88.30 → B
    [137889, 'B', 76.61], // 76.605 → 76.61 → B
    [137888, 'C', 76.6], // 76.60444… → 76.60 → C
    [116991, 'C', 65], // 64.995 → 65.00 → C
    [116990, 'D', 64.99], // 64.99444… → 64.99 → D
  ])('rounds half up before grading at the band edges: total %i → %s (%f)', (total, grade, value) => {
    // e.g. 158949 = 5000 × 31 + 3949: 3949 respondents with 32 points, 1051 with 31.
    const extra = total - 5000 * Math.floor(total / 5000);
    const base = Math.floor(total / 5000);
    const answers = [...respondents(extra, base + 1), ...respondents(5000 - extra, base)];
    expect(answers.flat().reduce((a, b) => a + b, 0)).toBe(total);
    const r = skmIndex(answers);
    expect(r.ikm).toBe(value);
    expect(r.grade).toBe(grade);
  });

  it('grades by the official bands, at their edges', () => {
    expect([100, 88.31, 88.3, 76.61, 76.6, 65, 64.99, 25].map(ikmGrade)).toEqual([
      'A',
      'A',
      'B',
      'B',
      'C',
      'C',
      'D',
      'D',
    ]);
  });

  it('rounds one questionnaire half a hundredth and more up: 28/9 × 25 = 77.777… is 77.78', () => {
    expect(ikm([3, 3, 3, 3, 3, 3, 3, 3, 4])).toBe(77.78);
    // 26/9 × 25 = 72.222… rounds down
    expect(ikm([2, 3, 3, 3, 3, 3, 3, 3, 3])).toBe(72.22);
    expect(ikm([3, 4, 3, 3, 4, 3, 4, 3, 3])).toBe(83.33);
  });

  it('wants nine scores of 1 to 4', () => {
    expect(checkScores([4, 4, 4])).toMatch(/9 nilai/);
    expect(checkScores([4, 4, 4, 4, 4, 4, 4, 4, 5])).toMatch(/1 sampai 4/);
    expect(checkScores([4, 4, 4, 4, 4, 4, 4, 4, 2.5])).toMatch(/1 sampai 4/);
    expect(checkScores([0, 4, 4, 4, 4, 4, 4, 4, 4])).toMatch(/1 sampai 4/);
    expect(checkScores([4, 4, 4, 4, 4, 4, 4, 4, 4, 4])).toMatch(/9 nilai/);
    expect(checkScores([1, 2, 3, 4, 1, 2, 3, 4, 1])).toBeUndefined();
  });
});

describe('respondent profile', () => {
  it('is optional, and a given value must be one of its keys', () => {
    expect(checkRespondent({})).toEqual({});
    expect(checkRespondent({ gender: null, ageBand: 'AGE_60_PLUS', education: 'S3', occupation: 'WIRAUSAHA' })).toEqual(
      {},
    );
    expect(
      checkRespondent({ gender: 'X', ageBand: 'AGE_20_29', education: 'toString', occupation: 'LAINNYA' }),
    ).toEqual({
      gender: 'Pilihan tidak dikenal.',
      education: 'Pilihan tidak dikenal.',
    });
  });
});

describe('Krejcie–Morgan sample size', () => {
  it.each([
    // N, s from the published table (Krejcie & Morgan 1970, Table 1)
    [10, 10],
    [50, 44], // 48.0125 ÷ 1.08275 = 44.34
    [100, 80], // 96.025 ÷ 1.20775 = 79.51
    [200, 132],
    [500, 217], // 480.125 ÷ 2.20775 = 217.47
    [1000, 278], // 960.25 ÷ 3.45775 = 277.71
    [3000, 341],
    [10000, 370], // 9602.5 ÷ 25.95775 = 369.93
    [50000, 381],
  ])('N = %i needs %i respondents', (n, s) => {
    expect(krejcieMorgan(n)).toBe(s);
  });

  it('needs nobody from nobody and everybody from one', () => {
    expect(krejcieMorgan(0)).toBe(0);
    expect(krejcieMorgan(1)).toBe(1);
    expect(() => krejcieMorgan(-1)).toThrow(RangeError);
    expect(() => krejcieMorgan(2.5)).toThrow(RangeError);
  });
});
