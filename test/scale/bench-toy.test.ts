import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Every benchmark of `npm run bench` runs end to end at toy size (1,000 and
 * 200 accounts, one-second loads; P10 imports 2,000 OSS 1.1 rows) against the production build, so none of
 * them can rot. The figures at this size say nothing about the targets; the
 * full-size table is in the README ("Kinerja").
 */
const ROOT = path.resolve(__dirname, '../..');

it('runs P1-P10 at toy size and writes the table as JSON', async () => {
  const prefix = `bench_${randomBytes(3).toString('hex')}`;
  const base = process.env.TEST_PG_URL!;
  const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/run.ts', '--toy', '--db-prefix', prefix], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: base },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
  try {
    // Exit 1 means a case could not run at all (a missed target still exits 0).
    expect({ code: run.code, out: run.code === 0 ? '' : run.out }).toEqual({ code: 0, out: '' });
    const file = /^(\/\S+bench-results\/\S+-toy\.json)$/m.exec(run.out)![1];
    const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      rows: { id: string; value: number; baseline?: number; measure: string }[];
    };
    fs.rmSync(file);
    const ids = new Set(report.rows.map((r) => r.id));
    expect([...ids].sort()).toEqual(['P1', 'P10', 'P1x2', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9']);
    for (const r of report.rows) {
      expect({ measure: r.measure, finite: Number.isFinite(r.value) && r.value >= 0 }).toEqual({
        measure: r.measure,
        finite: true,
      });
      if (r.baseline !== undefined) expect(r.baseline).toBeGreaterThan(0);
    }
    // The printed table carries every row.
    for (const r of report.rows) expect(run.out).toContain(r.measure);
  } finally {
    const admin = new Client({ connectionString: base });
    await admin.connect();
    for (const n of [1000, 200, 'legacy']) await admin.query(`drop database if exists ${prefix}_${n} with (force)`);
    await admin.end();
  }
}, 600_000);
