import { Migration } from '@mikro-orm/migrations';

/**
 * Data rights, second part (UU PDP): the access export and anonymisation.
 *
 * `data_export` holds the bundle a fulfilled ACCESS request built, until its
 * one-time link is used or expires (then the bundle is dropped), and only a
 * keyed hash of the link's token. `account.anonymised_at` marks an account
 * whose personal fields a fulfilled DELETION request removed; the row stays,
 * its id the pseudonym that aggregates and the audit log keep.
 */
export class Migration20261204160000_data_export extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table data_export (
        id uuid primary key,
        request_id uuid not null unique references data_subject_request (id),
        account_id uuid not null references account (id),
        token_hash text not null unique,
        bundle jsonb null,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz null
      );
      create index data_export_account on data_export (account_id);
      create index data_export_live on data_export (expires_at) where bundle is not null;
      alter table account add column anonymised_at timestamptz null;
    `);
  }
}
