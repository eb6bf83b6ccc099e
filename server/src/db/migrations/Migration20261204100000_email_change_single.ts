import { Migration } from '@mikro-orm/migrations';

/**
 * At most one live (OPEN or APPROVED) email-change request per account.
 * Older duplicates from before the rule are cancelled (the newest stays), and
 * their unused confirmation links voided, before the index is built.
 */
export class Migration20261204100000_email_change_single extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table email_change_request drop constraint email_change_request_status_check;
      alter table email_change_request add constraint email_change_request_status_check
        check (status in ('OPEN', 'APPROVED', 'REJECTED', 'CONFIRMED', 'EXPIRED', 'CANCELLED'));
      with ranked as (
        select id, row_number() over (partition by account_id order by created_at desc, id desc) as n
          from email_change_request where account_id is not null and status in ('OPEN', 'APPROVED'))
      update email_change_request r set status = 'CANCELLED', decided_at = now(),
             decision_note = 'Digantikan permintaan yang lebih baru.'
        from ranked where r.id = ranked.id and ranked.n > 1;
      update account_token t set used_at = now()
        from email_change_request r
       where t.purpose = 'EMAIL_CHANGE' and t.used_at is null and t.subject_id = r.id
         and r.status = 'CANCELLED';
      create unique index email_change_request_one_live on email_change_request (account_id)
        where status in ('OPEN', 'APPROVED');
    `);
  }
}
