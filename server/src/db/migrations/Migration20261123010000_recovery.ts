import { Migration } from '@mikro-orm/migrations';

/** Recovery: single-use account tokens, sliding-window rate limits, email-change requests. */
export class Migration20261123010000_recovery extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table account_token (
        id uuid primary key,
        account_id uuid not null references account (id),
        purpose text not null check (purpose in ('PASSWORD_RESET','EMAIL_CHANGE')),
        token_hash text not null unique,
        subject_id uuid null,
        expires_at timestamptz not null,
        used_at timestamptz null,
        created_at timestamptz not null default now()
      );
      create index account_token_account on account_token (account_id, purpose);

      -- Sliding-window limits (lost-account lookups, reset requests...) shared by all instances.
      create table rate_limit_hit (
        key text not null,
        at timestamptz not null default now()
      );
      create index rate_limit_hit_key_at on rate_limit_hit (key, at);

      create table email_change_request (
        id uuid primary key,
        account_id uuid null references account (id),
        nik text null,
        new_email text not null,
        reason text not null,
        source text not null check (source in ('SELF_SERVICE','STAFF')),
        status text not null default 'OPEN' check (status in ('OPEN','APPROVED','REJECTED','CONFIRMED','EXPIRED')),
        ip text null,
        created_at timestamptz not null default now(),
        decided_at timestamptz null,
        decided_by uuid null,
        decision_note text null,
        confirmed_at timestamptz null
      );
      create index email_change_request_status on email_change_request (status, created_at);
      create index email_change_request_account on email_change_request (account_id);
    `);
  }
}
