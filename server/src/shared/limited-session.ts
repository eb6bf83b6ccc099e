import { AppError } from './errors';
import type { Actor } from './request-context';

/**
 * What a session limited to re-accepting the terms and privacy notice may
 * still call: see who is logged in, accept, leave (or log in again), and
 * exercise the data-subject rights, which UU PDP does not let a controller
 * make conditional on accepting new terms (withdrawing consent or objecting
 * is the alternative to accepting).
 */
export const BEFORE_CONSENT = new Set([
  'me',
  'acceptTerms',
  'logout',
  'login',
  'fileDataSubjectRequest',
  'myDataSubjectRequests',
  'dataSubjectRequest',
]);

/** What a staff session signed in with an administrator's generated password may still call. */
export const BEFORE_PASSWORD_CHANGE = new Set(['changeStaffPassword', 'logout', 'staffLogin']);

/**
 * A session limited to one step (accept the new notice, replace a generated
 * password) may call only that step's root fields. Called for every root
 * field a resolver answers and, as a subscription's root field is not
 * resolved until its first event, for a subscription when it starts.
 */
export function refuseLimitedSession(actor: Actor, rootField: string): void {
  if (actor.kind === 'ACCOUNT' && actor.consentRequired && !BEFORE_CONSENT.has(rootField)) {
    throw new AppError(
      'FORBIDDEN',
      'Syarat dan ketentuan serta pemberitahuan privasi telah diperbarui. Setujui versi terbaru terlebih dahulu.',
      { consentRequired: actor.consentRequired },
    );
  }
  if (actor.kind === 'STAFF' && actor.passwordChangeRequired && !BEFORE_PASSWORD_CHANGE.has(rootField)) {
    throw new AppError(
      'FORBIDDEN',
      'Kata sandi Anda dibuat oleh administrator. Ganti dengan kata sandi Anda sendiri terlebih dahulu.',
      { passwordChangeRequired: true },
    );
  }
}
