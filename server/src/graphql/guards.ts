import type { MiddlewareFn } from 'type-graphql';
import { AppError, ValidationError } from '../shared/errors';
import { refuseLimitedSession } from '../shared/limited-session';
import type { Context } from './context';

export { BEFORE_CONSENT, BEFORE_PASSWORD_CHANGE, refuseLimitedSession } from '../shared/limited-session';

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
