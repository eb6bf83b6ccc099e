import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { villageCodes } from '../modules/region/region.service';
import { hashSecret } from '../shared/crypto';
import { COPY_COLUMNS, SYNTHETIC_TABLES, SyntheticBatch, SyntheticContext } from './synthetic';

/**
 * Bulk loading of synthetic data (`npm run seed:load`): rows generated in a
 * worker thread while the previous batch streams into PostgreSQL by COPY.
 * Each batch commits together with the loader's progress row, so an
 * interrupted load resumes at the first batch that did not commit.
 * Secondary indexes are dropped while loading and rebuilt at the end (one
 * sort per index instead of ten million random inserts).
 */

/** Tables whose rows are applicants' data: the loader refuses to touch a database holding any it did not write. */
export const APPLICANT_TABLES = [...SYNTHETIC_TABLES, 'email_change_request', 'account_token', 'auth_session'];
export const MAX_ACCOUNTS = 100_000_000;
/** The password of every synthetic account (so load tests can log in as one). */
export const SEED_PASSWORD = 'Sintetis#2026';
/** Held for the whole load (session advisory lock): a second loader on the same database refuses. */
const LOADER_LOCK = 727_002;

export interface LoadOptions {
  accounts: number;
  seed: number;
  batch: number;
  context: Omit<SyntheticContext, 'seed' | 'now'>;
  onProgress?: (loaded: number, total: number) => void;
  onPhase?: (phase: string) => void;
  /** Stop after this many batches (as an interruption would); for tests. */
  maxBatches?: number;
}

export type LoadOutcome =
  | { kind: 'refused'; reason: string }
  | { kind: 'interrupted'; loaded: number }
  | { kind: 'done'; alreadyLoaded: boolean; seconds: number };

interface LoadState {
  seed: number;
  target: string;
  loaded: string;
  now: string;
  indexes: { name: string; def: string }[];
  finished: boolean;
  elapsed_seconds: number;
}

/** What the generator draws from: every official village, and the hash of SEED_PASSWORD. */
export async function seedContext(): Promise<LoadOptions['context']> {
  return { villages: villageCodes(), passwordHash: await hashSecret(SEED_PASSWORD) };
}

export async function seedLoad(databaseUrl: string, opts: LoadOptions): Promise<LoadOutcome> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await load(db, databaseUrl, opts);
  } finally {
    await db.end();
  }
}

