import { AppError } from '../../shared/errors';

/**
 * Email-change request states.
 *
 *   OPEN ──approve (staff)──▶ APPROVED ──confirm (link to the new address)──▶ CONFIRMED
 *     │                          ├──(link not used in time)──▶ EXPIRED
 *     │                          └──cancel (staff) / a newer request──▶ CANCELLED
 *     ├──reject (staff)──▶ REJECTED
 *     └──cancel (staff) / a newer request──▶ CANCELLED
 *
 * OPEN and APPROVED are "live": an account has at most one live request (a
 * partial unique index holds it under concurrency). The account's email
 * changes only at CONFIRMED.
 */
export type EmailChangeStatus = 'OPEN' | 'APPROVED' | 'REJECTED' | 'CONFIRMED' | 'EXPIRED' | 'CANCELLED';
export type EmailChangeAction = 'approve' | 'reject' | 'confirm' | 'expire' | 'cancel';

export const LIVE_STATUSES: EmailChangeStatus[] = ['OPEN', 'APPROVED'];

const TRANSITIONS: Record<EmailChangeAction, { from: EmailChangeStatus[]; to: EmailChangeStatus }> = {
  approve: { from: ['OPEN'], to: 'APPROVED' },
  reject: { from: ['OPEN'], to: 'REJECTED' },
  confirm: { from: ['APPROVED'], to: 'CONFIRMED' },
  expire: { from: ['APPROVED'], to: 'EXPIRED' },
  cancel: { from: ['OPEN', 'APPROVED'], to: 'CANCELLED' },
};

export function transition(status: EmailChangeStatus, action: EmailChangeAction): EmailChangeStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(status)) {
    throw new AppError('CONFLICT', `Permintaan berstatus ${status} tidak dapat di-${action}.`, { status });
  }
  return t.to;
}
