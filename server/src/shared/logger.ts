import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import { REDACTED, redactLogText } from '../domain/redact';

/**
 * Structured logs: one JSON object per line on stderr (pino), with the time,
 * the level, the message, the fields given, and — from the request or job
 * the line was written in — `requestId`, `principal` (ANONYMOUS, ACCOUNT,
 * STAFF, API_KEY, SYSTEM: a kind, never who) and `operation` (e.g.
 * `mutation suspendAccount`, `job outbox`).
 *
 * Never personal data (docs/security.md, "Errors and logs"): fields named
 * like personal data or secrets are replaced by pino's `redact`, and every
 * line then goes through the same text redaction as before (SQL only as its
 * shape, no email, phone, NIK, link token or bearer credential), which also
 * covers values inside messages and error strings.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';

/** Where a line was written: set per HTTP request, GraphQL operation and job. */
export interface LogScope {
  requestId?: string;
  principal?: string;
  operation?: string;
}

const scopes = new AsyncLocalStorage<LogScope>();

/** Runs `work` with these fields on every line it logs (nested scopes add to the outer one). */
export function withLogScope<T>(scope: LogScope, work: () => T): T {
  return scopes.run({ ...scopes.getStore(), ...scope }, work);
}

/** Adds fields to the current scope (e.g. the principal once the credential is read). */
export function setLogScope(fields: LogScope): void {
  const store = scopes.getStore();
  if (store) Object.assign(store, fields);
}

export function currentLogScope(): LogScope | undefined {
  return scopes.getStore();
}

const SENSITIVE = [
  'nik',
  'email',
  'phone',
  'token',
  'password',
  'currentPassword',
  'newPassword',
  'newPasswordConfirmation',
  'passwordConfirmation',
  'authorization',
  'identifier',
  'secret',
  'npwp',
  'passport',
  'fullName',
  'address',
  'recipient',
];
/** Top-level fields and fields one level down (e.g. `{ account: { email } }`). */
export const REDACT_PATHS = [...SENSITIVE, ...SENSITIVE.map((k) => `*.${k}`)];

/** A pino logger writing redacted JSON lines to `write` (stderr unless given: tests read it back). */
export function createLogger(level: Level | 'silent', write: (line: string) => void = (l) => process.stderr.write(l)) {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      mixin: () => ({ ...scopes.getStore() }),
      hooks: { streamWrite: (line) => redactLogText(line) },
    },
    { write },
  );
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'];
const envLevel = process.env.LOG_LEVEL ?? '';
let base: Logger = createLogger((LEVELS.includes(envLevel) ? envLevel : 'info') as Level);

export function setLogLevel(level: Level | 'silent'): void {
  base.level = level;
}

/** Replaces where lines go (tests). */
export function setLogDestination(write?: (line: string) => void): void {
  base = createLogger(base.level as Level, write);
}

const log = (level: Level, msg: string, extra?: Record<string, unknown>) =>
  extra ? base[level](extra, msg) : base[level](msg);

export const logger = {
  debug: (m: string, e?: Record<string, unknown>) => log('debug', m, e),
  info: (m: string, e?: Record<string, unknown>) => log('info', m, e),
  warn: (m: string, e?: Record<string, unknown>) => log('warn', m, e),
  error: (m: string, e?: Record<string, unknown>) => log('error', m, e),
};
