import { Migration } from '@mikro-orm/migrations';

/**
 * A fulfilled RESTRICTION request (UU PDP) marks the account: processing
 * other than storage stops (docs/security.md, "Restricted processing").
 */
export class Migration20261204150000_processing_restriction extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table account
      add column processing_restricted boolean not null default false,
      add column processing_restricted_at timestamptz null;`);
  }
}
