import { Migration } from '@mikro-orm/migrations';
import { logger } from '../../shared/logger';

const LIVE_COMPANY = `status <> 'CANCELLED' and actor_type = 'BUSINESS_ENTITY' and npwp is not null`;
const ONE_FORM = `(case when length(npwp) = 16 and left(npwp, 1) = '0' then substr(npwp, 2) else npwp end)`;

/**
 * One company NPWP, whichever form it was typed in: the 15 digits and the
 * 16-digit form ("0" + the same 15, in use since 2024) are the same number,
 * so the live-account uniqueness compares them as one. An install that
 * already holds both forms for one entity type keeps the old index and says
 * so at start (a warning with the number of pairs, never the numbers); once
 * the pairs are resolved an operator runs the two statements below by hand.
 * Like every index build, it holds a write lock on `account` for one scan.
 */
export class Migration20261205050000_npwp_one_form extends Migration {
  override async up(): Promise<void> {
    const [pairs] = await this.execute(
      `select count(*)::int as n from (select 1 from account where ${LIVE_COMPANY}
         group by ${ONE_FORM}, entity_type having count(*) > 1) p`,
    );
    if (Number(pairs?.n ?? 0) > 0) {
      logger.warn(
        'Some live companies hold one NPWP in both forms (15 digits and "0" + the 15): each form stays unique ' +
          'on its own until an officer resolves the pairs',
        { pairs: Number(pairs.n) },
      );
      return;
    }
    this.addSql(`
      drop index account_npwp_entity_live;
      create unique index account_npwp_entity_live on account (${ONE_FORM}, entity_type) where ${LIVE_COMPANY};
    `);
  }
}
