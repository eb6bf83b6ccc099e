import { MikroORM, Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { Client } from 'pg';
import { entities } from '../modules';
import { logger } from '../shared/logger';
import { migrationsList } from './migrations';

/** Any constant: instances starting together take turns applying migrations. */
const MIGRATION_LOCK = 727_001;

// eslint-disable-next-line no-control-regex -- the escape character is exactly what is stripped
const ANSI_COLOURS = /\x1b\[[0-9;]*m/g;

export function ormOptions(clientUrl: string): Options {
  return {
    clientUrl,
    entities,
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false },
    pool: { min: 0, max: 10 },
    debug: process.env.ORM_DEBUG === '1',
    allowGlobalContext: false,
    forceUtcTimezone: true,
    logger: (message) => logger.debug(message.replace(ANSI_COLOURS, '')),
  };
}

/** Connects and applies pending migrations (at every start; one instance at a time). */
export async function initOrm(clientUrl: string): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(clientUrl));
  const lock = new Client({ connectionString: clientUrl });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await orm.getMigrator().up();
  } catch (err) {
    await orm.close(true);
    throw err;
  } finally {
    await lock.end();
  }
  return orm;
}
