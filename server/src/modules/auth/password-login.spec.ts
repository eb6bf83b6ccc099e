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
