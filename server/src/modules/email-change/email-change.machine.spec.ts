import { EmailChangeAction, EmailChangeStatus, transition } from './email-change.machine';

const STATUSES: EmailChangeStatus[] = ['OPEN', 'APPROVED', 'REJECTED', 'CONFIRMED', 'EXPIRED', 'CANCELLED'];
const ACTIONS: EmailChangeAction[] = ['approve', 'reject', 'confirm', 'expire', 'cancel'];
const ALLOWED: Partial<Record<EmailChangeStatus, Partial<Record<EmailChangeAction, EmailChangeStatus>>>> = {
  OPEN: { approve: 'APPROVED', reject: 'REJECTED', cancel: 'CANCELLED' },
  APPROVED: { confirm: 'CONFIRMED', expire: 'EXPIRED', cancel: 'CANCELLED' },
};

describe('email-change request machine', () => {
  it.each(STATUSES.flatMap((s) => ACTIONS.map((a) => [s, a] as const)))('%s + %s', (status, action) => {
    const to = ALLOWED[status]?.[action];
    if (to) expect(transition(status, action)).toBe(to);
    else expect(() => transition(status, action)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('never changes the email without confirmation: CONFIRMED is reachable only from APPROVED', () => {
    const into = STATUSES.filter((s) => ACTIONS.some((a) => ALLOWED[s]?.[a] === 'CONFIRMED'));
    expect(into).toEqual(['APPROVED']);
  });

  it('refuses in Indonesian, naming the status and what cannot be done', () => {
    expect(() => transition('CONFIRMED', 'cancel')).toThrow('Permintaan berstatus CONFIRMED tidak dapat dibatalkan.');
    expect(() => transition('REJECTED', 'approve')).toThrow('Permintaan berstatus REJECTED tidak dapat disetujui.');
  });
});
