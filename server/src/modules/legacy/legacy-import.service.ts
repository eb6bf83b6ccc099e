import { npwpForms } from '../../domain/npwp';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, statSync, WriteStream } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LegacyField, LegacyRow, parseCsvHeader, parseLegacyLine, validateLegacyRow } from '../../domain/legacy-row';
import { searchText } from '../../domain/search';
import type { RegionLookup } from '../../domain/wilayah';
import { sha256 } from '../../shared/crypto';
import { ValidationError } from '../../shared/errors';
import type { RequestContext } from '../../shared/request-context';
import { pgArray } from '../../shared/sql';
import type { AuditService } from '../audit/audit.service';

export interface ImportCounts {
  /** Lines read (blank lines and a CSV header included). */
  lines: number;
  imported: number;
  /** Rows already imported by an earlier run (resume, or a second run of the same file). */
  skipped: number;
  refused: number;
}

export interface ImportSummary extends ImportCounts {
  dryRun: boolean;
  reportFile: string;
}

export interface ImportOptions {
  file: string;
  dryRun?: boolean;
  /** Where refused rows go (`line,reason` CSV); default: beside the file, `<file>.ditolak.csv`. */
  reportFile?: string;
  batchSize?: number;
  /** Bytes of the file read so far, after each batch (the command line's progress bar). */
  onProgress?: (bytesRead: number, counts: ImportCounts) => void;
  /** After each committed batch; an error thrown here stops the import like an interruption would. */
  afterBatch?: (counts: ImportCounts) => void | Promise<void>;
}

interface Pending {
  line: number;
  row: LegacyRow;
  key: string;
}

/** Imported accounts keep no usable current password until the holder sets one (argon2 never matches this). */
const NO_PASSWORD = '!legacy';
const DEFAULT_BATCH = 500;
const COLUMNS = [
  'id',
  'username',
  'status',
  'scale',
  'actor_type',
  'entity_type',
  'nik',
  'email',
  'phone',
  'full_name',
  'province_code',
  'npwp',
  'search_name',
  'profile',
  'password_hash',
  'legacy_password_hash',
  'warnings',
];

/** The idempotency key of a row: its OSS 1.1 username, hashed (the ledger keeps no personal data). */
export const legacySourceKey = (username: string) => sha256(`oss11:${username.toLowerCase()}`);

/** Size of an import file in bytes (the progress bar's total). */
export const fileSize = (file: string) => statSync(file).size;

/**
 * Imports an OSS 1.1 export (docs/domain.md, "OSS 1.1 accounts") as LEGACY
 * accounts, streaming it line by line. Each row is checked on its own; a
 * refused row (bad field, duplicate in the file or against current accounts,
 * unknown hash) goes to the report with its line number and the import goes
 * on. A line that cannot be read as one row at all (not JSON, not one JSON
 * object, a CSV row with an unclosed quote or the wrong number of columns)
 * means the file itself is broken: the rows before it are written, nothing of
 * it or after it, and the import stops with `Baris N: <alasan>`
 * (VALIDATION_FAILED, field `file`). Rows are written in batches, each batch one transaction
 * together with its ledger rows, so an interrupted import resumes by running
 * it again: rows in the ledger are skipped. A dry run reads, checks and
 * reports, and writes nothing to the database.
 */
export class LegacyImport {
  constructor(
    private readonly regions: RegionLookup,
    private readonly audit: AuditService,
    private readonly hashTemplate?: string,
  ) {}

