import { CODE_RULES, generateCode, isCodeShape, nextSendAllowedAt } from './code';

describe('verification codes', () => {
  it('are six digits, leading zeros kept', () => {
    for (let i = 0; i < 200; i++) expect(generateCode()).toMatch(/^\d{6}$/);
    expect(isCodeShape('012345')).toBe(true);
    expect(isCodeShape('12345')).toBe(false);
    expect(isCodeShape('12345a')).toBe(false);
  });

  const t0 = new Date('2026-11-23T10:00:00Z');
  const at = (min: number) => new Date(t0.getTime() + min * 60_000);

  it('allow a resend only after the 3-minute countdown', () => {
    expect(nextSendAllowedAt([t0])).toEqual(at(3));
    expect(nextSendAllowedAt([t0], { ignoreCountdown: true }).getTime()).toBeLessThanOrEqual(t0.getTime());
  });

  it('allow at most 5 sends in any hour', () => {
    const sends = [at(0), at(3), at(6), at(9), at(12)];
    expect(CODE_RULES.maxSendsPerHour).toBe(5);
    expect(nextSendAllowedAt(sends)).toEqual(at(60));
    expect(nextSendAllowedAt(sends, { ignoreCountdown: true })).toEqual(at(60));
    expect(nextSendAllowedAt(sends.slice(0, 4), { ignoreCountdown: true }).getTime()).toBeLessThanOrEqual(t0.getTime());
  });
});
