import 'reflect-metadata';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { loadConfig } from '../config';
import { resolveDatabase } from '../db/database';
import { CHAIN_COLUMNS, ChainHead, ChainRow, parseHeads, verifyChain } from '../modules/audit/audit-chain';
import { setLogLevel } from '../shared/logger';
import { runCli } from './run';

const USAGE = 'usage: npm run audit:verify -- [--heads FILE] [--expect-head SHA256]';

/**
 * Walks the audit log's hash chain from its first row (docs/security.md,
 * "Audit"). Exit 0 with the row count and the head hash when intact; exit 1
 * naming the first row where it breaks. The heads exported on a schedule
 * (AUDIT_HEAD_FILE, or --heads) and --expect-head also catch a chain that was
 * rebuilt from scratch. Reads only, as the owner, and applies no migration.
 */
async function main(argv: string[]): Promise<number> {
  let values: { heads?: string; 'expect-head'?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { heads: { type: 'string' }, 'expect-head': { type: 'string' } },
    }));
  } catch {
    console.error(USAGE);
    return 2;
  }
  const expectHash = values['expect-head']?.trim().toLowerCase();
  if (expectHash !== undefined && !/^[0-9a-f]{64}$/.test(expectHash)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  setLogLevel('warn');
  const headsFile = values.heads ?? config.auditHeadFile;
  let heads: ChainHead[] = [];
  if (headsFile) {
    if (fs.existsSync(headsFile)) heads = parseHeads(fs.readFileSync(headsFile, 'utf8'));
    else if (values.heads) {
      console.error(`Berkas kepala rantai ${headsFile} tidak ada.`);
      return 2;
    }
  }
  const db = await resolveDatabase(config);
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const read = async (after: number, limit: number) =>
      (
        await client.query<ChainRow>(
          `select ${CHAIN_COLUMNS} from audit_event e where e.seq > $1 order by e.seq limit $2`,
          [after, limit],
        )
      ).rows;
    const result = await verifyChain(read, { heads, expectHash });
    if (!result.ok) {
      const b = result.break;
      console.error(`Rantai audit RUSAK pada baris ke-${b.seq} (id ${b.id}, waktu ${b.at}): ${b.reason}.`);
      console.error(`${result.count} baris sebelumnya utuh.`);
      return 1;
    }
    console.log(`Rantai audit utuh: ${result.count} baris.`);
    console.log(`kepala: ${result.head.hash} (baris ke-${result.head.seq}, id ${result.head.id ?? '-'})`);
    if (heads.length) console.log(`Cocok dengan ${heads.length} kepala yang diekspor (${headsFile}).`);
    else if (!expectHash) {
      console.log(
        'Tanpa kepala yang diekspor (--heads, AUDIT_HEAD_FILE) rantai yang dibangun ulang utuh tidak terdeteksi.',
      );
    }
    return 0;
  } finally {
    await client.end();
    await db.stop();
  }
}

runCli(main);
