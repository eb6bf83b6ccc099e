import { addWorkingDays, isWorkingDay, parseHolidays } from './working-days';

// 10:00 WIB is 03:00 UTC.
const wib = (date: string, time = '10:00') => new Date(`${date}T${time}:00+07:00`);

describe('working days (Asia/Jakarta)', () => {
  it('skips the weekend', () => {
    expect(addWorkingDays(wib('2026-11-27'), 1)).toEqual(wib('2026-11-30')); // Friday → Monday
    expect(addWorkingDays(wib('2026-11-26'), 1)).toEqual(wib('2026-11-27')); // Thursday → Friday
    expect(addWorkingDays(wib('2026-11-28'), 1)).toEqual(wib('2026-11-30')); // Saturday → Monday
    expect(addWorkingDays(wib('2026-11-27'), 3)).toEqual(wib('2026-12-02')); // Friday → Wednesday
  });

  it('skips holidays, across a weekend too', () => {
    const holidays = parseHolidays('2026-12-25, 2026-12-28');
    expect(addWorkingDays(wib('2026-12-24'), 1, holidays)).toEqual(wib('2026-12-29')); // Thu → (Fri hol, wkend, Mon hol) → Tue
    expect(addWorkingDays(wib('2026-12-24'), 3, holidays)).toEqual(wib('2026-12-31'));
  });

  it('uses the Jakarta calendar, not UTC: 23:30 WIB Friday is still Friday', () => {
    const lateFriday = wib('2026-11-27', '23:30'); // 16:30 UTC Friday
    expect(isWorkingDay(lateFriday, new Set())).toBe(true);
    expect(isWorkingDay(wib('2026-11-28', '00:30'), new Set())).toBe(false); // Saturday in Jakarta, Friday in UTC
    expect(addWorkingDays(lateFriday, 1)).toEqual(wib('2026-11-30', '23:30'));
  });

  it('refuses a malformed holiday', () => {
    expect(() => parseHolidays('2026-13-45x')).toThrow(/YYYY-MM-DD/);
    expect(parseHolidays(undefined).size).toBe(0);
  });
});
