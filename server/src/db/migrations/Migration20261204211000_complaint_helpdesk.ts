import { Migration } from '@mikro-orm/migrations';

/**
 * Helpdesk work on complaints: officers who follow a complaint, and the
 * pointer a merged complaint keeps to the one it was merged into.
 */
export class Migration20261204211000_complaint_helpdesk extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table complaint_follower (
      complaint_id uuid not null references complaint (id) on delete cascade,
      staff_id uuid not null references staff_user (id) on delete cascade,
      at timestamptz not null,
      primary key (complaint_id, staff_id)
    );`);
    this.addSql(`create index complaint_follower_staff_idx on complaint_follower (staff_id);`);
    this.addSql(`alter table complaint add column merged_into_id uuid null references complaint (id);`);
    // The unassigned queue and the round-robin count of open complaints per assignee.
    this.addSql(
      `create index complaint_open_assignee_idx on complaint (assignee_id) where status in ('OPEN', 'IN_PROGRESS');`,
    );
  }
}
