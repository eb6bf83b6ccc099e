import { checkScores, ikm, ikmGrade, SKM_ELEMENTS } from './ikm';

describe('IKM (Permenpan-RB 14/2017)', () => {
  it('is the mean score times 25', () => {
    expect(ikm([4, 4, 4, 4, 4, 4, 4, 4, 4])).toBe(100);
    expect(ikm([1, 1, 1, 1, 1, 1, 1, 1, 1])).toBe(25);
    // 3,4,3,3,4,3,4,3,3 → mean 30/9 = 3.333… → 83.33
    expect(ikm([3, 4, 3, 3, 4, 3, 4, 3, 3])).toBe(83.33);
  });

  it('rounds half a hundredth and more up: 28/9 × 25 = 77.777… is 77.78', () => {
    expect(ikm([3, 3, 3, 3, 3, 3, 3, 3, 4])).toBe(77.78);
    // 2 + 3×8 = 26/9 × 25 = 72.222… rounds down
    expect(ikm([2, 3, 3, 3, 3, 3, 3, 3, 3])).toBe(72.22);
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
    expect(ikmGrade(ikm([3, 4, 3, 3, 4, 3, 4, 3, 3]))).toBe('B');
  });

  it('wants nine scores of 1 to 4', () => {
    expect(SKM_ELEMENTS).toHaveLength(9);
    expect(checkScores([4, 4, 4])).toMatch(/9 nilai/);
    expect(checkScores([4, 4, 4, 4, 4, 4, 4, 4, 5])).toMatch(/1 sampai 4/);
    expect(checkScores([4, 4, 4, 4, 4, 4, 4, 4, 2.5])).toMatch(/1 sampai 4/);
    expect(checkScores([0, 4, 4, 4, 4, 4, 4, 4, 4])).toMatch(/1 sampai 4/);
    expect(checkScores([4, 4, 4, 4, 4, 4, 4, 4, 4, 4])).toMatch(/9 nilai/);
    expect(checkScores([1, 2, 3, 4, 1, 2, 3, 4, 1])).toBeUndefined();
  });
});
