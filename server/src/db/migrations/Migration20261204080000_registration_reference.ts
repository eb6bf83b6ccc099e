import { Migration } from '@mikro-orm/migrations';

/**
 * Registration flows for the helpdesk: a reference staff act on (the flow id
 * stays the applicant's secret), and indexes for the one search box (email,
 * any part of a phone number, passport number, newest first).
 */
export class Migration20261204080000_registration_reference extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table registration_flow add column reference uuid not null default gen_random_uuid();
      create unique index registration_flow_reference on registration_flow (reference);
      create index registration_flow_email on registration_flow (email);
      create index registration_flow_phone_trgm on registration_flow using gin (phone gin_trgm_ops);
      create index registration_flow_passport on registration_flow ((passport->>'number'));
      create index registration_flow_created on registration_flow (created_at desc, reference desc);
    `);
  }
}
