import { Migration } from '@mikro-orm/migrations';

/**
 * SKM answers get the respondent's optional profile (gender, age band,
 * education, occupation: keys inside `satisfaction`, checked here for any
 * writer) and `surveyed_at`, the moment answered, as an indexed column so the
 * report and the public page read a period without casting every row's JSON.
 */
export class Migration20261204130000_skm_respondent extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table complaint add column surveyed_at timestamptz null;
      update complaint set surveyed_at = (satisfaction->>'submittedAt')::timestamptz where satisfaction is not null;
      alter table complaint add constraint complaint_surveyed_at_check
        check ((satisfaction is null) = (surveyed_at is null));
      alter table complaint add constraint complaint_respondent_check check (satisfaction is null or (
        coalesce(satisfaction->>'gender', 'LAKI_LAKI') in ('LAKI_LAKI', 'PEREMPUAN')
        and coalesce(satisfaction->>'ageBand', 'AGE_20_29')
          in ('AGE_UNDER_20', 'AGE_20_29', 'AGE_30_39', 'AGE_40_49', 'AGE_50_59', 'AGE_60_PLUS')
        and coalesce(satisfaction->>'education', 'SD') in ('SD', 'SMP', 'SMA', 'DIPLOMA', 'S1', 'S2', 'S3')
        and coalesce(satisfaction->>'occupation', 'PNS') in ('PNS', 'TNI', 'POLRI', 'SWASTA', 'WIRAUSAHA', 'LAINNYA')));
      create index complaint_surveyed_at on complaint (surveyed_at) where surveyed_at is not null;
    `);
  }
}
