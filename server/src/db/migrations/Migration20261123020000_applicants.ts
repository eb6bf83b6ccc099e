import { Migration } from '@mikro-orm/migrations';

/** Every kind of applicant: passports, business entities, one-click verification links. */
export class Migration20261123020000_applicants extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table registration_flow
        add column passport jsonb null,
        add column link_token_hash text null;
      create index registration_flow_link on registration_flow (link_token_hash) where link_token_hash is not null;

      alter table account
        add column npwp text null,
        add column passport_number text null,
        add column passport_country text null,
        add column nationality text null,
        add column profile jsonb not null default '{}';
      create unique index account_passport_scale_live on account (passport_country, passport_number, scale)
        where status <> 'CANCELLED' and actor_type = 'INDIVIDUAL' and passport_number is not null;
      create unique index account_npwp_entity_live on account (npwp, entity_type)
        where status <> 'CANCELLED' and actor_type = 'BUSINESS_ENTITY' and npwp is not null;
      create index account_npwp on account (npwp);
    `);
  }
}
