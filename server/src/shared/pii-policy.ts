import { hasScope, type Actor } from './request-context';

/**
 * The personal-data policy, in one place (docs/security.md, "Personal data").
 *
 * Personal data: NIK, passport (number and details), email, phone, birth date,
 * gender, address, the director's NIK/birth date/gender/address, a company's
 * phone, a complaint's reporter contact, message recipients, the free text of
 * helpdesk warnings and audit details. A complaint's conversation (its
 * messages' text) is for staff only and never repeats the reporter's contact;
 * and the words of a data-subject request are in clear to its owner, with NIK,
 * email and phone in them masked for staff.
 *
 * Who sees it in clear:
 * - the applicant who owns it (their own session: `me`, `login`, the account
 *   a registration created) — nothing to audit;
 * - staff of any role and API keys holding `pii:read`, and only on a read of
 *   one record that asks for it (`account(id, reveal: true)`,
 *   `complaint(id, reveal: true)`); each such read writes one `PII_VIEW`
 *   audit row per account before the answer leaves;
 * - anyone, for a value they typed themselves (an exact search): it is shown
 *   back on the rows that hold it, which tells them nothing new.
 * Everyone else, and every list, gets the masked form. Beside a masked NIK
 * the birth date and gender are null: they are the six hidden digits.
 * Audit details are masked for every reader and keep no hash of a value.
 */
export type PersonalField =
  | 'nik'
  | 'passportNumber'
  | 'passport'
  | 'email'
  | 'phone'
  | 'birthDate'
  | 'gender'
  | 'warnings'
  | 'director.nik'
  | 'director.birthDate'
  | 'director.gender'
  | 'director.address'
  | 'company.phone';

/** How one record is shown: in clear (and why), or masked with the values the caller typed shown back. */
export type PiiView = { clear: true; audited: boolean } | { clear: false; typed?: ReadonlyMap<string, string> };

export const MASKED: PiiView = { clear: false };

/** Whether the actor may see personal data in clear when it asks, audited (staff, `pii:read` keys). */
export function mayReveal(actor: Actor): boolean {
  return actor.kind === 'STAFF' || hasScope(actor, 'pii:read');
}

/**
 * The view of one account's personal data for this actor: the owner sees it
 * in clear without an audit row; staff and `pii:read` keys only when they ask
 * (and the caller must write the `PII_VIEW` row); everyone else masked.
 */
export function accountView(actor: Actor, accountId: string, reveal: boolean): PiiView {
  if (actor.kind === 'ACCOUNT' && actor.accountId === accountId) return { clear: true, audited: false };
  if (reveal && mayReveal(actor)) return { clear: true, audited: true };
  return MASKED;
}

/** Whether a field of a masked view is shown because the caller typed exactly this value. */
export function typedBack(view: PiiView, field: string, value: string | null | undefined): boolean {
  return !view.clear && value != null && view.typed?.get(field) === value;
}

/** The owner's own view (their session, or the registration that just created the account): clear, not audited. */
export const OWNER: PiiView = { clear: true, audited: false };

const clearReads = new WeakMap<object, Set<string>>();

/**
 * Whether this is the operation's first clear read of `target` (e.g.
 * `account:<id>`): an operation that reads the same record twice (aliases)
 * writes one `PII_VIEW` row, not two. The context is per operation.
 */
export function firstClearRead(ctx: object, target: string): boolean {
  const seen = clearReads.get(ctx) ?? new Set<string>();
  clearReads.set(ctx, seen);
  if (seen.has(target)) return false;
  seen.add(target);
  return true;
}