  async run(ctx: RequestContext, opts: ImportOptions): Promise<ImportSummary> {
    const format = formatOf(opts.file);
    const reportFile = opts.reportFile ?? `${opts.file}.ditolak.csv`;
    const batchSize = opts.batchSize ?? DEFAULT_BATCH;
    const counts: ImportCounts = { lines: 0, imported: 0, skipped: 0, refused: 0 };
    const report = createWriteStream(reportFile, { encoding: 'utf8' });
    const refuse = (line: number, reason: string) => {
      counts.refused++;
      report.write(`${line},"${reason.replace(/"/g, '""')}"\n`);
    };
    report.write('baris,alasan\n');
    /** First line of each username, email, phone, NIK (individuals) and NPWP (per entity type) seen in the file. */
    const seen = new Map<string, number>();
    let batch: Pending[] = [];
    let bytes = 0;
    let header: LegacyField[] | undefined;
    /** The first line that is not a row at all: the import stops there. */
    let broken: { line: number; reason: string } | undefined;

    const flush = async () => {
      if (!batch.length) return;
      const pending = batch;
      batch = [];
      await this.writeBatch(ctx.em, pending, counts, refuse, !!opts.dryRun);
      opts.onProgress?.(bytes, counts);
      await opts.afterBatch?.(counts);
    };

    const input = createReadStream(opts.file, { encoding: 'utf8' });
    try {
      const lines = readline.createInterface({ input, crlfDelay: Infinity });
      for await (const raw of lines) {
        counts.lines++;
        bytes += Buffer.byteLength(raw) + 1;
        const lineNo = counts.lines;
        const line = raw.replace(/^\uFEFF/, '');
        if (!line.trim()) continue;
        if (format === 'csv' && !header) {
          try {
            header = parseCsvHeader(line);
          } catch (err) {
            throw new ValidationError(
              { file: `Baris ${lineNo}: ${(err as Error).message}.` },
              'Berkas impor tidak sah.',
            );
          }
          continue;
        }
        const parsed = parseLegacyLine(line, header);
        if (!parsed.ok) {
          broken = { line: lineNo, reason: parsed.reason };
          break;
        }
        const checked = validateLegacyRow(parsed.fields, this.regions, this.hashTemplate);
        if (!checked.ok) {
          refuse(lineNo, checked.reason);
          continue;
        }
        const dup = firstDuplicate(seen, checked.row, lineNo);
        if (dup) {
          refuse(lineNo, dup);
          continue;
        }
        batch.push({ line: lineNo, row: checked.row, key: legacySourceKey(checked.row.username) });
        if (batch.length >= batchSize) await flush();
      }
      await flush();
      opts.onProgress?.(bytes, counts);
    } finally {
      // A malformed line stops the reading early: the file is closed now, not when it is collected.
      input.destroy();
      await closeStream(report);
    }
    if (!opts.dryRun) {
      await this.audit.write(ctx, ctx.em.fork(), {
        action: 'LEGACY_IMPORTED',
        details: {
          file: path.basename(opts.file),
          lines: counts.lines,
          imported: counts.imported,
          skipped: counts.skipped,
          refused: counts.refused,
          ...(broken ? { stoppedAtLine: broken.line, stopReason: broken.reason } : {}),
        },
      });
    }
    if (broken) {
      throw new ValidationError(
        { file: `Baris ${broken.line}: ${broken.reason}.` },
        `Berkas impor rusak: impor berhenti pada baris ${broken.line} (baris sebelumnya sudah diproses; ` +
          'perbaiki berkas lalu jalankan lagi, baris yang sudah diimpor dilewati).',
      );
    }
    return { ...counts, dryRun: !!opts.dryRun, reportFile };
  }

  /** One batch in one transaction; when a concurrent registration took a value meanwhile, row by row instead. */
  private async writeBatch(
    em: EntityManager,
    pending: Pending[],
    counts: ImportCounts,
    refuse: (line: number, reason: string) => void,
    dryRun: boolean,
  ): Promise<void> {
    const attempt = (rows: Pending[]) =>
      em.fork().transactional(async (tem) => {
        const fresh: Pending[] = [];
        const done = new Set(
          (
            await tem.execute<{ source_key: string }[]>(
              'select source_key from legacy_account where source_key = any(?::text[])',
              [pgArray(rows.map((p) => p.key))],
            )
          ).map((r) => r.source_key),
        );
        const taken = await this.takenValues(tem, rows);
        const outcome: { line: number; reason?: string; skipped?: boolean }[] = [];
        for (const p of rows) {
          if (done.has(p.key)) outcome.push({ line: p.line, skipped: true });
          else {
            const reason = conflictOf(taken, p.row);
            if (reason) outcome.push({ line: p.line, reason });
            else fresh.push(p);
          }
        }
        if (fresh.length && !dryRun) await insertRows(tem, fresh);
        return { outcome, fresh: fresh.length };
      });
    const tally = (r: Awaited<ReturnType<typeof attempt>>) => {
      for (const o of r.outcome) {
        if (o.skipped) counts.skipped++;
        else if (o.reason) refuse(o.line, o.reason);
      }
      counts.imported += r.fresh;
    };
    try {
      tally(await attempt(pending));
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException) || pending.length === 1) {
        if (err instanceof UniqueConstraintViolationException) {
          refuse(pending[0].line, 'bentrok dengan akun yang dibuat bersamaan (nama pengguna, NIK atau NPWP)');
          return;
        }
        throw err;
      }
      for (const p of pending) await this.writeBatch(em, [p], counts, refuse, dryRun);
    }
  }

  /** Values of the batch that current accounts already hold (any status for usernames, live ones otherwise). */
  private async takenValues(em: EntityManager, rows: Pending[]): Promise<Set<string>> {
    const list = (f: (r: LegacyRow) => string | null) =>
      pgArray(rows.map((p) => f(p.row)).filter((v): v is string => !!v));
    type Holder = { username: string } & Record<
      'email' | 'phone' | 'nik' | 'npwp' | 'entity_type' | 'actor_type' | 'status',
      string | null
    >;
    const found = await em.execute<Holder[]>(
      `select username, email, phone, nik, npwp, entity_type, actor_type, status from account
        where username = any(?::text[])
           or (status <> 'CANCELLED' and (email = any(?::text[]) or phone = any(?::text[])
               or (actor_type = 'INDIVIDUAL' and scale = 'UMK' and nik = any(?::text[]))
               or (actor_type = 'BUSINESS_ENTITY' and npwp = any(?::text[]))))`,
      [
        list((r) => r.username),
        list((r) => r.email),
        list((r) => r.phone),
        list((r) => (r.actorType === 'INDIVIDUAL' ? r.nik : null)),
        pgArray(
          rows.flatMap((p) => (p.row.actorType === 'BUSINESS_ENTITY' && p.row.npwp ? npwpForms(p.row.npwp) : [])),
        ),
      ],
    );
    const taken = new Set<string>();
    for (const a of found) {
      taken.add(`u:${a.username}`);
      if (a.status === 'CANCELLED') continue;
      if (a.email) taken.add(`e:${a.email}`);
      if (a.phone) taken.add(`p:${a.phone}`);
      if (a.actor_type === 'INDIVIDUAL' && a.nik) taken.add(`n:${a.nik}`);
      if (a.actor_type === 'BUSINESS_ENTITY' && a.npwp) taken.add(`t:${oneNpwp(a.npwp)}:${a.entity_type}`);
    }
    return taken;
  }
}

