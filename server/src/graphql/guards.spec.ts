import { AppError } from '../shared/errors';
import type { Actor } from '../shared/request-context';
import {
  BEFORE_CONSENT,
  BEFORE_PASSWORD_CHANGE,
  refuseLimitedSession,
  requestGuards,
  unstorableStrings,
} from './guards';

/** The error a call throws (or undefined), to compare code, message and extensions at once. */
function refusal(call: () => unknown): { code: string; message: string; extensions?: unknown } | undefined {
  try {
    call();
    return undefined;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { code: e.code, message: e.message, extensions: e.extensions };
  }
}

const staff = (extra: Partial<Extract<Actor, { kind: 'STAFF' }>> = {}): Actor => ({
  kind: 'STAFF',
  staffId: 's-1',
  role: 'ADMIN',
  sessionId: 'x-1',
  ...extra,
});
const applicant = (extra: Partial<Extract<Actor, { kind: 'ACCOUNT' }>> = {}): Actor => ({
  kind: 'ACCOUNT',
  accountId: 'a-1',
  sessionId: 'x-2',
  ...extra,
});

describe('a session limited to one step', () => {
  const consent = { version: 3, summaryUrl: null };

  it('lets an officer with a generated password only change it, log out or log in again', () => {
    expect([...BEFORE_PASSWORD_CHANGE].sort()).toEqual(['changeStaffPassword', 'logout', 'staffLogin']);
    const limited = staff({ passwordChangeRequired: true });
    for (const field of BEFORE_PASSWORD_CHANGE)
      expect(refusal(() => refuseLimitedSession(limited, field))).toBeUndefined();
    for (const field of ['staffUsers', 'accounts', 'complaintUpdated', 'me', 'acceptTerms']) {
      expect(refusal(() => refuseLimitedSession(limited, field))).toEqual({
        code: 'FORBIDDEN',
        message: 'Kata sandi Anda dibuat oleh administrator. Ganti dengan kata sandi Anda sendiri terlebih dahulu.',
        extensions: { code: 'FORBIDDEN', passwordChangeRequired: true },
      });
    }
  });

  it('lets an applicant who must accept a newer notice only see, accept, leave and use their data rights', () => {
    expect([...BEFORE_CONSENT].sort()).toEqual([
      'acceptTerms',
      'dataSubjectRequest',
      'fileDataSubjectRequest',
      'login',
      'logout',
      'me',
      'myDataSubjectRequests',
    ]);
    const limited = applicant({ consentRequired: consent });
    for (const field of BEFORE_CONSENT) expect(refusal(() => refuseLimitedSession(limited, field))).toBeUndefined();
    expect(refusal(() => refuseLimitedSession(limited, 'changeStaffPassword'))).toEqual({
      code: 'FORBIDDEN',
      message:
        'Syarat dan ketentuan serta pemberitahuan privasi telah diperbarui. Setujui versi terbaru terlebih dahulu.',
      extensions: { code: 'FORBIDDEN', consentRequired: consent },
    });
  });

  it('limits nobody else: the flag of one kind means nothing on the other', () => {
    for (const actor of [
      staff(),
      applicant(),
      { kind: 'ANONYMOUS' } as Actor,
      // An officer never carries consentRequired, an applicant never passwordChangeRequired.
      { ...staff(), consentRequired: consent } as unknown as Actor,
      { ...applicant(), passwordChangeRequired: true } as unknown as Actor,
    ]) {
      expect(refusal(() => refuseLimitedSession(actor, 'accounts'))).toBeUndefined();
    }
  });
});

describe('requestGuards', () => {
  const info = (fieldName: string, nested = false) => ({
    fieldName,
    path: { prev: nested ? { key: 'x' } : undefined },
  });
  const run = (actor: Actor, fieldName: string, opts: { nested?: boolean; args?: object; deadline?: number } = {}) => {
    const next = jest.fn().mockResolvedValue('resolved');
    const result = requestGuards(
      {
        context: { actor, deadline: opts.deadline } as never,
        args: opts.args ?? {},
        info: info(fieldName, opts.nested) as never,
        root: undefined,
      },
      next,
    );
    return { result, next };
  };

  it('refuses a limited session at the root field and resolves nothing', async () => {
    const { result, next } = run(staff({ passwordChangeRequired: true }), 'accounts');
    await expect(result).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(next).not.toHaveBeenCalled();
  });

  it('leaves fields below the root alone (the root already decided)', async () => {
    const { result, next } = run(staff({ passwordChangeRequired: true }), 'username', { nested: true });
    await expect(result).resolves.toBe('resolved');
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('stops an operation past its time budget, and not one still within it', async () => {
    await expect(run(staff(), 'accounts', { deadline: Date.now() - 1 }).result).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Permintaan melebihi batas waktu. Perkecil permintaan dan coba lagi.',
      extensions: { code: 'VALIDATION_FAILED', fields: {} },
    });
    await expect(run(staff(), 'accounts', { deadline: Date.now() + 60_000 }).result).resolves.toBe('resolved');
  });

  it('refuses text PostgreSQL cannot store, naming each field', async () => {
    const { result, next } = run(staff(), 'createComplaint', {
      args: { input: { reporterName: 'Budi\u0000', notes: ['ok', '\ud800'] } },
    });
    await expect(result).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      extensions: {
        fields: {
          'input.reporterName': 'Berisi karakter yang tidak diizinkan.',
          'input.notes.1': 'Berisi karakter yang tidak diizinkan.',
        },
      },
    });
    expect(next).not.toHaveBeenCalled();
  });

  it('passes storable arguments on, empty and missing values included', async () => {
    const { result, next } = run(staff(), 'createComplaint', {
      args: { input: { reporterName: 'Budi Santoso 😀', note: null, tags: [], when: new Date(), n: 0, x: undefined } },
    });
    await expect(result).resolves.toBe('resolved');
    expect(next).toHaveBeenCalledTimes(1);
  });
});

describe('unstorableStrings', () => {
  it('finds NUL and lone surrogates, and accepts a whole pair', () => {
    expect(unstorableStrings({ a: 'x\u0000', b: '\udc00', c: '\ud83d\ude00', d: 'biasa' }, '')).toEqual(['a', 'b']);
    expect(unstorableStrings('\ud83d', 'top')).toEqual(['top']);
    expect(unstorableStrings({ when: new Date(), n: 3, list: [['\u0000']] }, '')).toEqual(['list.0.0']);
    expect(unstorableStrings({ none: null, missing: undefined, zero: 0, no: false }, '')).toEqual([]);
  });
});
