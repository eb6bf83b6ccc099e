import { Migration } from '@mikro-orm/migrations';

/**
 * Whether the channel proved who sent an inbound message: signed WhatsApp
 * webhooks do; a mail's From header does not, unless our MX authenticated it.
 * Only proven messages thread into a complaint or prove an address.
 */
export class Migration20261204200000_sender_verified extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table complaint_message add column sender_verified boolean not null default false;`);
    this.addSql(`update complaint_message set sender_verified = true where direction = 'IN' and channel = 'WHATSAPP';`);
  }
}
