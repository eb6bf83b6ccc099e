import { Migration } from '@mikro-orm/migrations';

/** The seeded demo helpdesk user is marked, so the staff page can warn about it until it is disabled. */
export class Migration20261204120000_staff_demo extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table staff_user add column demo boolean not null default false;`);
    // Installs seeded before this column existed: the seed always used this name.
    this.addSql(`update staff_user set demo = true where username = 'demo.helpdesk';`);
  }
}
