import 'reflect-metadata';
import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { RunningApp, startApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { appRoleName } from '../../server/src/db/app-role';
import { migrationsList } from '../../server/src/db/migrations';
import { applyMigrations } from '../../server/src/db/orm';
import type { Clock } from '../../server/src/shared/clock';

/** One statement on its own connection (as whoever the URL names, e.g. the database owner); the rows. */
export async function query(url: string, sql: string, params: unknown[] = []): Promise<any[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** The test cluster's URL for one of its databases (as its owner). */
function clusterUrl(database: string): string {
  const url = new URL(process.env.TEST_PG_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

/** One statement as the cluster's owner on its `postgres` database. */
async function adminQuery(sql: string): Promise<void> {
  await query(clusterUrl('postgres'), sql);
}

/**
 * The migrated schema every test database starts from, made once per cluster and set of migrations (its name
 * holds a hash of their names and code): `create database … template` copies it in a tenth of a second where
 * applying the migrations takes seconds. Built under another name and renamed when complete, under an advisory
 * lock, so a run that dies half-way or another process building it at once leaves no half-made template.
 */
async function migratedTemplate(): Promise<string> {
  const hash = createHash('sha256');
  for (const m of migrationsList) hash.update(m.name).update(String(m.class));
  const name = `hak_akses_template_${hash.digest('hex').slice(0, 12)}`;
  const c = new Client({ connectionString: clusterUrl('postgres') });
  await c.connect();
  try {
    await c.query('select pg_advisory_lock(727002)');
    const { rows } = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (!rows.length) {
      const building = `${name}_building`;
      await c.query(`drop database if exists ${building} with (force)`);
      await c.query(`create database ${building}`);
      await applyMigrations(clusterUrl(building));
      await c.query(`alter database ${building} rename to ${name}`);
    }
  } finally {
    await c.end();
  }
  return name;
}

/**
 * A fresh database on the test PostgreSQL (see global-setup.mjs), with every migration applied (a copy of the
 * migrated template); `empty: true` for one with nothing applied (tests of the migration step itself).
 */
export async function createTestDatabase(
  opts: { empty?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_PG_URL;
  if (!base) throw new Error('TEST_PG_URL is not set: run the e2e tests through jest (global-setup.mjs).');
  const name = `hak_akses_test_${randomBytes(5).toString('hex')}`;
  if (opts.empty) await adminQuery(`create database ${name}`);
  else await adminQuery(`create database ${name} template ${await migratedTemplate()}`);
  // The server creates a role per database (roles are cluster-wide): it goes with the database.
  const drop = async () => {
    await adminQuery(`drop database if exists ${name} with (force)`);
    await adminQuery(`drop role if exists ${appRoleName(name)}`);
  };
  return { url: clusterUrl(name), drop };
}

export interface TestAppOptions {
  databaseUrl?: string;
  smtpUrl?: string;
  whatsappUrl?: string;
  captcha?: boolean;
  /** More configuration variables (e.g. API_KEY_REQUESTS_PER_MINUTE). */
  env?: Record<string, string>;
  /** Where the server's time-driven work takes "now" from (a test clock moves it). */
  clock?: Clock;
}

/** A clock a test can set and move. */
export class TestClock implements Clock {
  private offset = 0;
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  set(at: Date): void {
    this.offset = at.getTime() - Date.now();
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

/** Starts a real server instance (HTTP + WebSocket + worker) on a free port. */
export async function startTestApp(opts: TestAppOptions = {}): Promise<RunningApp & { dropDatabase(): Promise<void> }> {
  const db = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => {} } : await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    PORT: '0',
    CAPTCHA: opts.captcha ? 'on' : 'off',
    SMTP_URL: opts.smtpUrl,
    WHATSAPP_API_URL: opts.whatsappUrl,
    WHATSAPP_TOKEN: opts.whatsappUrl ? 'test-token' : undefined,
    WHATSAPP_PHONE_NUMBER_ID: opts.whatsappUrl ? '1234567890' : undefined,
    PUBLIC_URL: 'http://oss.test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    ...opts.env,
  });
  const app = await startApp(config, opts.clock);
  return Object.assign(app, { dropDatabase: db.drop });
}
