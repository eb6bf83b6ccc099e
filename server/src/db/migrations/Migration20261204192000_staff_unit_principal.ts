import { Migration } from '@mikro-orm/migrations';

/**
 * Moving an officer to another service unit changes what they may see (a
 * regional unit's complaints only): it announces itself like a change of
 * role, so open WebSockets are re-checked at once.
 */
export class Migration20261204192000_staff_unit_principal extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      drop trigger staff_user_principal_changed on staff_user;
      create trigger staff_user_principal_changed after update on staff_user
        for each row when (old.active is distinct from new.active or old.role is distinct from new.role
                           or old.unit_id is distinct from new.unit_id)
        execute function hak_akses_principal_changed('STAFF');
    `);
  }
}
