import type { EntityManager } from '@mikro-orm/postgresql';
import { createHmac, randomBytes } from 'node:crypto';
import { rateLimited } from '../../shared/errors';
import type { RequestContext } from '../../shared/request-context';
import { withDates } from '../../shared/rows';
import { pgArray } from '../../shared/sql';
import { addressKey } from '../../shared/client-address';

/**
 * Login throttling in PostgreSQL, so it holds across instances and restarts.
 * After `threshold` failures a key is locked for 1, 2, 4 … up to 15 minutes,
 * doubling with each further failure. Failures older than an hour (and not
 * locked) start counting again from one.
 */
export const LOGIN_LIMITS = { perAccount: 5, perIp: 20, maxLockMinutes: 15 } as const;

export interface SlidingWindow {
  /** For logs and audit, e.g. "ip-limit". */
  name: string;
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * What one officer may look up by a personal identifier (a NIK, NPWP,
 * passport, email or phone, whole or, for phones, in part), hit or miss. A
 * search shows back the identifier it was given, so each search answers "is
 * this the value?": without a cap the hidden digits of a masked NIK (its birth
 * date) or phone could be tried one by one. A helpdesk officer looks up a few
 * callers a minute; trying the ~73,000 birth dates a masked NIK may hide takes
 * over 120 hours at this rate, every search audited.
 */
export const IDENTIFIER_SEARCH_LIMITS = { perMinute: 60, perHour: 600 } as const;

/** A digest under a key of this process only (tools that throttle nothing across restarts). */
function processDigest(): (value: string) => string {
  const key = randomBytes(32);
  return (value) => createHmac('sha256', key).update(`subject\u0000${value}`).digest('base64url');
}

export class ThrottleService {
  /**
   * @param digest names a person's identifier in a key: a keyed digest
   *   (CodeMac.subjectDigest, the server's secret), never the identifier or
   *   its plain hash, which the list of possible NIKs would undo.
   */
  constructor(private readonly digest: (value: string) => string = processDigest()) {}

  /**
   * Counts one search by a personal identifier against the officer's budget
   * (IDENTIFIER_SEARCH_LIMITS); RATE_LIMITED once it is spent. API keys have
   * their own per-minute limit and are not counted here.
   */
  async identifierSearch(ctx: RequestContext): Promise<void> {
    if (ctx.actor.kind !== 'STAFF') return;
    const key = `idsearch:staff:${ctx.actor.staffId}`;
    const { wait } = await this.consumeAll(ctx.em, [
      { name: 'per-minute', key: `${key}:m`, limit: IDENTIFIER_SEARCH_LIMITS.perMinute, windowSeconds: 60 },
      { name: 'per-hour', key: `${key}:h`, limit: IDENTIFIER_SEARCH_LIMITS.perHour, windowSeconds: 3600 },
    ]);
    if (wait > 0) {
      throw rateLimited(
        wait,
        'Terlalu banyak pencarian dengan NIK, NPWP, paspor, email, atau nomor telepon. Coba lagi nanti.',
      );
    }
  }

  /** How an identifier (NIK, email, phone, username) appears in a throttle key. */
  subject(value: string): string {
    return this.digest(value);
  }

  /**
   * The two windows that guard a public operation naming a NIK (lost-account
   * lookup, email-change request): so many per client IP per hour, so many per
   * NIK per day. The NIK is named by its keyed digest.
   */
  ipAndNikWindows(
    operation: string,
    ip: string | null,
    nik: string,
    limits: { perIpPerHour: number; perNikPerDay: number },
  ): SlidingWindow[] {
    return [
      { name: 'ip-limit', key: `${operation}:ip:${addressKey(ip)}`, limit: limits.perIpPerHour, windowSeconds: 3600 },
      {
        name: 'nik-limit',
        key: `${operation}:nik:${this.subject(nik)}`,
        limit: limits.perNikPerDay,
        windowSeconds: 86400,
      },
    ];
  }

  /** Seconds until every key is free, or 0 when none is locked. */
  async lockedFor(em: EntityManager, keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const rows = await em.execute<{ seconds: string | null }[]>(
      `select ceil(extract(epoch from max(locked_until) - now())) as seconds
         from login_throttle where key in (${keys.map(() => '?').join(',')}) and locked_until > now()`,
      keys,
    );
    return Number(rows[0]?.seconds ?? 0);
  }

  /**
   * Counts an attempt before it is checked, in one statement (the row lock
   * makes parallel attempts count one by one). The attempt that reaches the
   * threshold (and the single probe after a lock ran out) also sets a
   * provisional one-minute lock, so parallel guesses wait instead of being
   * checked. Returns the seconds to wait (0 when this attempt may be checked)
   * and the provisional lock this attempt set, if any; a failed check then
   * calls `lockIfDue`, a success `reset` (subject) or `forgive` (address),
   * which also lifts that provisional lock.
   */
  async begin(
    em: EntityManager,
    key: string,
    threshold: number,
  ): Promise<{ wait: number; provisional: string | null }> {
    const rows = await em.execute<{ failures: number; provisional: string | null }[]>(
      `insert into login_throttle as t (key, failures, updated_at, locked_until)
       values (?, 1, now(), case when ? <= 1 then now() + interval '1 minute' end)
       on conflict (key) do update set
         failures = case when t.updated_at < now() - interval '1 hour' then 1 else t.failures + 1 end,
         locked_until = case when t.updated_at >= now() - interval '1 hour' and t.failures + 1 >= ?
                             then now() + interval '1 minute' else t.locked_until end,
         updated_at = now()
       where t.locked_until is null or t.locked_until <= now()
       returning failures, case when locked_until > now() then locked_until::text end as provisional`,
      [key, threshold, threshold],
    );
    if (rows.length) return { wait: 0, provisional: rows[0].provisional };
    return { wait: Math.max(1, await this.lockedFor(em, [key])), provisional: null };
  }

