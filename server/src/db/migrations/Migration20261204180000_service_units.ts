import { Migration } from '@mikro-orm/migrations';

/**
 * Service units: the national helpdesk (a fixed row, every existing
 * complaint and officer starts there) and the regional DPMPTSP offices, each
 * by its province or regency code. Staff belong to one unit; each complaint
 * is handled by one.
 */
export class Migration20261204180000_service_units extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table service_unit (
      id uuid primary key,
      name varchar(150) not null,
      region_code varchar(4) null,
      national boolean not null default false,
      created_at timestamptz not null default now(),
      constraint service_unit_region_code_unique unique (region_code),
      constraint service_unit_one_national check (national = (region_code is null))
    );`);
    this.addSql(`create unique index service_unit_national_unique on service_unit (national) where national;`);
    this.addSql(`insert into service_unit (id, name, region_code, national)
      values ('00000000-0000-4000-8000-000000000001', 'Helpdesk OSS Nasional', null, true);`);
    this.addSql(`alter table staff_user add column unit_id uuid not null
      default '00000000-0000-4000-8000-000000000001' references service_unit (id);`);
    this.addSql(`alter table complaint add column unit_id uuid not null
      default '00000000-0000-4000-8000-000000000001' references service_unit (id);`);
    this.addSql(`create index complaint_unit_created_idx on complaint (unit_id, created_at desc);`);
  }
}
