import { Migration } from '@mikro-orm/migrations';

/**
 * Statistics on the company director's NIK (`profile #>> '{director,nik}'`).
 * Its index is partial (companies only), and PostgreSQL does not estimate a
 * condition from a partial index's statistics: without these it took a
 * director's NIK to match 0.5 % of the companies, so a search by NIK (which
 * also looks for the companies the person directs) walked the newest-first
 * index looking for a page of "many" matches and read all ten million
 * accounts to find the one. With them the estimate is one row and the plan is
 * the two index lookups (test/e2e/search-plan.test.ts checks the estimate).
 */
export class Migration20261205130000_director_nik_statistics extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create statistics if not exists account_director_nik_stats on ((profile #>> '{director,nik}')) from account;
      analyze account;
    `);
  }
}
