import { ValidationError } from './errors';

export const MAX_PAGE = 100;

/** Page size and offset checked once for every connection. */
export function checkPage(first: number | null | undefined, offset?: number | null, fallback = 25): number {
  const n = first ?? fallback;
  const fields: Record<string, string> = {};
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) fields.first = `Nilai first harus 1-${MAX_PAGE}.`;
  if (offset != null && (!Number.isInteger(offset) || offset < 0 || offset > 100_000)) {
    fields.offset = 'Nilai offset harus 0-100000.';
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
  return n;
}

/** Opaque cursors: base64url of a small JSON value. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, valid: (v: unknown) => v is T): T {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (valid(v)) return v;
  } catch {
    // fall through: any malformed cursor gets the same answer
  }
  throw new ValidationError({ after: 'Kursor halaman tidak valid.' });
}

/** A keyset cursor: the sort value and the id of the last row of a page. */
export type KeysetCursor = [string, string];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** PostgreSQL's text form of a timestamptz (or ±infinity, the stand-in for "never"). */
const TIMESTAMP = /^(-?infinity|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)?)$/;

/**
 * Cursors come back from clients: anything the database would refuse (an id
 * that is not a UUID, a sort value that is not a time) must be refused here as
 * the caller's mistake, not reach the query as an internal error.
 */
export const isKeyset = (v: unknown): v is KeysetCursor =>
  Array.isArray(v) &&
  v.length === 2 &&
  typeof v[0] === 'string' &&
  typeof v[1] === 'string' &&
  v[0].length < 300 &&
  UUID.test(v[1]);

/** A keyset cursor whose sort value is a timestamp. */
export const isTimeKeyset = (v: unknown): v is KeysetCursor => isKeyset(v) && TIMESTAMP.test(v[0]);

export interface Page<T> {
  rows: T[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: number;
  totalCountIsEstimate: boolean;
}