async function load(db: Client, databaseUrl: string, opts: LoadOptions): Promise<LoadOutcome> {
  const t0 = Date.now();
  if (!(await db.query('select pg_try_advisory_lock($1) as ok', [LOADER_LOCK])).rows[0].ok) {
    return { kind: 'refused', reason: 'Pemuatan lain sedang berjalan pada basis data ini; tunggu sampai selesai.' };
  }
  await db.query(`create table if not exists seed_load_state (
    id int primary key default 1 check (id = 1), seed int not null, target bigint not null, loaded bigint not null,
    now timestamptz not null, indexes jsonb not null, finished boolean not null default false)`);
  // Seconds spent loading, summed over interrupted and resumed runs.
  await db.query('alter table seed_load_state add column if not exists elapsed_seconds float8 not null default 0');
  let state = (await db.query<LoadState>('select * from seed_load_state')).rows[0];
  if (!state) {
    const holding = await tablesWithRows(db);
    if (holding.length) {
      return {
        kind: 'refused',
        reason:
          `Basis data ini sudah berisi data yang tidak dimuat oleh seed:load (${holding.join(', ')}). ` +
          'Pemuatan sintetis hanya berjalan pada basis data kosong.',
      };
    }
    const indexes = (
      await db.query<{ name: string; def: string }>(
        `select i.indexname as name, i.indexdef as def from pg_indexes i
          where i.schemaname = current_schema() and i.tablename = any($1)
            and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
        [SYNTHETIC_TABLES],
      )
    ).rows;
    state = (
      await db.query<LoadState>(
        `insert into seed_load_state (seed, target, loaded, now, indexes) values ($1, $2, 0, now(), $3) returning *`,
        [opts.seed, opts.accounts, JSON.stringify(indexes)],
      )
    ).rows[0];
  } else if (state.seed !== opts.seed || Number(state.target) !== opts.accounts) {
    return {
      kind: 'refused',
      reason:
        `Pemuatan sebelumnya memakai --accounts ${state.target} --seed ${state.seed}; ` +
        'jalankan lagi dengan nilai itu untuk melanjutkan, atau gunakan basis data kosong.',
    };
  }
  if (state.finished) return { kind: 'done', alreadyLoaded: true, seconds: state.elapsed_seconds };

  await db.query(`set synchronous_commit = off`);
  // The name search's dictionary and posting index are built once at the end, not by the insert trigger per batch.
  await db.query(`set hak_akses.search_bulk = 'on'`);
  for (const ix of state.indexes) await db.query(`drop index if exists "${ix.name}"`);

  let loaded = Number(state.loaded);
  let mark = t0;
  const now = new Date(state.now).getTime();
  const generator = new BatchGenerator({ ...opts.context, seed: opts.seed, now });
  try {
    let batches = 0;
    let next = loaded < opts.accounts ? generator.generate(loaded, Math.min(opts.batch, opts.accounts - loaded)) : null;
    while (next) {
      const n = Math.min(opts.batch, opts.accounts - loaded);
      const rows = await next;
      const after = loaded + n;
      // Generate the following batch while this one streams in.
      next = after < opts.accounts ? generator.generate(after, Math.min(opts.batch, opts.accounts - after)) : null;
      await copyBatch(db, rows, after, (Date.now() - mark) / 1000);
      mark = Date.now();
      loaded = after;
      opts.onProgress?.(loaded, opts.accounts);
      if (opts.maxBatches !== undefined && ++batches >= opts.maxBatches && loaded < opts.accounts) {
        await next?.catch(() => undefined);
        return { kind: 'interrupted', loaded };
      }
    }
  } finally {
    await generator.close();
  }

  opts.onPhase?.('indexes');
  await rebuildIndexes(db, databaseUrl, state.indexes);
  opts.onPhase?.('aggregates');
  await recordSentWarnings(db, new Date(now));
  await rebuildMetricCounters(db);
  opts.onPhase?.('analyze');
  // Vacuumed so that the posting and pair indexes are read by index-only scans from the first search on.
  await db.query('vacuum search_posting, search_pair');
  await db.query('analyze');
  const { rows } = await db.query<{ total: number }>(
    'update seed_load_state set finished = true, elapsed_seconds = elapsed_seconds + $1 returning elapsed_seconds as total',
    [(Date.now() - mark) / 1000],
  );
  return { kind: 'done', alreadyLoaded: false, seconds: rows[0].total };
}

/**
 * Two sessions build at once: the trigram (GIN) indexes and then the name
 * search's dictionary and postings, which build on one core, beside the
 * B-trees, which may use parallel workers.
 */
async function rebuildIndexes(db: Client, databaseUrl: string, indexes: { name: string; def: string }[]) {
  const second = new Client({ connectionString: databaseUrl });
  await second.connect();
  try {
    const run = async (c: Client, defs: string[]) => {
      await c.query(`set maintenance_work_mem = '512MB'`);
      await c.query(`set max_parallel_maintenance_workers = 1`);
      for (const def of defs) await c.query(def.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
    };
    const gin = indexes.filter((ix) => / USING gin /i.test(ix.def)).map((ix) => ix.def);
    const btree = indexes.filter((ix) => !/ USING gin /i.test(ix.def)).map((ix) => ix.def);
    // The name search's dictionary and postings (search_index_rebuild) are built beside the B-trees too.
    const search = async () => {
      await run(second, gin);
      await second.query('select search_index_rebuild()');
    };
    await Promise.all([search(), run(db, btree)]);
  } finally {
    await second.end();
  }
}

async function copyBatch(db: Client, rows: SyntheticBatch, loadedAfter: number, seconds: number): Promise<void> {
  await db.query('begin');
  try {
    for (const table of SYNTHETIC_TABLES) {
      if (!rows[table]) continue;
      const sql = `copy ${table} (${COPY_COLUMNS[table].join(', ')}) from stdin`;
      await pipeline(Readable.from([rows[table]]), db.query(copyFrom(sql)));
    }
    await db.query('update seed_load_state set loaded = $1, elapsed_seconds = elapsed_seconds + $2', [
      loadedAfter,
      seconds,
    ]);
    await db.query('commit');
  } catch (err) {
    await db.query('rollback').catch(() => undefined);
    throw err;
  }
}

/**
 * Accounts already inside a warning window when the data was made had their
 * warning sent then; without this the first sweep would send hundreds of
 * thousands at once, which no real day does.
 */
async function recordSentWarnings(db: Client, now: Date): Promise<void> {
  await db.query(
    `insert into account_expiry_warning (account_id, kind, expires_at, sent_at)
     select a.id, w.kind, a.expires_at, a.expires_at - make_interval(days => w.days)
       from account a join (values ('EXPIRY_7D', 7), ('EXPIRY_1D', 1)) as w(kind, days)
         on a.expires_at <= $1::timestamptz + make_interval(days => w.days)
      where a.status = 'ACTIVE' and a.licensing_started_at is null and a.expires_at > $1::timestamptz
     on conflict do nothing`,
    [now],
  );
}

/**
 * The hourly counters the supervisor metrics read, derived from the loaded
 * rows the way the running server would have bumped them one event at a time.
 */
async function rebuildMetricCounters(db: Client): Promise<void> {
  await db.query('delete from metric_counter');
  const dims = `coalesce(a.province_code, ''), a.scale, a.actor_type, coalesce(a.entity_type, '')`;
  await db.query(`
    insert into metric_counter (bucket, metric, province_code, scale, actor_type, entity_type, channel, n)
    select date_trunc('hour', f.created_at), m.metric, coalesce(left(f.nik, 2), ''), f.scale, f.actor_type,
           coalesce(f.entity_type, ''), f.channel, count(*)
      from registration_flow f
      cross join lateral (values ('flow_started', true), ('code_sent', true),
                                 ('verified', f.verified_at is not null)) as m(metric, applies)
     where m.applies
     group by 1, 2, 3, 4, 5, 6, 7;
    insert into metric_counter (bucket, metric, province_code, scale, actor_type, entity_type, channel, n)
    select date_trunc('hour', a.activated_at), 'completed', ${dims},
           case when a.phone_verified_at is not null then 'WHATSAPP' else 'EMAIL' end, count(*)
      from account a group by 1, 2, 3, 4, 5, 6, 7;
    insert into metric_counter (bucket, metric, province_code, scale, actor_type, entity_type, channel, n)
    select date_trunc('hour', coalesce(m.sent_at, m.created_at)),
           case when m.status = 'SENT' then 'code_delivered' else 'code_failed' end, '', '', '', '', m.channel, count(*)
      from outbox_message m where m.template = 'registration_code' and m.status in ('SENT', 'DEAD')
     group by 1, 2, 3, 4, 5, 6, 7;
    insert into metric_counter (bucket, metric, province_code, scale, actor_type, entity_type, channel, n)
    select date_trunc('hour', a.cancelled_at), 'cancelled', ${dims}, '', count(*)
      from account a where a.cancelled_at is not null group by 1, 2, 3, 4, 5, 6, 7;
    insert into metric_counter (bucket, metric, province_code, scale, actor_type, entity_type, channel, n)
    select date_trunc('hour', a.licensing_started_at), 'licensing_started', ${dims}, '', count(*)
      from account a where a.licensing_started_at is not null group by 1, 2, 3, 4, 5, 6, 7;
    insert into metric_counter (bucket, metric, province_code, scale, actor_type, entity_type, channel, n)
    select date_trunc('hour', w.sent_at), 'warned', ${dims}, '', count(*)
      from account_expiry_warning w join account a on a.id = w.account_id group by 1, 2, 3, 4, 5, 6, 7;
    insert into metric_counter (bucket, metric, province_code, scale, actor_type, entity_type, channel, n)
    select date_trunc('hour', c.created_at), 'complaint_opened', '', '', '', '', '', count(*)
      from complaint c group by 1, 2, 3, 4, 5, 6, 7;
    insert into metric_counter (bucket, metric, province_code, scale, actor_type, entity_type, channel, n)
    select date_trunc('hour', c.resolved_at), 'complaint_resolved', '', '', '', '', '', count(*)
      from complaint c where c.resolved_at is not null group by 1, 2, 3, 4, 5, 6, 7;
    delete from metric_counter_daily;
    insert into metric_counter_daily (bucket, metric, province_code, scale, actor_type, entity_type, channel, n)
    select date_trunc('day', bucket at time zone 'Asia/Jakarta') at time zone 'Asia/Jakarta',
           metric, province_code, scale, actor_type, entity_type, channel, sum(n)
      from metric_counter group by 1, 2, 3, 4, 5, 6, 7;`);
}

async function tablesWithRows(db: Client): Promise<string[]> {
  const out: string[] = [];
  for (const t of APPLICANT_TABLES) {
    const { rows } = await db.query(`select exists (select 1 from ${t}) as any`);
    if (rows[0].any) out.push(t);
  }
  return out;
}

export async function tableSizes(db: Client): Promise<{ rows: Record<string, number>; databaseSize: string }> {
  const rows: Record<string, number> = {};
  for (const t of [...SYNTHETIC_TABLES, 'metric_counter']) {
    rows[t] = Number((await db.query(`select count(*)::bigint as n from ${t}`)).rows[0].n);
  }
  const size = await db.query('select pg_size_pretty(pg_database_size(current_database())) as size');
  return { rows, databaseSize: size.rows[0].size };
}

/** Runs `generateBatch` in a worker thread, so generating and copying overlap on two cores. */
class BatchGenerator {
  private readonly worker: Worker;
  private pending = new Map<number, { resolve: (b: SyntheticBatch) => void; reject: (e: Error) => void }>();
  private seq = 0;

  constructor(ctx: SyntheticContext) {
    // From source (tsx), the worker registers tsx's CommonJS hook before loading the TypeScript file.
    const file = require.resolve(`./synthetic.worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
    const source = `${file.endsWith('.ts') ? "require('tsx/cjs');" : ''} require(${JSON.stringify(file)});`;
    this.worker = new Worker(source, { eval: true, workerData: ctx });
    this.worker.on('message', (m: { seq: number; batch?: SyntheticBatch; error?: string }) => {
      const p = this.pending.get(m.seq);
      this.pending.delete(m.seq);
      if (m.batch) p?.resolve(m.batch);
      else p?.reject(new Error(m.error));
    });
    this.worker.on('error', (err) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
  }

  generate(from: number, n: number): Promise<SyntheticBatch> {
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.worker.postMessage({ seq, from, n });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
