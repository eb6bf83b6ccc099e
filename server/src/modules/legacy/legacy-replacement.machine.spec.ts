import { ReplacementAction, ReplacementStep, replacementTransition } from './legacy-replacement.machine';

const STEPS: ReplacementStep[] = ['CONFIRM_DATA', 'VERIFY_CODE', 'SET_PASSWORD', 'DONE', 'EXPIRED'];
const ACTIONS: ReplacementAction[] = ['confirm', 'resend', 'verify', 'complete', 'expire'];
const ALLOWED: Partial<Record<ReplacementStep, Partial<Record<ReplacementAction, ReplacementStep>>>> = {
  CONFIRM_DATA: { confirm: 'VERIFY_CODE', expire: 'EXPIRED' },
  VERIFY_CODE: { resend: 'VERIFY_CODE', verify: 'SET_PASSWORD', expire: 'EXPIRED' },
  SET_PASSWORD: { complete: 'DONE', expire: 'EXPIRED' },
};

describe('OSS 1.1 replacement machine', () => {
  it.each(STEPS.flatMap((s) => ACTIONS.map((a) => [s, a] as const)))('%s + %s', (step, action) => {
    const to = ALLOWED[step]?.[action];
    if (to) expect(replacementTransition(step, action)).toBe(to);
    else
      expect(() => replacementTransition(step, action)).toThrow(
        expect.objectContaining({ code: step === 'EXPIRED' ? 'CODE_EXPIRED' : 'VALIDATION_FAILED' }),
      );
  });
});
