/**
 * npm run bench [-- P1 P3 ...] [--toy] [--accounts N] [--small N] [--seconds S]
 *
 * Each hot path against the fastest thing that could do the same job,
 * measured in the same run (see cases.ts). Prints one table and writes it as
 * JSON under bench-results/. Data: two databases filled by seed:load
 * (`bench_<N>`: N = --accounts, default 10,000,000, and --small, default
 * 100,000) on DATABASE_URL's server, or on an embedded PostgreSQL under
 * .bench-data/scale. A database that is already loaded is reused, so only the
 * first full run pays the ~10 minutes of loading.
 * --toy: 1,000 and 200 accounts and one-second runs (what `npm test` runs, so the scripts cannot rot).
 * Cases that bring their own data (OWN_DATA: P10, the OSS 1.1 import) load no
 * dataset when they are the only ones asked for, and get a database of their
 * own (`<prefix>_<name>`, made empty for every run).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '../../server/src/db/database';
import { initOrm } from '../../server/src/db/orm';
import { seedContext, seedLoad } from '../../server/src/db/seed-load';
import { setLogLevel } from '../../server/src/shared/logger';
import { BenchEnv, CASES, Dataset, OWN_DATA } from './cases';
import { BenchRow, Child, credentials, Credentials, databaseUrl, ROOT, sql, startChild, startServer } from './lib';

async function dataset(baseUrl: string, name: string, accounts: number): Promise<Dataset> {
  const url = await databaseUrl(baseUrl, name);
  await (await initOrm(url)).close(true); // applies the migrations
  let last = 0;
  const outcome = await seedLoad(url, {
    accounts,
    seed: 42,
    batch: Math.min(50_000, accounts),
    context: await seedContext(),
    onProgress(loaded, total) {
      if (loaded - last >= total / 20 || loaded === total) {
        last = loaded;
        console.error(`  ${name}: ${loaded.toLocaleString('en')} / ${total.toLocaleString('en')} accounts`);
      }
    },
  });
  if (outcome.kind !== 'done')
    throw new Error(`${name}: ${outcome.kind === 'refused' ? outcome.reason : 'interrupted'}`);
  return { url, accounts, loadSeconds: outcome.seconds };
}

function printTable(rows: BenchRow[]): string {
  const cells = rows.map((r) => [
    r.id,
    r.measure,
    `${r.value} ${r.unit}`,
    r.baseline === undefined ? '—' : `${r.baseline} ${r.unit} (${r.baselineLabel})`,
    r.ratio === undefined ? '—' : `${r.ratio}×`,
    r.target,
    r.met ? 'ok' : 'NOT MET',
    r.notes ?? '',
  ]);
  const head = ['id', 'measure', 'figure', 'baseline (same run)', 'ratio', 'target', '', 'notes'];
  const widths = head.map((h, k) => Math.max(h.length, ...cells.map((c) => c[k].length)));
  const line = (c: string[]) => `| ${c.map((x, k) => x.padEnd(widths[k])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      toy: { type: 'boolean', default: false },
      accounts: { type: 'string' },
      small: { type: 'string' },
      seconds: { type: 'string' },
      'db-prefix': { type: 'string', default: 'bench' },
    },
  });
  setLogLevel('warn');
  const toy = values.toy!;
  const large = Number(values.accounts ?? (toy ? 1_000 : 10_000_000));
  const small = Number(values.small ?? (toy ? 200 : 100_000));
  const seconds = Number(values.seconds ?? (toy ? 1 : 8));
  const wanted = positionals.length ? positionals.map((p) => p.toUpperCase()) : Object.keys(CASES);
  const unknown = wanted.filter((w) => !CASES[w]);
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(CASES).join(', ')}`);
    return 2;
  }

  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: path.join(ROOT, '.bench-data/scale'), port: 54338, database: 'postgres' });
  const base = process.env.DATABASE_URL ?? embedded!.url;
  const rows: BenchRow[] = [];
  let failed = 0;
  try {
    const needData = wanted.some((id) => !OWN_DATA.has(id));
    const absent = (): Dataset => {
      throw new Error('no dataset loaded: this case is in OWN_DATA');
    };
    if (needData)
      console.error(`Loading data (${large.toLocaleString('en')} and ${small.toLocaleString('en')} accounts)…`);
    const sets = needData
      ? {
          large: await dataset(base, `${values['db-prefix']}_${large}`, large),
          small: await dataset(base, `${values['db-prefix']}_${small}`, small),
        }
      : {
          get large() {
            return absent();
          },
          get small() {
            return absent();
          },
        };
    const creds = new Map<string, { at: number; creds: Credentials }>();
    for (const id of wanted) {
      const started: Child[] = [];
      const env: BenchEnv = {
        toy,
        seconds,
        get large() {
          return sets.large;
        },
        get small() {
          return sets.small;
        },
        async freshDatabase(name) {
          const db = `${values['db-prefix']}_${name}`;
          await sql(base, `drop database if exists ${db} with (force)`);
          const url = await databaseUrl(base, db);
          await (await initOrm(url)).close(true); // applies the migrations
          return url;
        },
        async server(d, extra = {}) {
          const child = await startServer(d.url, extra);
          started.push(child);
          // Staff sessions end after 30 idle minutes: credentials are made again when older than 20.
          const cached = creds.get(d.url);
          if (!cached || Date.now() - cached.at > 20 * 60_000) {
            creds.set(d.url, { at: Date.now(), creds: await credentials(d.url, child.url) });
          }
          return { child, creds: creds.get(d.url)!.creds };
        },
        async child(args, extra = {}) {
          const c = await startChild(args, extra);
          started.push(c);
          return c;
        },
      };
      console.error(`Running ${id}…`);
      try {
        rows.push(...(await CASES[id](env)));
      } catch (err) {
        failed++;
        console.error(`${id} failed: ${err instanceof Error ? err.stack : String(err)}`);
        rows.push({ id, measure: 'failed to run', value: NaN, unit: '', target: '', met: false, notes: String(err) });
      } finally {
        await Promise.all(started.map((c) => c.stop()));
      }
    }
  } finally {
    await embedded?.stop();
  }

  const table = printTable(rows);
  console.log(table);
  const out = path.join(ROOT, 'bench-results');
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}${toy ? '-toy' : ''}.json`);
  const machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  fs.writeFileSync(file, JSON.stringify({ at: new Date(), toy, large, small, seconds, machine, rows }, null, 2));
  console.log(`\n${file}`);
  return failed ? 1 : 0;
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
