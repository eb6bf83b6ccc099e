import { Migration } from '@mikro-orm/migrations';

/**
 * A complaint's conversation with its reporter: what came in on a channel
 * (WhatsApp) and what the helpdesk sent back, in order. An inbound message is
 * taken once per provider message id, whatever the provider retries.
 */
export class Migration20261204130000_complaint_messages extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table complaint_message (
        id uuid primary key,
        complaint_id uuid not null references complaint (id),
        direction varchar(8) not null check (direction in ('IN', 'OUT')),
        channel varchar(16) not null,
        body text null,
        media_type varchar(16) null,
        media_id text null,
        media_mime text null,
        provider_message_id text null,
        outbox_message_id uuid null,
        actor_id uuid null,
        at timestamptz not null
      );
      create index complaint_message_thread on complaint_message (complaint_id, at);
      create unique index complaint_message_provider on complaint_message (channel, provider_message_id)
        where provider_message_id is not null;
      create index complaint_open_contact on complaint (reporter_contact)
        where status in ('OPEN', 'IN_PROGRESS');
    `);
  }
}
