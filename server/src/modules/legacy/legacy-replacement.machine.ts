import { AppError } from '../../shared/errors';

/**
 * Replacement of OSS 1.1 credentials, opened by a login with the old password:
 *
 *   CONFIRM_DATA ──confirm (NIK, NPWP, name)──▶ VERIFY_CODE ──verify──▶ SET_PASSWORD ──complete──▶ DONE
 *                                                  │ resend (stay)
 *   any open step ── 24 h, or the claim deadline ──▶ EXPIRED
 *
 * A mismatch at CONFIRM_DATA stays in the step and counts as a wrong password.
 */
export type ReplacementStep = 'CONFIRM_DATA' | 'VERIFY_CODE' | 'SET_PASSWORD' | 'DONE' | 'EXPIRED';
export type ReplacementAction = 'confirm' | 'resend' | 'verify' | 'complete' | 'expire';

const TRANSITIONS: Record<ReplacementAction, { from: ReplacementStep[]; to?: ReplacementStep }> = {
  confirm: { from: ['CONFIRM_DATA'], to: 'VERIFY_CODE' },
  resend: { from: ['VERIFY_CODE'] },
  verify: { from: ['VERIFY_CODE'], to: 'SET_PASSWORD' },
  complete: { from: ['SET_PASSWORD'], to: 'DONE' },
  expire: { from: ['CONFIRM_DATA', 'VERIFY_CODE', 'SET_PASSWORD'], to: 'EXPIRED' },
};

const HINT: Record<ReplacementStep, string> = {
  CONFIRM_DATA: 'Penggantian masih menunggu konfirmasi data akun lama.',
  VERIFY_CODE: 'Data sudah dikonfirmasi; langkah berikutnya memasukkan kode verifikasi.',
  SET_PASSWORD: 'Kode sudah diverifikasi; langkah berikutnya membuat kata sandi baru.',
  DONE: 'Penggantian hak akses sudah selesai. Silakan masuk dengan kata sandi baru.',
  EXPIRED: 'Penggantian ini sudah kedaluwarsa. Silakan masuk lagi dengan kata sandi lama untuk memulai ulang.',
};

/** The next step, or an error naming the step the flow is in. */
export function replacementTransition(step: ReplacementStep, action: ReplacementAction): ReplacementStep {
  if (step === 'EXPIRED') throw new AppError('CODE_EXPIRED', HINT.EXPIRED);
  const t = TRANSITIONS[action];
  if (!t.from.includes(step)) {
    throw new AppError('VALIDATION_FAILED', `Langkah ini tidak dapat dilakukan sekarang. ${HINT[step]}`, {
      fields: { step: HINT[step] },
      step,
    });
  }
  return t.to ?? step;
}
