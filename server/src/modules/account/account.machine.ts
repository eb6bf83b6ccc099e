import { AppError } from '../../shared/errors';
import type { AccountStatus } from './account.entity';

/**
 * Account status machine.
 *
 *   ACTIVE ──suspend (staff)──▶ SUSPENDED
 *     ▲  └─────reactivate (staff)──┘
 *     └──expire (30-day rule)──▶ CANCELLED   (final: frees NIK, email and phone)
 *
 * A temporary login lock is not a status (see the login throttle).
 */
export type AccountAction = 'suspend' | 'reactivate' | 'expire';

const TRANSITIONS: Record<AccountAction, { from: AccountStatus; to: AccountStatus }> = {
  suspend: { from: 'ACTIVE', to: 'SUSPENDED' },
  reactivate: { from: 'SUSPENDED', to: 'ACTIVE' },
  expire: { from: 'ACTIVE', to: 'CANCELLED' },
};

const LABEL: Record<AccountStatus, string> = { ACTIVE: 'aktif', SUSPENDED: 'ditangguhkan', CANCELLED: 'dibatalkan' };

/** The status after `action`, or CONFLICT when the account's status does not allow it. */
export function accountTransition(status: AccountStatus, action: AccountAction): AccountStatus {
  const t = TRANSITIONS[action];
  if (t.from !== status) {
    throw new AppError('CONFLICT', `Akun berstatus ${LABEL[status]}: tindakan ini tidak dapat dilakukan.`, { status });
  }
  return t.to;
}
