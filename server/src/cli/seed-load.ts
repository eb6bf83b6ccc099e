import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { Client } from 'pg';
import { MAX_ACCOUNTS, seedContext, seedLoad, tableSizes } from '../db/seed-load';
import { runCli, withDatabase } from './run';

/**
 * npm run seed:load -- --accounts N [--seed 42] [--batch 50000]
 * Fills an empty database (embedded, or DATABASE_URL) with N synthetic
 * accounts and their history, for load tests and benchmarks. Every synthetic
 * account's password is SEED_PASSWORD. Interrupted? Run the same command
 * again: it resumes at the last committed batch.
 */
const USAGE = `usage: npm run seed:load -- --accounts N [--seed 42] [--batch 50000]   (N ≤ ${MAX_ACCOUNTS})`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { accounts: { type: 'string' }, seed: { type: 'string' }, batch: { type: 'string' } },
  });
  const accounts = Number(values.accounts);
  const seed = Number(values.seed ?? 42);
  const batch = Number(values.batch ?? 50_000);
  const whole = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  if (!whole(accounts, MAX_ACCOUNTS) || !whole(seed, 2 ** 31 - 1) || !whole(batch, 1_000_000)) {
    console.error(USAGE);
    return 2;
  }
  const context = await seedContext();
  return withDatabase(async (_orm, _config, url) => {
    const db = new Client({ connectionString: url });
    await db.connect();
    const bar = new SingleBar(
      {
        format: 'akun [{bar}] {percentage}% | {value}/{total} | {rate} akun/dtk | sisa {eta_formatted}',
        hideCursor: true,
        noTTYOutput: true,
        notTTYSchedule: 5_000,
        etaBuffer: 20,
      },
      Presets.shades_classic,
    );
    const started = Date.now();
    let first: number | undefined;
    const stopOnSignal = () => {
      bar.stop();
      console.error(
        '\nDihentikan. Jalankan perintah yang sama lagi untuk melanjutkan dari batch terakhir yang tersimpan.',
      );
      process.exit(130);
    };
    process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
    try {
      const outcome = await seedLoad(url, {
        accounts,
        seed,
        batch,
        context,
        onProgress(loaded, total) {
          if (first === undefined) {
            first = loaded;
            bar.start(total, loaded, { rate: 0 });
          }
          const rate = Math.round((loaded - first) / Math.max(0.001, (Date.now() - started) / 1000));
          bar.update(loaded, { rate: rate.toLocaleString('id-ID') });
        },
        onPhase(phase) {
          bar.stop();
          console.log(
            { indexes: 'Membangun indeks…', aggregates: 'Menghitung agregat metrik…', analyze: 'ANALYZE…' }[phase] ??
              phase,
          );
        },
      });
      if (outcome.kind === 'refused') {
        console.error(outcome.reason);
        return 1;
      }
      if (outcome.kind === 'done') {
        console.log(
          outcome.alreadyLoaded
            ? 'Sudah dimuat sebelumnya; tidak ada yang diubah.'
            : `Selesai dalam ${outcome.seconds.toFixed(1)} dtk (${Math.round(accounts / outcome.seconds).toLocaleString('id-ID')} akun/dtk).`,
        );
      }
      const sizes = await tableSizes(db);
      for (const [t, n] of Object.entries(sizes.rows))
        console.log(`${t.padEnd(18)} ${n.toLocaleString('id-ID')} baris`);
      console.log(`ukuran basis data: ${sizes.databaseSize}`);
      return 0;
    } finally {
      process.off('SIGINT', stopOnSignal).off('SIGTERM', stopOnSignal);
      await db.end();
    }
  });
}

runCli(main);
