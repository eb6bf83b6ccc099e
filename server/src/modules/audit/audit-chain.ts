import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { logger } from '../../shared/logger';

/**
 * The audit log's hash chain (docs/security.md, "Audit"). The database
 * writes it: a BEFORE INSERT trigger gives every row its position `seq`, the
 * previous row's hash and its own (migration `audit_chain`). This file reads
 * it: it recomputes the hashes on its own, walks the chain, and exports its
 * head so that a chain rebuilt from scratch is caught too.
 */

/** prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** A row as the chain covers it; `at` and `details` are the database's own text of the stored values. */
export interface ChainRow {
  seq: string;
  id: string;
  /** UTC, microseconds: `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  at: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  /** `details::text`: jsonb's canonical text (keys ordered, fixed spacing). */
  details: string;
  prevHash: string;
  rowHash: string;
}

/** The columns of `ChainRow`, selected from `audit_event e`. */
export const CHAIN_COLUMNS = `e.seq::text as seq, e.id::text as id,
  to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
  e.actor_type as "actorType", e.actor_id as "actorId", e.action, e.target_type as "targetType",
  e.target_id as "targetId", e.ip, e.details::text as details, e.prev_hash as "prevHash", e.row_hash as "rowHash"`;

/**
 * Version 1 of the canonical form: exactly the text PostgreSQL gives the jsonb
 * array the trigger builds (strings escaped as JSON, elements joined by ", ").
 */
export function canonical(r: Omit<ChainRow, 'rowHash'>): string {
  const s = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));
  const parts = [
    s('v1'),
    s(r.seq),
    s(r.id),
    s(r.at),
    s(r.actorType),
    s(r.actorId),
    s(r.action),
    s(r.targetType),
    s(r.targetId),
    s(r.ip),
    r.details,
    s(r.prevHash),
  ];
  return `[${parts.join(', ')}]`;
}

export function rowHash(r: Omit<ChainRow, 'rowHash'>): string {
  return createHash('sha256').update(canonical(r), 'utf8').digest('hex');
}

/** The newest row of the chain: how many rows it has, and the hash that commits to all of them. */
export interface ChainHead {
  seq: number;
  id: string | null;
  at: string | null;
  hash: string;
  exportedAt?: string;
}

export type Break = { seq: number; id: string; at: string; reason: string };

export type VerifyResult = { ok: true; count: number; head: ChainHead } | { ok: false; count: number; break: Break };

/** Reads rows `seq > after`, oldest first, at most `limit`. */
export type ChainReader = (after: number, limit: number) => Promise<ChainRow[]>;

/**
 * Walks the whole chain in batches (constant memory at any size) and stops at
 * the first row that is not what the chain promises: a changed row (its hash
 * does not match its content), a missing one (a gap in `seq` or a
 * `prev_hash` that is not the previous row's hash), or one that disagrees
 * with an exported head (a chain rebuilt consistently after the export).
 */
export async function verifyChain(
  read: ChainReader,
  opts: { heads?: ChainHead[]; expectHash?: string; batch?: number } = {},
): Promise<VerifyResult> {
  const batch = opts.batch ?? 5000;
  const expected = new Map<number, string>();
  for (const h of opts.heads ?? []) expected.set(h.seq, h.hash);
  let expectHashSeen = opts.expectHash === undefined;
  let prev: ChainRow | undefined;
  let count = 0;
  for (;;) {
    const rows = await read(prev ? Number(prev.seq) : 0, batch);
    for (const r of rows) {
      const seq = Number(r.seq);
      const at = { seq, id: r.id, at: r.at };
      const wantSeq = prev ? Number(prev.seq) + 1 : 1;
      if (seq !== wantSeq) {
        const gone = seq - 1 > wantSeq ? `baris ke-${wantSeq} sampai ${seq - 1} hilang` : `baris ke-${wantSeq} hilang`;
        return { ok: false, count, break: { ...at, reason: gone } };
      }
      if (r.prevHash !== (prev ? prev.rowHash : GENESIS_HASH)) {
        return { ok: false, count, break: { ...at, reason: 'prev_hash tidak sama dengan hash baris sebelumnya' } };
      }
      if (rowHash(r) !== r.rowHash) {
        return { ok: false, count, break: { ...at, reason: 'isi baris tidak cocok dengan hash-nya (diubah)' } };
      }
      const exported = expected.get(seq);
      if (exported !== undefined && exported !== r.rowHash) {
        return {
          ok: false,
          count,
          break: { ...at, reason: `hash tidak sama dengan kepala rantai yang diekspor (${exported})` },
        };
      }
      expected.delete(seq);
      if (r.rowHash === opts.expectHash) expectHashSeen = true;
      prev = r;
      count++;
    }
    if (rows.length < batch) break;
  }
  const last = prev ? { seq: Number(prev.seq), id: prev.id, at: prev.at } : { seq: 0, id: '-', at: '-' };
  const missing = [...expected.keys()].sort((a, b) => a - b)[0];
  if (missing !== undefined) {
    return {
      ok: false,
      count,
      break: {
        ...last,
        reason: `kepala rantai yang diekspor (baris ke-${missing}) tidak ada lagi: baris akhir dihapus`,
      },
    };
  }
  if (!expectHashSeen) {
    return { ok: false, count, break: { ...last, reason: `hash ${opts.expectHash} tidak ada di rantai` } };
  }
  return {
    ok: true,
    count,
    head: prev
      ? { seq: Number(prev.seq), id: prev.id, at: prev.at, hash: prev.rowHash }
      : { seq: 0, id: null, at: null, hash: GENESIS_HASH },
  };
}

/** Heads exported earlier (one JSON object per line); lines that are not a head are skipped. */
export function parseHeads(text: string): ChainHead[] {
  const heads: ChainHead[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const h = JSON.parse(line) as ChainHead;
      if (Number.isInteger(h.seq) && typeof h.hash === 'string' && /^[0-9a-f]{64}$/.test(h.hash)) heads.push(h);
    } catch {
      // not a head line
    }
  }
  return heads;
}

/** Reads and exports the head of the chain (the scheduled job; see jobs/worker.ts). */
export class AuditChain {
  /** @param headFile where each export is appended as one JSON line (unset: the log line only). */
  constructor(private readonly headFile?: string) {}

  async head(em: EntityManager): Promise<ChainHead> {
    const [row] = await em.execute<{ seq: string; id: string; at: string; hash: string }[]>(
      `select e.seq::text as seq, e.id::text as id, to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
              e.row_hash as hash
         from audit_event e order by e.seq desc limit 1`,
    );
    return row
      ? { seq: Number(row.seq), id: row.id, at: row.at, hash: row.hash }
      : { seq: 0, id: null, at: null, hash: GENESIS_HASH };
  }

  /** Logs the head and appends it to the head file, where someone who cannot rewrite the database keeps it. */
  async exportHead(em: EntityManager): Promise<ChainHead> {
    const head = { ...(await this.head(em)), exportedAt: new Date().toISOString() };
    logger.info('Audit chain head', { ...head });
    if (this.headFile) {
      await fs.mkdir(path.dirname(this.headFile), { recursive: true });
      await fs.appendFile(this.headFile, `${JSON.stringify(head)}\n`, { mode: 0o640 });
    }
    return head;
  }
}
