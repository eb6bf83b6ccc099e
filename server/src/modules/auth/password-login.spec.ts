import type { EntityManager } from '@mikro-orm/postgresql';
import * as crypto from '../../shared/crypto';
import { PasswordLogin } from './password-login';
import type { ThrottleService } from './throttle.service';

/** A throttle that never locks: these cases are about the work a check does, not about limits. */
const openThrottle = {
  begin: async () => ({ wait: 0, provisional: null }),
  lockIfDue: async () => undefined,
  forgive: async () => undefined,
  reset: async () => undefined,
} as unknown as ThrottleService;
const em = {} as EntityManager;

describe('PasswordLogin', () => {
  afterEach(() => jest.restoreAllMocks());

  it('pays one argon2 verification for a check made another way (an OSS 1.1 digest), like an unknown identifier', async () => {
    const verifyArgon = jest.spyOn(crypto, 'verifySecret');
    const login = new PasswordLogin(openThrottle);
    await login.check(em, {
      subjectKey: 'acct:1',
      ip: null,
      passwordHash: undefined,
      password: 'Rahasia#2026',
      verify: async () => true,
    });
    expect(verifyArgon).toHaveBeenCalledTimes(1);
    await expect(
      login.check(em, {
        subjectKey: 'acct:1',
        ip: null,
        passwordHash: undefined,
        password: 'salah',
        verify: async () => false,
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(verifyArgon).toHaveBeenCalledTimes(2);
    // the unknown identifier, for comparison: exactly one verification as well
    await expect(
      login.check(em, { subjectKey: 'u:x', ip: null, passwordHash: undefined, password: 'x' }),
    ).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(verifyArgon).toHaveBeenCalledTimes(3);
  });

  it('answers with the other check’s verdict, never the dummy hash’s', async () => {
    const login = new PasswordLogin(openThrottle);
    const dummyPassword = 'tidak-pernah-cocok';
    await expect(
      login.check(em, {
        subjectKey: 'acct:2',
        ip: null,
        passwordHash: undefined,
        password: dummyPassword,
        verify: async () => false,
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(
      login.check(em, {
        subjectKey: 'acct:2',
        ip: null,
        passwordHash: undefined,
        password: dummyPassword,
        verify: async () => true,
      }),
    ).resolves.toBeUndefined();
  });
});

describe('PasswordLogin limits', () => {
  /** A throttle that records what the check asked of it; `waits` names keys already locked. */
  function recordingThrottle(waits: Record<string, number> = {}) {
    const calls: string[] = [];
    const throttle = {
      subject: (v: string) => `digest(${v})`,
      begin: async (_em: unknown, key: string, threshold: number) => {
        calls.push(`begin ${key} ${threshold}`);
        return { wait: waits[key] ?? 0, provisional: `p:${key}` };
      },
      lockIfDue: async (_em: unknown, key: string, threshold: number) => void calls.push(`lock ${key} ${threshold}`),
      forgive: async (_em: unknown, key: string, provisional: string | null) =>
        void calls.push(`forgive ${key} ${provisional}`),
      reset: async (_em: unknown, key: string) => void calls.push(`reset ${key}`),
    } as unknown as ThrottleService;
    return { throttle, calls };
  }
  let hash: string;
  afterEach(() => jest.restoreAllMocks());
  beforeAll(async () => {
    hash = await crypto.hashSecret('Rahasia#2026');
  });

  it('names a subject by the throttle’s keyed digest', () => {
    expect(new PasswordLogin(recordingThrottle().throttle).subject('budi4711a')).toBe('digest(budi4711a)');
  });

  it('on the right password clears the subject and gives the address back its attempt, lock included', async () => {
    const { throttle, calls } = recordingThrottle();
    await new PasswordLogin(throttle).check(em, {
      subjectKey: 'acct:1',
      ip: '::ffff:203.0.113.7',
      passwordHash: hash,
      password: 'Rahasia#2026',
    });
    expect(calls).toEqual([
      'begin acct:1 5',
      'begin ip:203.0.113.7 20',
      'reset acct:1',
      'forgive ip:203.0.113.7 p:ip:203.0.113.7',
    ]);
  });

  it('on a wrong password counts a failure against the subject (5) and the address (20)', async () => {
    const { throttle, calls } = recordingThrottle();
    await expect(
      new PasswordLogin(throttle).check(em, {
        subjectKey: 'acct:1',
        ip: '203.0.113.7',
        passwordHash: hash,
        password: 'Salah#2026x',
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(calls).toEqual(['begin acct:1 5', 'begin ip:203.0.113.7 20', 'lock acct:1 5', 'lock ip:203.0.113.7 20']);
  });

  it('without an address counts the subject alone', async () => {
    const { throttle, calls } = recordingThrottle();
    await new PasswordLogin(throttle).check(em, {
      subjectKey: 'acct:1',
      ip: null,
      passwordHash: hash,
      password: 'Rahasia#2026',
    });
    expect(calls).toEqual(['begin acct:1 5', 'reset acct:1']);
  });

  it('refuses a locked address with RATE_LIMITED before any check, giving the subject its attempt back', async () => {
    const verify = jest.spyOn(crypto, 'verifySecret');
    const { throttle, calls } = recordingThrottle({ 'ip:203.0.113.7': 120 });
    await expect(
      new PasswordLogin(throttle).check(em, {
        subjectKey: 'acct:1',
        ip: '203.0.113.7',
        passwordHash: hash,
        password: 'Rahasia#2026',
      }),
    ).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      message: 'Terlalu banyak percobaan masuk yang gagal. Silakan coba lagi nanti.',
      extensions: expect.objectContaining({ retryAfterSeconds: 120 }),
    });
    expect(calls).toEqual(['begin acct:1 5', 'begin ip:203.0.113.7 20', 'forgive acct:1 p:acct:1']);
    expect(verify).not.toHaveBeenCalled();
  });

  it('never lets an unknown identifier in, whatever its password', async () => {
    const { throttle } = recordingThrottle();
    jest.spyOn(crypto, 'verifySecret').mockResolvedValue(true);
    await expect(
      new PasswordLogin(throttle).check(em, { subjectKey: 'u:x', ip: null, passwordHash: undefined, password: 'x' }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('asks the second factor whether the password was right, and fails the login when it fails', async () => {
    const { throttle, calls } = recordingThrottle();
    const seen: boolean[] = [];
    await expect(
      new PasswordLogin(throttle).check(em, {
        subjectKey: 'staff:1',
        ip: null,
        passwordHash: hash,
        password: 'Rahasia#2026',
        secondFactor: async (ok) => (seen.push(ok), false),
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(
      new PasswordLogin(throttle).check(em, {
        subjectKey: 'staff:1',
        ip: null,
        passwordHash: hash,
        password: 'Salah#2026x',
        secondFactor: async (ok) => (seen.push(ok), true),
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(seen).toEqual([true, false]);
    expect(calls.filter((c) => c.startsWith('lock'))).toEqual(['lock staff:1 5', 'lock staff:1 5']);
  });
});
