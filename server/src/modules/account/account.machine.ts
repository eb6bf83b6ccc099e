import { AppError } from '../../shared/errors';
import type { AccountStatus } from './account.entity';

/**
 * Account status machine.
 *
 *   LEGACY ──claim (holder replaces the OSS 1.1 credentials)──▶ ACTIVE
 *   ACTIVE ──suspend (staff)──▶ SUSPENDED
 *     ▲  └─────reactivate (staff)──┘
 *     └──expire (30-day rule)──▶ CANCELLED   (final: frees NIK, email and phone)
 *
 * A LEGACY account nobody claimed by LEGACY_CLAIM_DEADLINE is deleted, not moved.
 * A temporary login lock is not a status (see the login throttle).
 */
export type AccountAction = 'suspend' | 'reactivate' | 'expire' | 'claim';

const TRANSITIONS: Record<AccountAction, { from: AccountStatus; to: AccountStatus }> = {
  suspend: { from: 'ACTIVE', to: 'SUSPENDED' },
  reactivate: { from: 'SUSPENDED', to: 'ACTIVE' },
  expire: { from: 'ACTIVE', to: 'CANCELLED' },
  claim: { from: 'LEGACY', to: 'ACTIVE' },
};

const LABEL: Record<AccountStatus, string> = {
  ACTIVE: 'aktif',
  SUSPENDED: 'ditangguhkan',
  CANCELLED: 'dibatalkan',
  LEGACY: 'OSS 1.1 yang belum diganti',
};

/** What a staff or API action on an OSS 1.1 account not yet replaced answers: only the holder's replacement works. */
export const legacyConflict = () =>
  new AppError(
    'CONFLICT',
    'Akun OSS 1.1 ini belum diganti oleh pemiliknya; tindakan lain baru dapat dilakukan setelah penggantian hak akses.',
    { status: 'LEGACY' },
  );

/** The status after `action`, or CONFLICT when the account's status does not allow it. */
export function accountTransition(status: AccountStatus, action: AccountAction): AccountStatus {
  const t = TRANSITIONS[action];
  if (t.from !== status) {
    throw new AppError('CONFLICT', `Akun berstatus ${LABEL[status]}: tindakan ini tidak dapat dilakukan.`, { status });
  }
  return t.to;
}
