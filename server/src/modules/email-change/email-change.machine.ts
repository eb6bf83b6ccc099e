import { AppError } from '../../shared/errors';

/**
 * Email-change request states.
 *
 *   OPEN ──approve (staff)──▶ APPROVED ──confirm (link to the new address)──▶ CONFIRMED
 *     └──reject (staff)──▶ REJECTED      └──(link not used in time)──▶ EXPIRED
 *
 * The account's email changes only at CONFIRMED.
 */
export type EmailChangeStatus = 'OPEN' | 'APPROVED' | 'REJECTED' | 'CONFIRMED' | 'EXPIRED';
export type EmailChangeAction = 'approve' | 'reject' | 'confirm' | 'expire';

const TRANSITIONS: Record<EmailChangeAction, { from: EmailChangeStatus; to: EmailChangeStatus }> = {
  approve: { from: 'OPEN', to: 'APPROVED' },
  reject: { from: 'OPEN', to: 'REJECTED' },
  confirm: { from: 'APPROVED', to: 'CONFIRMED' },
  expire: { from: 'APPROVED', to: 'EXPIRED' },
};

export function transition(status: EmailChangeStatus, action: EmailChangeAction): EmailChangeStatus {
  const t = TRANSITIONS[action];
  if (t.from !== status) {
    throw new AppError('CONFLICT', `Permintaan berstatus ${status} tidak dapat di-${action}.`, { status });
  }
  return t.to;
}
