import { RegistrationAction, RegistrationStep, transition } from './registration.machine';

const STEPS: RegistrationStep[] = ['VERIFY_CODE', 'SET_PASSWORD', 'COMPLETE_PROFILE', 'DONE', 'EXPIRED'];
const ACTIONS: RegistrationAction[] = ['resend', 'changeDestination', 'verify', 'setPassword', 'complete', 'expire'];

/** The whole table: every (step, action) pair and where it leads, or undefined when refused. */
const ALLOWED: Partial<Record<RegistrationStep, Partial<Record<RegistrationAction, RegistrationStep>>>> = {
  VERIFY_CODE: { resend: 'VERIFY_CODE', changeDestination: 'VERIFY_CODE', verify: 'SET_PASSWORD', expire: 'EXPIRED' },
  SET_PASSWORD: { setPassword: 'COMPLETE_PROFILE', expire: 'EXPIRED' },
  COMPLETE_PROFILE: { complete: 'DONE', expire: 'EXPIRED' },
};

describe('registration flow machine', () => {
  const pairs = STEPS.flatMap((s) => ACTIONS.map((a) => [s, a] as const));

  it.each(pairs)('%s + %s', (step, action) => {
    const to = ALLOWED[step]?.[action];
    if (to) expect(transition(step, action)).toBe(to);
    else if (step === 'EXPIRED')
      expect(() => transition(step, action)).toThrow(expect.objectContaining({ code: 'CODE_EXPIRED' }));
    else {
      expect(() => transition(step, action)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', extensions: expect.objectContaining({ step }) }),
      );
    }
  });

  it('walks the happy path to DONE', () => {
    let s: RegistrationStep = 'VERIFY_CODE';
    for (const a of ['resend', 'verify', 'setPassword', 'complete'] as const) s = transition(s, a);
    expect(s).toBe('DONE');
  });

  it('tells the applicant which step the registration is at', () => {
    expect(() => transition('DONE', 'verify')).toThrow(
      expect.objectContaining({
        message: 'Langkah ini tidak dapat dilakukan sekarang. Pendaftaran ini sudah selesai. Silakan masuk.',
        extensions: {
          code: 'VALIDATION_FAILED',
          fields: { step: 'Pendaftaran ini sudah selesai. Silakan masuk.' },
          step: 'DONE',
        },
      }),
    );
    expect(() => transition('EXPIRED', 'resend')).toThrow(
      'Pendaftaran ini sudah kedaluwarsa. Silakan mulai pendaftaran baru.',
    );
  });
});
