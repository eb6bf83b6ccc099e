import { Migration } from '@mikro-orm/migrations';

/** One row /healthz writes: a database that answers reads but refuses writes is not healthy. */
export class Migration20261204070000_health_probe extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table health_probe (id int primary key, at timestamptz not null);`);
  }
}
