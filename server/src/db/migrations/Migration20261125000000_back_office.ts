import { Migration } from '@mikro-orm/migrations';

/**
 * The back office: account search (every filter served by an index, names by
 * trigram similarity), staff session idle time and last login, API keys for
 * other tools with a per-key request counter.
 */
export class Migration20261125000000_back_office extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create extension if not exists pg_trgm;
      alter table account add column search_name text not null default '';
      update account set search_name = lower(trim(coalesce(full_name, '') || ' ' || coalesce(company_name, '')));
      create index account_search_name_trgm on account using gin (search_name gin_trgm_ops);
      create index account_passport_number on account (passport_number);
      drop index account_created;
      create index account_created_id on account (created_at, id);
      create index account_status_created on account (status, created_at, id);
      create index account_province_created on account (province_code, created_at, id);
      create index account_scale_created on account (scale, created_at, id);
      create index account_actor_created on account (actor_type, created_at, id);
      create index account_expires_sort on account ((coalesce(expires_at, 'infinity'::timestamptz)), id);

      alter table auth_session add column last_seen_at timestamptz;
      update auth_session set last_seen_at = created_at;
      alter table staff_user add column last_login_at timestamptz;

      create table api_key (
        id uuid primary key,
        name text not null,
        key_hash text not null unique,
        scopes jsonb not null,
        created_at timestamptz not null,
        revoked_at timestamptz,
        last_used_at timestamptz
      );
      create unique index api_key_name_live on api_key (name) where revoked_at is null;
      create table api_key_usage (
        api_key_id uuid not null,
        window_start timestamptz not null,
        hits integer not null,
        primary key (api_key_id, window_start)
      );
      create index audit_event_actor on audit_event (actor_id, at);
      create index audit_event_action on audit_event (action, at);
    `);
  }
}
