import 'reflect-metadata';
import os from 'node:os';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Config, ConfigError, loadConfig } from '../config';
import { resolveDatabase } from '../db/database';
import { connectOrm, migrateDatabase } from '../db/orm';
import { AppError } from '../shared/errors';
import { setLogLevel } from '../shared/logger';
import { RequestContext, systemContext } from '../shared/request-context';

/**
 * The frame of every command-line tool: the database of this install (the
 * running embedded one, or DATABASE_URL), migrated as its owner; the ORM
 * connects as the application role like the server does, and the owner's URL
 * is there for tools that need the owner (seed:load); stopped again afterwards; a coded
 * error printed in Indonesian with exit code 1; a bad configuration with its
 * message.
 */
export async function withDatabase(work: (orm: MikroORM, config: Config, databaseUrl: string) => Promise<number>) {
  const config = loadConfig();
  setLogLevel('warn');
  const db = await resolveDatabase(config);
  const appUrl = await migrateDatabase(db.url, { appDatabaseUrl: config.appDatabaseUrl });
  const orm = await connectOrm(appUrl);
  try {
    return await work(orm, config, db.url);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const fields = (err.extensions.fields ?? {}) as Record<string, string>;
    console.error([err.message, ...Object.values(fields)].join('\n'));
    return 1;
  } finally {
    await orm.close(true);
    await db.stop();
  }
}

/** Who runs a command-line tool, as its audit rows name it: `cli:<tool>:<OS user>` (a SYSTEM actor). */
export function cliContext(em: EntityManager, tool: string): RequestContext {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  }
  return systemContext(em, `cli:${tool}:${user}`);
}

export function runCli(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((err) => {
      console.error(err instanceof ConfigError ? err.message : err);
      process.exit(1);
    });
}
