import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { parseNik, nikProfileMismatches } from '../../server/src/domain/nik';
import { initOrm } from '../../server/src/db/orm';
import { LoadOptions, seedLoad } from '../../server/src/db/seed-load';
import { loadRegions, villageCodes } from '../../server/src/modules/region/region.service';
import { createTestDatabase } from '../support/app';

/**
 * `seed:load` at toy size: what it loads is valid and in the stated
 * proportions, an interrupted load resumes to the same result, and a database
 * holding anything it did not load is refused.
 */
const regions = loadRegions();
const options = (over: Partial<LoadOptions> = {}): LoadOptions => ({
  accounts: 1_000,
  seed: 7,
  batch: 250,
  context: { villages: villageCodes(regions), passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2VlZA$x' },
  ...over,
});

async function freshDatabase() {
  const db = await createTestDatabase();
  await (await initOrm(db.url)).close(true);
  return db;
}

async function query<T = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

const indexNames = async (url: string) =>
  (
    await query<{ n: string }>(
      url,
      `select indexname as n from pg_indexes where tablename in ('account','registration_flow','outbox_message','audit_event','complaint') order by 1`,
    )
  ).map((r) => r.n);

describe('seed:load', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let indexesBefore: string[];

  beforeAll(async () => {
    db = await freshDatabase();
    indexesBefore = await indexNames(db.url);
  });
  afterAll(() => db.drop());

  it('stops after an interruption and resumes from the last committed batch to the full count', async () => {
    const first = await seedLoad(db.url, options({ maxBatches: 2 }));
    expect(first).toEqual({ kind: 'interrupted', loaded: 500 });
    expect((await query<{ n: number }>(db.url, 'select count(*)::int as n from account'))[0].n).toBe(500);

    const rest = await seedLoad(db.url, options());
    expect(rest.kind).toBe('done');
    const counts = await query<{ t: string; n: number }>(
      db.url,
      `select 'account' as t, count(*)::int as n from account union all
       select 'flow', count(*)::int from registration_flow union all
       select 'outbox', count(*)::int from outbox_message union all
       select 'audit', count(*)::int from audit_event`,
    );
    expect(Object.fromEntries(counts.map((c) => [c.t, c.n]))).toEqual({
      account: 1_000,
      flow: 1_100, // one abandoned flow per ten accounts
      outbox: 1_000,
      audit: 1_000,
    });
    // Secondary indexes were dropped for loading and all built again.
    expect(await indexNames(db.url)).toEqual(indexesBefore);
    // The name search's postings were built once at the end (the COPY skipped the insert trigger): one per
    // distinct word of every account, the interrupted run's batches included, none twice.
    const [search] = await query<{ words: number; postings: number; accounts: number }>(
      db.url,
      `select (select count(*)::int from account a, unnest(search_words(a.search_name)) w) as words,
              (select count(*)::int from search_posting) as postings,
              (select count(distinct account_id)::int from search_posting) as accounts`,
    );
    expect(search.words).toBeGreaterThan(2_000);
    expect(search).toEqual({ words: search.words, postings: search.words, accounts: 1_000 });
  });

  it('loads NIKs that are valid for their region, birth date and gender, unique among live accounts', async () => {
    const rows = await query<{ nik: string; birth_date: string; gender: 'MALE' | 'FEMALE'; province_code: string }>(
      db.url,
      `select nik, to_char(birth_date, 'YYYY-MM-DD') as birth_date, gender, province_code from account where nik is not null`,
    );
    expect(rows.length).toBeGreaterThan(800);
    for (const r of rows) {
      const parsed = parseNik(r.nik, regions);
      if (!parsed.ok) throw new Error(`${r.nik}: ${parsed.error}`);
      expect(parsed.warnings).toEqual([]);
      expect(nikProfileMismatches(parsed.info, { birthDate: r.birth_date, gender: r.gender })).toEqual([]);
      expect(parsed.info.provinceCode).toBe(r.province_code);
    }
    expect(new Set(rows.map((r) => r.nik)).size).toBe(rows.length);
  });

  it('keeps the national proportions and fills the metric aggregates', async () => {
    const [mix] = await query<Record<string, number>>(
      db.url,
      `select avg((scale = 'UMK')::int)::float as umk, avg((status = 'ACTIVE')::int)::float as active,
              avg((actor_type = 'INDIVIDUAL')::int)::float as individual,
              avg((phone_verified_at is not null)::int)::float as whatsapp,
              count(distinct entity_type)::int as entity_types,
              avg((expires_at is not null)::int)::float as expiring
         from account`,
    );
    expect(mix.umk).toBeGreaterThan(0.97);
    expect(mix.active).toBeGreaterThan(0.78);
    expect(mix.active).toBeLessThan(0.92);
    expect(mix.individual).toBeGreaterThan(0.85);
    expect(mix.individual).toBeLessThan(0.95);
    expect(mix.whatsapp).toBeGreaterThan(0.2);
    expect(mix.entity_types).toBeGreaterThanOrEqual(6);
    expect(mix.expiring).toBeGreaterThan(0.1);
    const [completed] = await query<{ n: number }>(
      db.url,
      `select sum(n)::int as n from metric_counter where metric = 'completed'`,
    );
    expect(completed.n).toBe(1_000);
  });

  it('does nothing when asked again, and refuses other sizes on the same database', async () => {
    expect(await seedLoad(db.url, options())).toMatchObject({ kind: 'done', alreadyLoaded: true });
    const other = await seedLoad(db.url, options({ accounts: 2_000 }));
    expect(other.kind).toBe('refused');
  });

  it('refuses a database holding data it did not load, through the command line as an operator runs it', async () => {
    const real = await freshDatabase();
    try {
      await query(
        real.url,
        `insert into account (id, username, status, scale, actor_type, password_hash, created_at)
         values (gen_random_uuid(), 'pemohonasli', 'ACTIVE', 'UMK', 'INDIVIDUAL', 'x', now())`,
      );
      const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/seed-load.ts', '--accounts', '100'], {
          cwd: path.resolve(__dirname, '../..'),
          env: { ...process.env, DATABASE_URL: real.url, LOG_LEVEL: 'warn' },
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d));
        child.stderr.on('data', (d: Buffer) => (out += d));
        child.on('exit', (code) => resolve({ code, out }));
      });
      expect(run.code).toBe(1);
      expect(run.out).toContain('sudah berisi data yang tidak dimuat oleh seed:load');
      expect((await query<{ n: number }>(real.url, 'select count(*)::int as n from account'))[0].n).toBe(1);
    } finally {
      await real.drop();
    }
  });
});
