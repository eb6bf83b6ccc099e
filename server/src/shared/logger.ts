import { redactLogText } from '../domain/redact';

/**
 * Minimal leveled logger (one JSON-ish line per event, to stderr). Every line
 * is redacted on its way out: SQL only as its shape, no email, phone, NIK,
 * link token or bearer credential (docs/security.md, "Errors and logs").
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
let threshold = order[(process.env.LOG_LEVEL as Level) ?? 'info'] ?? order.info;

export function setLogLevel(level: Level | 'silent'): void {
  threshold = order[level];
}

function log(level: Level, msg: string, extra?: Record<string, unknown>): void {
  if (order[level] < threshold) return;
  const text = redactLogText(`${msg}${extra ? ' ' + JSON.stringify(extra) : ''}`);
  const line = `${new Date().toISOString()} ${level.toUpperCase()} ${text}`;
  process.stderr.write(line + '\n');
}

export const logger = {
  debug: (m: string, e?: Record<string, unknown>) => log('debug', m, e),
  info: (m: string, e?: Record<string, unknown>) => log('info', m, e),
  warn: (m: string, e?: Record<string, unknown>) => log('warn', m, e),
  error: (m: string, e?: Record<string, unknown>) => log('error', m, e),
};
