import { AppError } from '../../shared/errors';

/**
 * Complaint states.
 *
 *   OPEN ──assign──▶ IN_PROGRESS ──resolve──▶ RESOLVED ──close──▶ CLOSED
 *     │                ▲ │ assign (reassign)     │
 *     └────resolve─────┼─┼──────────────────────▶│ (a call answered on the spot)
 *                      └─┴──────reopen───────────┘
 *
 * Notes and replies to the reporter can be added in any state but CLOSED. Any state but CLOSED can be merged
 * into another complaint of the same reporter, which closes it. Every transition is audited.
 */
export type ComplaintStatus = 'OPEN' | 'IN_PROGRESS' | 'RESOLVED' | 'CLOSED';
export type ComplaintAction = 'assign' | 'note' | 'reply' | 'resolve' | 'reopen' | 'close' | 'survey' | 'merge';

const TRANSITIONS: Record<ComplaintAction, { from: ComplaintStatus[]; to?: ComplaintStatus }> = {
  assign: { from: ['OPEN', 'IN_PROGRESS'], to: 'IN_PROGRESS' },
  note: { from: ['OPEN', 'IN_PROGRESS', 'RESOLVED'] },
  reply: { from: ['OPEN', 'IN_PROGRESS', 'RESOLVED'] },
  resolve: { from: ['OPEN', 'IN_PROGRESS'], to: 'RESOLVED' },
  reopen: { from: ['RESOLVED'], to: 'IN_PROGRESS' },
  close: { from: ['RESOLVED'], to: 'CLOSED' },
  survey: { from: ['RESOLVED', 'CLOSED'] },
  // Merged into another complaint of the same reporter: closed, its thread moved to that one.
  merge: { from: ['OPEN', 'IN_PROGRESS', 'RESOLVED'], to: 'CLOSED' },
};

const LABEL: Record<ComplaintStatus, string> = {
  OPEN: 'baru',
  IN_PROGRESS: 'sedang ditangani',
  RESOLVED: 'selesai',
  CLOSED: 'ditutup',
};

export function complaintTransition(status: ComplaintStatus, action: ComplaintAction): ComplaintStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(status)) {
    throw new AppError('CONFLICT', `Pengaduan berstatus ${LABEL[status]}: tindakan ini tidak dapat dilakukan.`, {
      status,
    });
  }
  return t.to ?? status;
}
