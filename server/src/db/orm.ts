import { MikroORM, Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from '../modules';
import { logger } from '../shared/logger';
import { migrationsList } from './migrations';

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
    logger: (message) => logger.debug(message.replace(/\x1b\[[0-9;]*m/g, '')),
  };
}

/** Connects and applies pending migrations (at every start: they are idempotent). */
export async function initOrm(clientUrl: string): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(clientUrl));
  await orm.getMigrator().up();
  return orm;
}