/** The keys one row claims, each with the words a refusal uses. */
function keysOf(r: LegacyRow): [string, string][] {
  const keys: [string, string][] = [[`u:${r.username}`, 'nama pengguna']];
  if (r.email) keys.push([`e:${r.email}`, 'email']);
  if (r.phone) keys.push([`p:${r.phone}`, 'nomor telepon']);
  if (r.actorType === 'INDIVIDUAL') keys.push([`n:${r.nik}`, 'NIK']);
  else keys.push([`t:${oneNpwp(r.npwp ?? '')}:${r.entityType}`, 'NPWP (untuk jenis badan usaha ini)']);
  return keys;
}

/** One NPWP whichever form it was written in (15 digits, or "0" + the same 15): its 15-digit form. */
function oneNpwp(npwp: string): string {
  return npwpForms(npwp).find((f) => f.length === 15) ?? npwp;
}

function firstDuplicate(seen: Map<string, number>, row: LegacyRow, line: number): string | undefined {
  const keys = keysOf(row);
  const hit = keys.find(([k]) => seen.has(k));
  if (hit) return `${hit[1]} sama dengan baris ${seen.get(hit[0])} pada berkas ini`;
  for (const [k] of keys) seen.set(k, line);
  return undefined;
}

function conflictOf(taken: Set<string>, row: LegacyRow): string | undefined {
  const hit = keysOf(row).find(([k]) => taken.has(k));
  return hit ? `${hit[1]} sudah dipakai akun yang ada` : undefined;
}

async function insertRows(em: EntityManager, rows: Pending[]): Promise<void> {
  const now = new Date();
  const values: unknown[] = [];
  const ledger: unknown[] = [];
  for (const { row: r, line, key } of rows) {
    const id = randomUUID();
    const entity = r.actorType === 'BUSINESS_ENTITY';
    values.push(
      id,
      r.username,
      'LEGACY',
      'UMK',
      r.actorType,
      r.entityType,
      entity ? null : r.nik,
      r.email,
      r.phone,
      r.fullName,
      r.provinceCode,
      r.npwp,
      searchText(r.fullName),
      // OSS 1.1 tied a company to its director: the director is all the old system knew of it.
      JSON.stringify(entity ? { director: { nik: r.nik, fullName: r.fullName } } : {}),
      NO_PASSWORD,
      r.passwordHash,
      JSON.stringify(r.warnings),
    );
    ledger.push(id, key, now, line);
  }
  const row = `(${COLUMNS.map(() => '?').join(', ')})`;
  await em.execute(`insert into account (${COLUMNS.join(', ')}) values ${rows.map(() => row).join(', ')}`, values);
  await em.execute(
    `insert into legacy_account (account_id, source_key, imported_at, source_line) values ${rows
      .map(() => '(?, ?, ?, ?)')
      .join(', ')}`,
    ledger,
  );
}

function formatOf(file: string): 'csv' | 'jsonl' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw new ValidationError({ file: 'Berkas harus berakhiran .csv atau .jsonl.' }, 'Berkas impor tidak sah.');
}

function closeStream(s: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => s.end((err?: Error | null) => (err ? reject(err) : resolve())));
}
