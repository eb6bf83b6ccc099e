import { Migration } from '@mikro-orm/migrations';

/**
 * Staff login: the last TOTP time step accepted per staff user, so a code is
 * accepted once (a later login needs a code from a later step).
 */
export class Migration20261204020000_staff_login extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table staff_user add column totp_last_step bigint;`);
  }
}
