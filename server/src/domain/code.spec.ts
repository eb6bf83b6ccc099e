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

  it('count the countdown from the newest send, whatever order the times come in', () => {
    expect(nextSendAllowedAt([at(3), at(0)])).toEqual(at(6));
    expect(nextSendAllowedAt([])).toEqual(new Date(0));
  });

  it('wait for the later of the countdown and the hourly limit', () => {
    // The fifth send at minute 59: its countdown (62) ends after the hour of the first (60).
    expect(nextSendAllowedAt([at(0), at(1), at(2), at(3), at(59)])).toEqual(at(62));
    // Six sends: the hour counts from the fifth newest (minute 3).
    expect(nextSendAllowedAt([at(0), at(3), at(6), at(9), at(12), at(15)])).toEqual(at(63));
  });

  it('accept a code typed with spaces around it, and nothing but six digits', () => {
    expect(isCodeShape(' 012345 ')).toBe(true);
    expect(isCodeShape('1234567')).toBe(false);
    expect(isCodeShape('12 345')).toBe(false);
  });
});
