import { Migration } from '@mikro-orm/migrations';

/**
 * OSS 1.1 accounts (docs/domain.md, "OSS 1.1 accounts"): the LEGACY status,
 * the old password hash kept only until the holder replaces it, a ledger of
 * what was imported, claimed and removed (it outlives the removed accounts
 * and holds no personal data), the claim-deadline warnings sent, and the
 * replacement flows.
 */
export class Migration20261204160000_legacy_accounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table account drop constraint account_status_check;
      alter table account add constraint account_status_check
        check (status in ('ACTIVE','CANCELLED','SUSPENDED','LEGACY'));
      alter table account add column legacy_password_hash text null;

      create table legacy_account (
        account_id uuid primary key,
        -- SHA-256 of the OSS 1.1 username: what makes a second import of the same row a no-op.
        source_key text not null unique,
        imported_at timestamptz not null default now(),
        source_line integer null,
        claimed_at timestamptz null,
        removed_at timestamptz null
      );
      create index legacy_account_pending on legacy_account (imported_at, account_id)
        where claimed_at is null and removed_at is null;

      create table legacy_claim_warning (
        account_id uuid not null,
        kind text not null,
        deadline timestamptz not null,
        sent_at timestamptz not null,
        primary key (account_id, kind, deadline)
      );

      create table legacy_replacement (
        id varchar(32) primary key,
        account_id uuid not null references account (id) on delete cascade,
        step text not null default 'CONFIRM_DATA'
          check (step in ('CONFIRM_DATA','VERIFY_CODE','SET_PASSWORD','DONE','EXPIRED')),
        channel text null,
        email text null,
        phone text null,
        code_hash text null,
        code_expires_at timestamptz null,
        code_attempts integer not null default 0,
        send_times jsonb not null default '[]',
        confirmed_at timestamptz null,
        verified_at timestamptz null,
        expires_at timestamptz not null,
        created_at timestamptz not null default now(),
        completed_at timestamptz null
      );
      create index legacy_replacement_account on legacy_replacement (account_id);
    `);
  }
}
