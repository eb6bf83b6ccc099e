import { Migration } from '@mikro-orm/migrations';

/**
 * One company NPWP, whichever form it was typed in: the 15 digits and the
 * 16-digit form ("0" + the same 15, in use since 2024) are the same number,
 * so the live-account uniqueness compares them as one. An install that
 * already holds both forms for one entity type keeps the old index (and a
 * warning in the migration log) until an officer resolves the pair.
 */
export class Migration20261205050000_npwp_one_form extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      drop index account_npwp_entity_live;
      do $$
      begin
        create unique index account_npwp_entity_live on account (
          (case when length(npwp) = 16 and left(npwp, 1) = '0' then substr(npwp, 2) else npwp end), entity_type)
          where status <> 'CANCELLED' and actor_type = 'BUSINESS_ENTITY' and npwp is not null;
      exception when unique_violation then
        raise warning 'account_npwp_entity_live: some live companies hold one NPWP in both forms; each form stays unique on its own';
        create unique index account_npwp_entity_live on account (npwp, entity_type)
          where status <> 'CANCELLED' and actor_type = 'BUSINESS_ENTITY' and npwp is not null;
      end $$;
    `);
  }
}
