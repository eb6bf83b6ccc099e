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

/** `verb`: the Indonesian passive of the action, for the refusal ("tidak dapat dibatalkan"). */
const TRANSITIONS: Record<EmailChangeAction, { from: EmailChangeStatus[]; to: EmailChangeStatus; verb: string }> = {
  approve: { from: ['OPEN'], to: 'APPROVED', verb: 'disetujui' },
  reject: { from: ['OPEN'], to: 'REJECTED', verb: 'ditolak' },
  confirm: { from: ['APPROVED'], to: 'CONFIRMED', verb: 'dikonfirmasi' },
  expire: { from: ['APPROVED'], to: 'EXPIRED', verb: 'dinyatakan kedaluwarsa' },
  cancel: { from: ['OPEN', 'APPROVED'], to: 'CANCELLED', verb: 'dibatalkan' },
};

export function transition(status: EmailChangeStatus, action: EmailChangeAction): EmailChangeStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(status)) {
    throw new AppError('CONFLICT', `Permintaan berstatus ${status} tidak dapat ${t.verb}.`, { status });
  }
  return t.to;
}
