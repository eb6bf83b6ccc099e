import { AppError } from '../../shared/errors';

/**
 * Data-subject request states.
 *
 *   OPEN ──assign──▶ IN_PROGRESS ──fulfil──▶ FULFILLED
 *     │                │ ▲ assign (take over)
 *     │                └─┴──refuse──▶ REFUSED
 *     └──fulfil / refuse (decided at once)──▶ FULFILLED / REFUSED
 *
 * A decision is final: a new request is filed if the applicant asks again.
 */
export type DataRequestStatus = 'OPEN' | 'IN_PROGRESS' | 'FULFILLED' | 'REFUSED';
export type DataRequestAction = 'assign' | 'fulfil' | 'refuse';

export const UNDECIDED: DataRequestStatus[] = ['OPEN', 'IN_PROGRESS'];

const TRANSITIONS: Record<DataRequestAction, { from: DataRequestStatus[]; to: DataRequestStatus }> = {
  assign: { from: UNDECIDED, to: 'IN_PROGRESS' },
  fulfil: { from: UNDECIDED, to: 'FULFILLED' },
  refuse: { from: UNDECIDED, to: 'REFUSED' },
};

const LABEL: Record<DataRequestStatus, string> = {
  OPEN: 'baru',
  IN_PROGRESS: 'sedang ditangani',
  FULFILLED: 'sudah dipenuhi',
  REFUSED: 'sudah ditolak',
};

export function dataRequestTransition(status: DataRequestStatus, action: DataRequestAction): DataRequestStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(status)) {
    throw new AppError('CONFLICT', `Permintaan ini ${LABEL[status]}: tindakan ini tidak dapat dilakukan.`, { status });
  }
  return t.to;
}
