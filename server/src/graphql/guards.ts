import type { MiddlewareFn } from 'type-graphql';
import { AppError, ValidationError } from '../shared/errors';
import type { Actor } from '../shared/request-context';
import type { Context } from './context';

// A lone surrogate (half of a UTF-16 pair) or NUL cannot be stored by PostgreSQL.
// eslint-disable-next-line no-control-regex -- NUL is exactly what is refused
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Paths of the string arguments PostgreSQL could not store. */
export function unstorableStrings(value: unknown, path: string, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorableStrings(v, `${path}.${i}`, out));
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) unstorableStrings(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

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

/**
 * Runs before every resolver: refuses every other root field to an applicant
 * who must first accept a newer notice (FORBIDDEN, `extensions.consentRequired`) and to an officer
 * who must first replace a generated password (FORBIDDEN, `extensions.passwordChangeRequired`);
 * refuses input PostgreSQL cannot store (a clear
 * VALIDATION_FAILED instead of a database error) and stops resolving once an
 * operation has used its time.
 */
export const requestGuards: MiddlewareFn<Context> = async ({ context, args, info }, next) => {
  if (info.path.prev === undefined) refuseLimitedSession(context.actor, info.fieldName);
  if (context.deadline && Date.now() > context.deadline) {
    throw new AppError('VALIDATION_FAILED', 'Permintaan melebihi batas waktu. Perkecil permintaan dan coba lagi.', {
      fields: {},
    });
  }
  if (args && Object.keys(args).length) {
    const bad = unstorableStrings(args, '');
    if (bad.length) {
      throw new ValidationError(Object.fromEntries(bad.map((p) => [p, 'Berisi karakter yang tidak diizinkan.'])));
    }
  }
  return next();
};
