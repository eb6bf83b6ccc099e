import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Tables that only grow: what has expired (or been used) longer ago than
 * `days` is deleted. Rate-limit hits older than their longest window (one
 * day) count for nothing and go at once.
 */
export async function purgeExpired(em: EntityManager, days: number): Promise<Record<string, number>> {
  const cutoff = `now() - make_interval(days => ${Math.max(1, Math.floor(days))})`;
  const run = async (sql: string) => {
    const r = (await em.getConnection().execute(sql, [], 'run')) as unknown as { affectedRows: number };
    return r.affectedRows;
  };
  const count = async (sql: string) => (await em.getConnection().execute<{ n: number }[]>(sql))[0].n;
  return {
    captchas: await run(`delete from captcha_challenge where expires_at < ${cutoff}`),
    rateLimitHits: await run(`delete from rate_limit_hit where at < now() - interval '1 day'`),
    loginThrottles: await run(
      `delete from login_throttle where updated_at < ${cutoff} and (locked_until is null or locked_until < now())`,
    ),
    sessions: await run(`delete from auth_session where coalesce(revoked_at, expires_at) < ${cutoff}`),
    tokens: await run(`delete from account_token where coalesce(used_at, expires_at) < ${cutoff}`),
    apiKeyUsage: await run(`delete from api_key_usage where window_start < ${cutoff}`),
    // An access export nobody opened in time: its bundle goes at once (the row stays: when it was sent).
    exportBundles: await run(`update data_export set bundle = null where bundle is not null and expires_at < now()`),
    // A job that used up its attempts stays for the operator to look at, then goes: a WhatsApp webhook job
    // carries the sender's number and text, which must not outlive the retention period in the job queue.
    failedJobs: await count(
      `select count(*)::int as n from graphile_worker.complete_jobs((select array_agg(id) from graphile_worker.jobs
        where attempts >= max_attempts and locked_at is null and updated_at < ${cutoff}))`,
    ),
  };
}
