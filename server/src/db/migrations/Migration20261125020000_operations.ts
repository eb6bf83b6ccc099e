import { Migration } from '@mikro-orm/migrations';

/** Heartbeats of job workers, so that jobs locked by a worker that died can be released. */
export class Migration20261125020000_operations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table worker_heartbeat (worker_id text primary key, seen_at timestamptz not null);
      create index captcha_challenge_expires on captcha_challenge (expires_at);
      create index rate_limit_hit_at on rate_limit_hit (at);
      create index auth_session_expiry on auth_session (coalesce(revoked_at, expires_at));
    `);
  }
}
