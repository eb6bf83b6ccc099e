import { Migration } from '@mikro-orm/migrations';

/**
 * An audit row is about an account either as its target or, when its target
 * is something of the account's (an email-change request), through
 * `details.accountId`. The audit log is append-only and hash-chained, so the
 * rows written before every such action carried the id are not rewritten:
 * the reads look in both places, and this index keeps the second one cheap.
 * The outbox gets the index its newest-first pages walk.
 */
export class Migration20261204150000_audit_account_lists extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create index audit_event_details_account on audit_event ((details->>'accountId'), at)
        where details ? 'accountId';
      create index outbox_message_created on outbox_message (created_at, id);
    `);
  }
}
