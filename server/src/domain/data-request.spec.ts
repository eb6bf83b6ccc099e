import { dataRequestDueAt, isDataRequestOverdue, secondsLeft } from './data-request';

describe('data-subject request clock', () => {
  const filed = new Date('2026-12-04T10:00:00Z');
  const due = dataRequestDueAt(filed, 72);
  const at = (ms: number) => new Date(filed.getTime() + ms);

  it('is due 72 hours after filing, in calendar time', () => {
    expect(due.toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect(dataRequestDueAt(filed, 24).toISOString()).toBe('2026-12-05T10:00:00.000Z');
  });

  it('is in time up to the due instant and overdue one second after', () => {
    expect(isDataRequestOverdue(due, false, at(72 * 3600_000 - 1000))).toBe(false);
    expect(isDataRequestOverdue(due, false, due)).toBe(false);
    expect(isDataRequestOverdue(due, false, at(72 * 3600_000 + 1000))).toBe(true);
  });

  it('is never overdue once decided', () => {
    expect(isDataRequestOverdue(due, true, at(100 * 3600_000))).toBe(false);
  });

  it('counts whole seconds left, negative after the due instant', () => {
    expect(secondsLeft(due, at(72 * 3600_000 - 1000))).toBe(1);
    expect(secondsLeft(due, due)).toBe(0);
    expect(secondsLeft(due, at(72 * 3600_000 + 1000))).toBe(-1);
    expect(secondsLeft(due, filed)).toBe(72 * 3600);
  });
});
