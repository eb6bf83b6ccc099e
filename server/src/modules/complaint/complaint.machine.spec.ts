import { ComplaintAction, ComplaintStatus, complaintTransition } from './complaint.machine';

const STATUSES: ComplaintStatus[] = ['OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'];
const ACTIONS: ComplaintAction[] = ['assign', 'note', 'resolve', 'reopen', 'close', 'survey'];
const ALLOWED: Partial<Record<ComplaintStatus, Partial<Record<ComplaintAction, ComplaintStatus>>>> = {
  OPEN: { assign: 'IN_PROGRESS', note: 'OPEN', resolve: 'RESOLVED' },
  IN_PROGRESS: { assign: 'IN_PROGRESS', note: 'IN_PROGRESS', resolve: 'RESOLVED' },
  RESOLVED: { note: 'RESOLVED', reopen: 'IN_PROGRESS', close: 'CLOSED', survey: 'RESOLVED' },
  CLOSED: { survey: 'CLOSED' },
};

describe('complaint machine', () => {
  it.each(STATUSES.flatMap((s) => ACTIONS.map((a) => [s, a] as const)))('%s + %s', (status, action) => {
    const to = ALLOWED[status]?.[action];
    if (to) expect(complaintTransition(status, action)).toBe(to);
    else expect(() => complaintTransition(status, action)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('tells the officer in words which status stands in the way, and names it for the console', () => {
    expect(() => complaintTransition('CLOSED', 'resolve')).toThrow(
      expect.objectContaining({
        message: 'Pengaduan berstatus ditutup: tindakan ini tidak dapat dilakukan.',
        extensions: { code: 'CONFLICT', status: 'CLOSED' },
      }),
    );
  });
});
