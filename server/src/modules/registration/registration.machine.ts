import { AppError } from '../../shared/errors';

/**
 * Registration flow state machine.
 *
 *   VERIFY_CODE ──verify──▶ SET_PASSWORD ──setPassword──▶ COMPLETE_PROFILE ──complete──▶ DONE
 *       │ resend / changeDestination (stay)
 *       └───────────────── (24 h without DONE) ──▶ EXPIRED
 *
 * Every operation names the step it is valid in; anything else is refused.
 */
export type RegistrationStep = 'VERIFY_CODE' | 'SET_PASSWORD' | 'COMPLETE_PROFILE' | 'DONE' | 'EXPIRED';
export type RegistrationAction = 'resend' | 'changeDestination' | 'verify' | 'setPassword' | 'complete' | 'expire';

const TRANSITIONS: Record<RegistrationAction, { from: RegistrationStep[]; to?: RegistrationStep }> = {
  resend: { from: ['VERIFY_CODE'] },
  changeDestination: { from: ['VERIFY_CODE'] },
  verify: { from: ['VERIFY_CODE'], to: 'SET_PASSWORD' },
  setPassword: { from: ['SET_PASSWORD'], to: 'COMPLETE_PROFILE' },
  complete: { from: ['COMPLETE_PROFILE'], to: 'DONE' },
  expire: { from: ['VERIFY_CODE', 'SET_PASSWORD', 'COMPLETE_PROFILE'], to: 'EXPIRED' },
};

const STEP_HINT: Record<RegistrationStep, string> = {
  VERIFY_CODE: 'Pendaftaran masih menunggu verifikasi kode.',
  SET_PASSWORD: 'Kode sudah diverifikasi; langkah berikutnya membuat kata sandi.',
  COMPLETE_PROFILE: 'Kata sandi sudah dibuat; langkah berikutnya melengkapi profil.',
  DONE: 'Pendaftaran ini sudah selesai. Silakan masuk.',
  EXPIRED: 'Pendaftaran ini sudah kedaluwarsa. Silakan mulai pendaftaran baru.',
};

/** Returns the next step, or throws when `action` is not allowed in `step`. */
export function transition(step: RegistrationStep, action: RegistrationAction): RegistrationStep {
  const t = TRANSITIONS[action];
  if (step === 'EXPIRED') {
    throw new AppError('CODE_EXPIRED', STEP_HINT.EXPIRED);
  }
  if (!t.from.includes(step)) {
    throw new AppError('VALIDATION_FAILED', `Langkah ini tidak dapat dilakukan sekarang. ${STEP_HINT[step]}`, {
      fields: { step: STEP_HINT[step] },
      step,
    });
  }
  return t.to ?? step;
}
