import { dataRequestTransition } from './data-request.machine';

describe('data-subject request machine', () => {
  it('assigns and decides an undecided request', () => {
    expect(dataRequestTransition('OPEN', 'assign')).toBe('IN_PROGRESS');
    expect(dataRequestTransition('IN_PROGRESS', 'assign')).toBe('IN_PROGRESS');
    expect(dataRequestTransition('OPEN', 'fulfil')).toBe('FULFILLED');
    expect(dataRequestTransition('IN_PROGRESS', 'refuse')).toBe('REFUSED');
  });

  it.each(['FULFILLED', 'REFUSED'] as const)('refuses every action on a %s request with CONFLICT', (status) => {
    for (const action of ['assign', 'fulfil', 'refuse'] as const) {
      expect(() => dataRequestTransition(status, action)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    }
  });

  it('tells the officer in words that the request was already decided, and names its status', () => {
    expect(() => dataRequestTransition('REFUSED', 'fulfil')).toThrow(
      expect.objectContaining({
        message: 'Permintaan ini sudah ditolak: tindakan ini tidak dapat dilakukan.',
        extensions: { code: 'CONFLICT', status: 'REFUSED' },
      }),
    );
  });
});
