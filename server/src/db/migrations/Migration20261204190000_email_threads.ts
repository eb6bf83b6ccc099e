import { Migration } from '@mikro-orm/migrations';

/**
 * An email reply names the reporter's mail it answers (`In-Reply-To`), so it
 * lands in the reporter's thread and their answer comes back to ours.
 */
export class Migration20261204190000_email_threads extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table outbox_message add column in_reply_to text null;`);
  }
}
