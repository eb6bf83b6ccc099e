import { MikroORM, Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { Logger as WorkerLogger, runMigrations as runWorkerMigrations } from 'graphile-worker';
import { Client } from 'pg';
import { entities } from '../modules';
import { logger } from '../shared/logger';
import { ensureAppRole } from './app-role';
import { migrationsList } from './migrations';

/** Any constant: instances starting together take turns applying migrations. */
const MIGRATION_LOCK = 727_001;

// eslint-disable-next-line no-control-regex -- the escape character is exactly what is stripped
const ANSI_COLOURS = /\x1b\[[0-9;]*m/g;

export function ormOptions(clientUrl: string, replicaUrls: readonly string[] = []): Options {
  return {
    clientUrl,
    // One pool per read replica; only db/read-replicas.ts sends work there (nothing reads from one by default).
    replicas: replicaUrls.map((url, i) => ({
      name: `replica-${i + 1}`,
      clientUrl: withCredentials(url, clientUrl),
      pool: { min: 0, max: 10, acquireTimeoutMillis: 5000 },
      // A replica that does not answer must not hold a request for long: the read falls back to the primary.
      driverOptions: {
        connection: { connectionTimeoutMillis: 2000 },
        // A replica going away drops its idle connections: expected, and reported once by read-replicas.ts.
        log: { error: (m: unknown) => logger.debug(`replica: ${String(m)}`), warn: () => {} },
      },
    })),
    preferReadReplicas: false,
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

/**
 * As the database owner and one instance at a time: applies pending
 * migrations (ours, then graphile-worker's schema), then makes sure the
 * application role exists with its rights (db/app-role.ts). Returns the URL
 * the server connects with for everything else.
 */
export async function migrateDatabase(ownerUrl: string, opts: { appDatabaseUrl?: string } = {}): Promise<string> {
  const lock = new Client({ connectionString: ownerUrl });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await applyMigrations(ownerUrl);
    return await ensureAppRole(lock, ownerUrl, opts.appDatabaseUrl);
  } finally {
    await lock.end();
  }
}

/** The schema alone (ours, then graphile-worker's), as the owner; the caller serialises instances. */
export async function applyMigrations(ownerUrl: string): Promise<void> {
  const orm = await MikroORM.init({ ...ormOptions(ownerUrl), pool: { min: 0, max: 1 } });
  try {
    await orm.getMigrator().up();
  } finally {
    await orm.close(true);
  }
  await runWorkerMigrations({
    connectionString: ownerUrl,
    logger: new WorkerLogger(() => (level, message) => logger.debug(`worker migrations: ${message}`)),
  });
}

/**
 * A replica URL without a user connects as the primary's (the server's own
 * role: a streaming replica has the same roles and passwords).
 */
export function withCredentials(replicaUrl: string, primaryUrl: string): string {
  const url = new URL(replicaUrl);
  if (url.username) return replicaUrl;
  const primary = new URL(primaryUrl);
  url.username = primary.username;
  url.password = primary.password;
  if (url.pathname === '' || url.pathname === '/') url.pathname = primary.pathname;
  return url.toString();
}

/**
 * Connects the ORM (no migrations): the server and the CLIs connect as the
 * application role; the server adds its read replicas (DATABASE_REPLICA_URLS).
 */
export function connectOrm(clientUrl: string, replicaUrls: readonly string[] = []): Promise<MikroORM> {
  return MikroORM.init(ormOptions(clientUrl, replicaUrls));
}

/** Migrates and connects as the same user (the owner): for tools and tests that need the owner's rights. */
export async function initOrm(ownerUrl: string): Promise<MikroORM> {
  await migrateDatabase(ownerUrl);
  return connectOrm(ownerUrl);
}