  /** After a failed check: lock with a growing delay once the failures reach the threshold. */
  async lockIfDue(em: EntityManager, key: string, threshold: number): Promise<void> {
    await em.execute(
      `update login_throttle
          set locked_until = greatest(coalesce(locked_until, now()),
                                      now() + make_interval(mins => least(power(2, failures - ?)::int, ?)))
        where key = ? and failures >= ?`,
      [threshold, LOGIN_LIMITS.maxLockMinutes, key, threshold],
    );
  }

  /**
   * Takes back one counted attempt (a successful login from a shared address,
   * or an attempt refused by another key) and lifts the provisional lock that
   * attempt set (`provisional`, as `begin` returned it), unless a failure has
   * since moved the lock.
   */
  async forgive(em: EntityManager, key: string, provisional: string | null = null): Promise<void> {
    await em.execute(
      `update login_throttle
          set failures = greatest(failures - 1, 0),
              locked_until = case when locked_until = ?::timestamptz then null else locked_until end
        where key = ?`,
      [provisional, key],
    );
  }

  /**
   * Sliding-window limit: records one hit for `key` unless `limit` hits already
   * fall within the last `windowSeconds`; then returns the seconds until the
   * oldest of them leaves the window (0 = allowed and counted).
   */
  async consume(em: EntityManager, key: string, limit: number, windowSeconds: number): Promise<number> {
    return (await this.consumeAll(em, [{ name: key, key, limit, windowSeconds }])).wait;
  }

  /**
   * Several windows for one request (e.g. per IP, then per NIK), in one
   * transaction of three statements: lock the keys (transaction-scoped advisory
   * locks, in key order, so concurrent requests for a key count one by one),
   * count every window, and record a hit in each window up to the first that
   * refuses (a request refused per NIK still counts against its address, as an
   * attempt). The refusing window's name and wait are returned.
   */
  async consumeAll(em: EntityManager, windows: SlidingWindow[]): Promise<{ wait: number; refused?: string }> {
    if (!windows.length) return { wait: 0 };
    const keys = pgArray(windows.map((w) => w.key));
    return em.transactional(async (tem) => {
      await tem.execute('select pg_advisory_xact_lock(hashtext(k)) from unnest(?::text[]) as k order by k', [keys]);
      const rows = await tem.execute<{ n: string; retry: string | null }[]>(
        `select r.n, r.retry
           from unnest(?::text[], ?::int[], ?::int[]) with ordinality as w(key, lim, secs, i)
          cross join lateral (
            select count(*) as n, ceil(extract(epoch from (min(at) + make_interval(secs => w.secs)) - now())) as retry
              from (select at from rate_limit_hit where key = w.key and at > now() - make_interval(secs => w.secs)
                    order by at desc limit w.lim) recent) r
          order by w.i`,
        [keys, `{${windows.map((w) => w.limit).join(',')}}`, `{${windows.map((w) => w.windowSeconds).join(',')}}`],
      );
      const refused = windows.findIndex((w, k) => Number(rows[k].n) >= w.limit);
      const counted = refused < 0 ? windows : windows.slice(0, refused);
      if (counted.length) {
        await tem.execute('insert into rate_limit_hit (key) select unnest(?::text[])', [
          pgArray(counted.map((w) => w.key)),
        ]);
      }
      return refused < 0
        ? { wait: 0 }
        : { wait: Math.max(1, Number(rows[refused].retry ?? 1)), refused: windows[refused].name };
    });
  }

  async reset(em: EntityManager, key: string): Promise<void> {
    await em.execute('delete from login_throttle where key = ?', [key]);
  }

  /** Failures and lock of each account (key `acct:<id>`), one query for any number of accounts. */
  async locksFor(
    em: EntityManager,
    accountIds: readonly string[],
  ): Promise<{ failures: number; lockedUntil: Date | null; locked: boolean }[]> {
    const rows = await em.execute<{ key: string; failures: number; locked_until: Date | null; locked: boolean }[]>(
      `select key, failures, locked_until, coalesce(locked_until > now(), false) as locked
         from login_throttle where key = any(?::text[])`,
      [pgArray(accountIds.map((id) => `acct:${id}`))],
    );
    const byKey = new Map(withDates(rows, 'locked_until').map((r) => [r.key, r]));
    return accountIds.map((id) => {
      const r = byKey.get(`acct:${id}`);
      return { failures: r?.failures ?? 0, lockedUntil: r?.locked_until ?? null, locked: r?.locked ?? false };
    });
  }
}
