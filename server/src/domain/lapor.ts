import { addWorkingDays, HolidayLookup } from './working-days';

/**
 * SP4N-LAPOR!, the national complaint system: a report that reaches the
 * helpdesk through it carries LAPOR!'s tracking id, and LAPOR!'s own service
 * standard (Permenpan RB 62/2018) runs beside ours: the report must be
 * forwarded (or taken up) within 3 working days and followed up within 5,
 * both counted from when it was received here.
 */
export const LAPOR_FORWARD_DAYS = 3;
export const LAPOR_FOLLOW_UP_DAYS = 5;

export interface LaporClocks {
  forwardDueAt: Date;
  followUpDueAt: Date;
}

export function laporClocks(receivedAt: Date, holidays: HolidayLookup): LaporClocks {
  return {
    forwardDueAt: addWorkingDays(receivedAt, LAPOR_FORWARD_DAYS, holidays),
    followUpDueAt: addWorkingDays(receivedAt, LAPOR_FOLLOW_UP_DAYS, holidays),
  };
}

/**
 * The tracking id as officers copy it from LAPOR! ("#4123456", "4123 456"):
 * without "#" and spaces, upper case, 4-32 letters, digits or dashes. Only a
 * complaint on the SP4N_LAPOR channel may carry one.
 */
export function checkLaporTrackingId(
  channel: string,
  raw: string | null | undefined,
): { ok: true; id: string | null } | { ok: false; message: string } {
  const id = (raw ?? '').replace(/\s+/g, '').replace(/^#/, '').toUpperCase();
  if (!id) return { ok: true, id: null };
  if (channel !== 'SP4N_LAPOR') return { ok: false, message: 'Nomor pelacakan LAPOR! hanya untuk kanal SP4N-LAPOR!.' };
  if (!/^[A-Z0-9-]{4,32}$/.test(id)) {
    return { ok: false, message: 'Nomor pelacakan LAPOR! 4-32 huruf, angka atau tanda hubung.' };
  }
  return { ok: true, id };
}
