import { Migration } from '@mikro-orm/migrations';

/**
 * A fulfilled CONSENT_WITHDRAWAL request (UU PDP) is kept on the consent
 * record: when the applicant withdrew the consent they had given. Null while
 * the consent stands (or after they accepted the notice again).
 */
export class Migration20261205040000_consent_withdrawal extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table account add column consent_withdrawn_at timestamptz null;`);
  }
}
