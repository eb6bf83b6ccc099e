import { Migration } from '@mikro-orm/migrations';

/**
 * The breach register (UU PDP): incidents with the 3×24-hour clock, the
 * accounts each one affected, and whether each was told (once).
 */
export class Migration20261204170000_breach_register extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create sequence breach_incident_number_seq;
      create table breach_incident (
        id uuid primary key,
        number varchar(32) not null unique,
        found_at timestamptz not null,
        created_at timestamptz not null,
        created_by uuid null,
        data_categories jsonb not null default '[]',
        description text not null,
        measures text not null,
        due_at timestamptz not null,
        notified_at timestamptz null,
        reported_at timestamptz null,
        report_note text null
      );
      create index breach_incident_created on breach_incident (created_at, id);
      create table breach_affected (
        incident_id uuid not null references breach_incident (id),
        account_id uuid not null references account (id),
        selected_at timestamptz not null,
        notified_at timestamptz null,
        channel varchar(16) null,
        primary key (incident_id, account_id)
      );
      create index breach_affected_account on breach_affected (account_id);
    `);
  }
}
