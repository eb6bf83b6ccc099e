import { Migration } from '@mikro-orm/migrations';

/**
 * SKM questionnaires answered on paper or at the counter, typed in by an
 * officer: counted with the online answers of the unit, tied to no complaint.
 */
export class Migration20261204212000_paper_survey extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table paper_survey (
      id uuid primary key,
      unit_id uuid not null references service_unit (id),
      served_at timestamptz not null,
      satisfaction jsonb not null,
      recorded_by uuid not null references staff_user (id),
      created_at timestamptz not null default now()
    );`);
    this.addSql(`create index paper_survey_unit_id_served_at_index on paper_survey (unit_id, served_at);`);
    this.addSql(`create index paper_survey_served_at_index on paper_survey (served_at);`);
  }
}
