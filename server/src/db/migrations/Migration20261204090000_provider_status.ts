import { Migration } from '@mikro-orm/migrations';

/**
 * What the provider says happened after it accepted a message (WhatsApp Cloud
 * API status webhooks): SENT, DELIVERED, READ or FAILED. Each (message,
 * status) is applied once, whatever Meta retries.
 */
export class Migration20261204090000_provider_status extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table outbox_message add column provider_status varchar(16) null,
                                 add column provider_status_at timestamptz null;
      create index outbox_message_provider on outbox_message (provider_id) where provider_id is not null;
      create table provider_status_event (
        provider_id text not null,
        status varchar(16) not null,
        at timestamptz not null,
        primary key (provider_id, status)
      );
    `);
  }
}
