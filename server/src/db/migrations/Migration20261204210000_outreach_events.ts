import { Migration } from '@mikro-orm/migrations';

/**
 * Outreach ("jemput bola") days: a regional office's officers register
 * applicants at a kelurahan hall. The OUTREACH staff role works only at the
 * desk of the events it is assigned to; a registration flow started there
 * records the event and the officer.
 */
export class Migration20261204210000_outreach_events extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table staff_user drop constraint if exists staff_user_role_check;`);
    this.addSql(
      `alter table staff_user add constraint staff_user_role_check check (role in ('OUTREACH','HELPDESK','SUPERVISOR','ADMIN'));`,
    );
    this.addSql(`create table outreach_event (
      id uuid primary key,
      unit_id uuid not null references service_unit(id),
      village_code varchar(10) not null,
      event_date date not null,
      start_time varchar(5) not null,
      end_time varchar(5) not null,
      time_zone varchar(40) not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      officer_ids jsonb not null default '[]',
      requirements jsonb not null default '[]',
      target_count integer not null check (target_count >= 1),
      created_by uuid null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (ends_at > starts_at)
    );`);
    this.addSql(`create index outreach_event_unit_date_idx on outreach_event (unit_id, event_date desc);`);
    this.addSql(`create index outreach_event_date_idx on outreach_event (event_date desc, id);`);
    this.addSql(`alter table registration_flow
      add column outreach_event_id uuid null references outreach_event(id),
      add column outreach_officer_id uuid null references staff_user(id);`);
    this.addSql(
      `create index registration_flow_outreach_idx on registration_flow (outreach_event_id) where outreach_event_id is not null;`,
    );
  }
}
