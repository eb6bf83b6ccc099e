import { randomUUID } from 'node:crypto';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { limitMessage } from '../graphql/limits';
import { idMessage } from '../graphql/messages';
import { redactLogText, sqlShape } from '../domain/redact';
import { logger } from './logger';

/** Error codes of the public contract (README "Errors"; docs/architecture.md). */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'CODE_INVALID'
  | 'CODE_EXPIRED'
  | 'RATE_LIMITED'
  | 'CAPTCHA_INVALID'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  /** login with an OSS 1.1 account's old password: `extensions.replacementId` opens its replacement. */
  | 'REPLACEMENT_REQUIRED'
  | 'INTERNAL_SERVER_ERROR';

/**
 * A failure the caller can act on. Services throw these; `formatError` turns
 * them into `extensions.code` (+ extra extensions). Messages are Bahasa Indonesia.
 */
export class AppError extends Error {
  /** `code` plus extra fields; graphql-js copies an original error's `extensions` into the response. */
  readonly extensions: Record<string, unknown> & { code: ErrorCode };

  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.extensions = { code, ...extra };
  }
}

export type FieldErrors = Record<string, string>;

export class ValidationError extends AppError {
  constructor(
    readonly fields: FieldErrors,
    message = 'Data yang dikirim tidak valid.',
  ) {
    super('VALIDATION_FAILED', message, { fields });
  }
}

export const unauthenticated = () =>
  new AppError('UNAUTHENTICATED', 'Identitas atau kata sandi salah, atau sesi Anda telah berakhir.');
export const forbidden = () => new AppError('FORBIDDEN', 'Anda tidak memiliki hak untuk tindakan ini.');
export const notFound = (what = 'Data') => new AppError('NOT_FOUND', `${what} tidak ditemukan.`);
export const rateLimited = (
  retryAfterSeconds: number,
  message = 'Terlalu banyak percobaan. Silakan coba lagi nanti.',
) => new AppError('RATE_LIMITED', message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });

/** Throws a ValidationError when any field has a message. */
export function assertNoFieldErrors(fields: FieldErrors): void {
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
}

/**
 * The one place where errors become what clients see: AppErrors keep their code
 * and extensions, input-shape errors from class-validator become
 * VALIDATION_FAILED, anything else becomes a generic error without internals.
 */
const pick = (f: GraphQLFormattedError) => ({ path: f.path, locations: f.locations });

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof AppError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: original.extensions,
    };
  }
  const ext = formatted.extensions ?? {};
  // type-graphql's ArgumentValidationError carries class-validator results.
  const validationErrors = (original as { extensions?: { validationErrors?: unknown } })?.extensions
    ?.validationErrors as
    Array<{ property: string; constraints?: Record<string, string>; children?: unknown[] }> | undefined;
  if (Array.isArray(validationErrors)) {
    const fields: FieldErrors = {};
    const walk = (errs: typeof validationErrors, prefix: string) => {
      for (const v of errs) {
        const name = prefix ? `${prefix}.${v.property}` : v.property;
        const first = v.constraints ? Object.values(v.constraints)[0] : undefined;
        if (first) fields[name] = first;
        if (Array.isArray(v.children) && v.children.length) walk(v.children as typeof validationErrors, name);
      }
    };
    walk(validationErrors, '');
    return {
      message: 'Data yang dikirim tidak valid.',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'VALIDATION_FAILED', fields },
    };
  }
  const code = ext.code as string | undefined;
  // GraphQL-level problems (unknown field, bad variable type) are the caller's input.
  if (
    code === 'GRAPHQL_VALIDATION_FAILED' ||
    code === 'BAD_USER_INPUT' ||
    code === 'GRAPHQL_PARSE_FAILED' ||
    code === 'BAD_REQUEST' ||
    code === 'OPERATION_RESOLUTION_FAILURE' ||
    code === 'PERSISTED_QUERY_NOT_FOUND' ||
    code === 'PERSISTED_QUERY_NOT_SUPPORTED'
  ) {
    return {
      message:
        limitMessage(formatted.message) ??
        `Format permintaan tidak sesuai skema GraphQL: ${idMessage(formatted.message)}`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'VALIDATION_FAILED', fields: {} },
    };
  }
  if (code === 'UNAUTHENTICATED')
    return { message: unauthenticated().message, ...pick(formatted), extensions: { code } };
  if (code === 'FORBIDDEN' || code === 'UNAUTHORIZED') {
    return { message: forbidden().message, ...pick(formatted), extensions: { code: 'FORBIDDEN' } };
  }
  // Unexpected: the client gets only an id to quote; the log keeps the details under that id.
  const errorId = randomUUID();
  logger.error('Unexpected error', { errorId, path: formatted.path, ...describeForLog(original) });
  return {
    message: `Terjadi kesalahan pada server. Silakan coba lagi. (kode insiden: ${errorId})`,
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
  };
}

/**
 * What the log keeps of an unexpected error. A database error's message holds
 * the statement with its parameters (a NIK, an email): the log gets the
 * statement's shape, the SQLSTATE and the constraint instead, and the stack
 * frames without the message.
 */
export function describeForLog(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { error: String(err) };
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((l) => l.trim().startsWith('at '))
    .map((l) => l.trim());
  const db = err as Error & { sqlState?: string; code?: unknown; table?: string; constraint?: string; column?: string };
  const sqlState = db.sqlState ?? (typeof db.code === 'string' && /^[0-9A-Z]{5}$/.test(db.code) ? db.code : undefined);
  if (sqlState) {
    return {
      error: err.name,
      sqlState,
      table: db.table,
      constraint: db.constraint,
      column: db.column,
      // "<statement> - <server message> - detail: Failing row contains (<the values, unquoted>)": only the
      // statement is kept, with its literals (and any address in it) replaced.
      statement: sqlShape(redactLogText(err.message.split(' - ')[0])),
      stack: frames,
    };
  }
  return { error: `${err.name}: ${err.message}`, stack: frames };
}
