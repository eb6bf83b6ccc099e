import { Migration } from '@mikro-orm/migrations';

/** Canned responses: texts supervisors keep for officers' everyday answers to complaints. */
export class Migration20261204191000_response_templates extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table response_template (
      id uuid primary key,
      title varchar(100) not null,
      body text not null,
      active boolean not null default true,
      created_by uuid null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );`);
  }
}
