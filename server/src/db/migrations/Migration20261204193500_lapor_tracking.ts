import { Migration } from '@mikro-orm/migrations';

/**
 * A complaint received through SP4N-LAPOR! keeps LAPOR!'s tracking id: only on
 * that channel, and one complaint per tracking id (a report copied in twice is
 * refused naming the first).
 */
export class Migration20261204193500_lapor_tracking extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table complaint add column lapor_tracking_id text null;
      alter table complaint add constraint complaint_lapor_channel_check
        check (lapor_tracking_id is null or channel = 'SP4N_LAPOR');
      create unique index complaint_lapor_tracking_id on complaint (lapor_tracking_id) where lapor_tracking_id is not null;
    `);
  }
}
