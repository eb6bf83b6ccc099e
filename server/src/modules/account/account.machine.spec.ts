import type { AccountStatus } from './account.entity';
import { AccountAction, accountTransition } from './account.machine';

const STATUSES: AccountStatus[] = ['ACTIVE', 'SUSPENDED', 'CANCELLED', 'LEGACY'];
const ACTIONS: AccountAction[] = ['suspend', 'reactivate', 'expire', 'claim'];
const ALLOWED: Partial<Record<AccountStatus, Partial<Record<AccountAction, AccountStatus>>>> = {
  ACTIVE: { suspend: 'SUSPENDED', expire: 'CANCELLED' },
  SUSPENDED: { reactivate: 'ACTIVE' },
  LEGACY: { claim: 'ACTIVE' },
};

describe('account status machine', () => {
  it.each(STATUSES.flatMap((s) => ACTIONS.map((a) => [s, a] as const)))('%s + %s', (status, action) => {
    const to = ALLOWED[status]?.[action];
    if (to) expect(accountTransition(status, action)).toBe(to);
    else expect(() => accountTransition(status, action)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('keeps CANCELLED final', () => {
    for (const a of ACTIONS) expect(() => accountTransition('CANCELLED', a)).toThrow();
  });

  it('tells the officer the status that stands in the way', () => {
    expect(() => accountTransition('CANCELLED', 'reactivate')).toThrow(
      expect.objectContaining({
        code: 'CONFLICT',
        message: 'Akun berstatus dibatalkan: tindakan ini tidak dapat dilakukan.',
        extensions: { code: 'CONFLICT', status: 'CANCELLED' },
      }),
    );
  });
});
