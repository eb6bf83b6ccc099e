import { Migration } from '@mikro-orm/migrations';

/**
 * The consent record (UU PDP): which version of the terms and privacy notice
 * an account accepted, when, and through which channel.
 *
 * Every account that exists before this migration was created by the
 * self-service registration, which refuses to finish without acceptTerms:
 * true. Those accounts therefore accepted the one notice there was
 * (version 1) when they were activated, and are backfilled so.
 */
export class Migration20261204130000_consent extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table account
      add column consent_version integer null,
      add column consent_at timestamptz null,
      add column consent_channel varchar(32) null;`);
    this.addSql(`update account set consent_version = 1, consent_at = coalesce(activated_at, created_at),
      consent_channel = 'SELF_SERVICE';`);
  }
}
