import Holidays from 'date-holidays';
import { HolidayCalendar, holidayReport, holidaysOfYear } from './holiday-calendar';
import { ID_DECREES } from './holidays-id';
import { addWorkingDays, isWorkingDay } from './working-days';

// 10:00 WIB is 03:00 UTC.
const wib = (date: string, time = '10:00') => new Date(`${date}T${time}:00+07:00`);

describe('Indonesian holiday calendar', () => {
  const calendar = new HolidayCalendar();

  it('date-holidays gives Indonesia public holidays only (no observance days to filter by mistake)', () => {
    const types = new Set<string>();
    for (let y = 2024; y <= 2030; y++) for (const h of new Holidays('ID').getHolidays(y)) types.add(h.type);
    expect([...types]).toEqual(['public']);
  });

  it('has the computed national holidays, Easter Sunday and the 2026 decree', () => {
    const y2026 = new Map(holidaysOfYear(2026).map((h) => [h.date, h]));
    expect(y2026.get('2026-01-01')?.source).toBe('DATE_HOLIDAYS');
    expect(y2026.get('2026-01-16')?.name).toBe('Isra Mikraj Nabi Muhammad SAW');
    expect(y2026.get('2026-08-25')?.name).toBe('Maulid Nabi Muhammad');
    expect(y2026.get('2026-03-19')?.source).toBe('DATE_HOLIDAYS'); // Nyepi
    expect(y2026.get('2026-03-21')?.source).toBe('DATE_HOLIDAYS'); // Idul Fitri
    expect(y2026.get('2026-04-05')).toEqual({ date: '2026-04-05', name: 'Hari Paskah', source: 'EASTER' });
    expect(y2026.get('2026-03-22')?.source).toBe('LIBUR_NASIONAL');
    for (const d of Object.keys(ID_DECREES[2026].cutiBersama)) expect(y2026.get(d)?.source).toBe('CUTI_BERSAMA');
    expect(y2026.has('2026-03-25')).toBe(false);
    expect(holidaysOfYear(2027).find((h) => h.source === 'EASTER')?.date).toBe('2027-03-28');
  });

  it('Idul Fitri 2026 with its cuti bersama: Tuesday 17 March plus one working day is Wednesday 25 March', () => {
    // 18 cuti Nyepi, 19 Nyepi, 20 cuti, 21-22 Idul Fitri, 23-24 cuti bersama.
    expect(addWorkingDays(wib('2026-03-16'), 1, calendar)).toEqual(wib('2026-03-17'));
    expect(addWorkingDays(wib('2026-03-17'), 1, calendar)).toEqual(wib('2026-03-25'));
    expect(addWorkingDays(wib('2026-03-16'), 3, calendar)).toEqual(wib('2026-03-26'));
    // Logged during the holiday: the first working day after it counts as day one.
    expect(addWorkingDays(wib('2026-03-21'), 1, calendar)).toEqual(wib('2026-03-25'));
  });

  it('the last cuti bersama day ends at midnight in Jakarta', () => {
    expect(isWorkingDay(wib('2026-03-24', '23:59'), calendar)).toBe(false);
    expect(isWorkingDay(wib('2026-03-25', '00:00'), calendar)).toBe(true);
    expect(isWorkingDay(wib('2026-03-17', '23:59'), calendar)).toBe(true);
    expect(isWorkingDay(wib('2026-03-18', '00:00'), calendar)).toBe(false);
  });

  it('a cuti bersama day alone stops the clock: the Friday after Ascension 2026', () => {
    expect(addWorkingDays(wib('2026-05-13'), 1, calendar)).toEqual(wib('2026-05-18'));
    // Without the decree the Friday would count.
    expect(addWorkingDays(wib('2026-05-13'), 1, new HolidayCalendar(new Set(), {}))).toEqual(wib('2026-05-15'));
    // And Christmas Eve 2026 (cuti) then Christmas (holiday): Wednesday 23 December + 1 = Monday 28.
    expect(addWorkingDays(wib('2026-12-23'), 1, calendar)).toEqual(wib('2026-12-28'));
  });

  it('Idul Fitri 2027 from date-holidays (Nyepi on the Monday before): Friday 5 March + 1 = Thursday 11 March', () => {
    expect(addWorkingDays(wib('2027-03-05'), 1, calendar)).toEqual(wib('2027-03-11'));
  });

  it('a decree can move a computed lunar day back to a working day, and COMPLAINT_HOLIDAYS adds days', () => {
    const moved = new HolidayCalendar(new Set(), {
      2027: { decree: 'test', cutiBersama: {}, notHolidays: ['2027-03-10'] },
    });
    expect(moved.has('2027-03-09')).toBe(true);
    expect(moved.has('2027-03-10')).toBe(false);
    const extra = new HolidayCalendar(new Set(['2026-11-30']));
    expect(addWorkingDays(wib('2026-11-27'), 1, extra)).toEqual(wib('2026-12-01'));
    expect(addWorkingDays(wib('2026-11-27'), 1, calendar)).toEqual(wib('2026-11-30'));
    expect(holidaysOfYear(2026, new Set(['2026-11-30', '2027-01-04'])).filter((h) => h.source === 'CONFIG')).toEqual([
      { date: '2026-11-30', name: 'Hari libur (COMPLAINT_HOLIDAYS)', source: 'CONFIG' },
    ]);
  });
});

describe('holiday report for operators', () => {
  it('lists the days with weekday and source, and says when a year lacks its decree', () => {
    const [head, ...lines] = holidayReport(2026, new Set(['2026-11-30']));
    expect(head).toMatch(/^2026: SKB .*1497/);
    expect(lines).toContain('2026-03-23\tSenin\tcuti bersama (SKB)\tCuti bersama Idul Fitri 1447 H');
    expect(lines).toContain('2026-04-05\tMinggu\tlibur nasional (Paskah)\tHari Paskah');
    expect(lines).toContain('2026-11-30\tSenin\tCOMPLAINT_HOLIDAYS\tHari libur (COMPLAINT_HOLIDAYS)');
    expect(lines.filter((l) => l.includes('cuti bersama (SKB)'))).toHaveLength(8);
    expect(lines.map((l) => l.slice(0, 10))).toEqual([...lines.map((l) => l.slice(0, 10))].sort());
    expect(holidayReport(2027, new Set(), {})[0]).toMatch(/^2027: belum ada data SKB 3 Menteri/);
  });
});
