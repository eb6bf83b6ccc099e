import { Migration } from '@mikro-orm/migrations';

/**
 * Access-right lifecycle (expiry warnings, extensions), complaints with their
 * history and satisfaction survey, and the hourly aggregates the supervisor
 * metrics read instead of scanning accounts.
 */
export class Migration20261125010000_lifecycle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table account add column extended_days integer not null default 0;

      -- One row per warning sent: the primary key makes "exactly once" hold across parallel sweeps.
      create table account_expiry_warning (
        account_id uuid not null,
        kind text not null check (kind in ('EXPIRY_7D', 'EXPIRY_1D')),
        expires_at timestamptz not null,
        sent_at timestamptz not null,
        primary key (account_id, kind, expires_at)
      );
      create index account_licensing_due on account (expires_at)
        where status = 'ACTIVE' and licensing_started_at is null;
      create unique index account_nib_unique on account (nib) where nib is not null;

      create sequence complaint_number_seq;
      create table complaint (
        id uuid primary key,
        number text not null unique,
        status text not null check (status in ('OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED')),
        channel text not null,
        category text not null,
        description text not null,
        reporter_name text not null,
        reporter_contact text null,
        account_id uuid null,
        assignee_id uuid null,
        due_at timestamptz not null,
        resolution text null,
        created_by uuid null,
        created_at timestamptz not null,
        resolved_at timestamptz null,
        closed_at timestamptz null,
        reminded_at timestamptz null,
        survey_token_hash text null unique,
        satisfaction jsonb null,
        search_text text not null default ''
      );
      create index complaint_status_due on complaint (status, due_at);
      create index complaint_created on complaint (created_at, id);
      create index complaint_account on complaint (account_id);
      create index complaint_assignee on complaint (assignee_id, status);
      create index complaint_category on complaint (category, created_at);
      create index complaint_search_trgm on complaint using gin (search_text gin_trgm_ops);
      create table complaint_event (
        id uuid primary key,
        complaint_id uuid not null,
        at timestamptz not null,
        actor_id uuid null,
        kind text not null,
        note text null
      );
      create index complaint_event_complaint on complaint_event (complaint_id, at);

      -- Counters per hour and dimension, bumped in the transaction of the event they count.
      create table metric_counter (
        bucket timestamptz not null,
        metric text not null,
        province_code text not null default '',
        scale text not null default '',
        actor_type text not null default '',
        entity_type text not null default '',
        channel text not null default '',
        n bigint not null,
        primary key (bucket, metric, province_code, scale, actor_type, entity_type, channel)
      );
      create index metric_counter_metric_bucket on metric_counter (metric, bucket);
    `);
  }
}
