/**
 * The clock of a data-subject request (UU PDP, UU 27/2022): the controller
 * answers within a set time, 3×24 hours for most rights, counted in hours
 * from filing (calendar time, not working days).
 */
export const HOUR_MS = 3600_000;

/** When a request filed at `filedAt` must be answered, given the hours its kind allows. */
export function dataRequestDueAt(filedAt: Date, hours: number): Date {
  return new Date(filedAt.getTime() + hours * HOUR_MS);
}

/** Whole seconds left until `dueAt` (negative once it has passed). */
export function secondsLeft(dueAt: Date, now: Date): number {
  return Math.floor((dueAt.getTime() - now.getTime()) / 1000);
}

/** Overdue: still undecided after the due instant (the due instant itself is still in time). */
export function isDataRequestOverdue(dueAt: Date, decided: boolean, now: Date): boolean {
  return !decided && now.getTime() > dueAt.getTime();
}
