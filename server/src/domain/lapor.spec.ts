import { HolidayCalendar } from './holiday-calendar';
import { checkLaporTrackingId, laporClocks } from './lapor';

const wib = (date: string, time = '10:00') => new Date(`${date}T${time}:00+07:00`);

describe('SP4N-LAPOR!', () => {
  it('forward in 3 working days, follow up in 5, across Idul Fitri 2026 and its cuti bersama', () => {
    // Monday 16 March: 17 counts, 18-24 do not, then 25, 26 (forward), 27, 30 (follow-up).
    expect(laporClocks(wib('2026-03-16'), new HolidayCalendar())).toEqual({
      forwardDueAt: wib('2026-03-26'),
      followUpDueAt: wib('2026-03-30'),
    });
    expect(laporClocks(wib('2026-11-30'), new Set())).toEqual({
      forwardDueAt: wib('2026-12-03'),
      followUpDueAt: wib('2026-12-07'),
    });
  });

  it('takes the tracking id as officers copy it, only on the LAPOR! channel', () => {
    expect(checkLaporTrackingId('SP4N_LAPOR', ' #4123 456 ')).toEqual({ ok: true, id: '4123456' });
    expect(checkLaporTrackingId('SP4N_LAPOR', 'lpr-2026-0001')).toEqual({ ok: true, id: 'LPR-2026-0001' });
    expect(checkLaporTrackingId('SP4N_LAPOR', null)).toEqual({ ok: true, id: null });
    expect(checkLaporTrackingId('EMAIL', '  ')).toEqual({ ok: true, id: null });
    expect(checkLaporTrackingId('SP4N_LAPOR', '1234')).toEqual({ ok: true, id: '1234' });
    expect(checkLaporTrackingId('SP4N_LAPOR', '123').ok).toBe(false);
    expect(checkLaporTrackingId('SP4N_LAPOR', 'A'.repeat(32)).ok).toBe(true);
    expect(checkLaporTrackingId('SP4N_LAPOR', 'A'.repeat(33)).ok).toBe(false);
    expect(checkLaporTrackingId('SP4N_LAPOR', '12<34').ok).toBe(false);
    expect(checkLaporTrackingId('EMAIL', '4123456')).toEqual({
      ok: false,
      message: 'Nomor pelacakan LAPOR! hanya untuk kanal SP4N-LAPOR!.',
    });
  });
});
