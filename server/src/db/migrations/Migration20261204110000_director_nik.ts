import { Migration } from '@mikro-orm/migrations';

/** A company account is found by its director's NIK (the one search box, lost-account lookup, email change). */
export class Migration20261204110000_director_nik extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index account_director_nik on account ((profile #>> '{director,nik}'))
                   where actor_type = 'BUSINESS_ENTITY';`);
  }
}
