import { Migration } from '@mikro-orm/migrations';

/**
 * Only a verified email or phone holds it exclusively: a number someone typed
 * as a secondary contact (never proven) must not block its real owner.
 */
export class Migration20261123030000_verified_contacts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      drop index account_email_live;
      drop index account_phone_live;
      create unique index account_email_live on account (email)
        where status <> 'CANCELLED' and email is not null and email_verified_at is not null;
      create unique index account_phone_live on account (phone)
        where status <> 'CANCELLED' and phone is not null and phone_verified_at is not null;
      create index account_email on account (email);
      create index account_phone on account (phone);
    `);
  }
}
