import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditChain, canonical, ChainRow, GENESIS_HASH, parseHeads, rowHash, verifyChain } from './audit-chain';

function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const r = {
      seq: String(i),
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      at: `2026-12-04T01:00:0${i % 10}.123456Z`,
      actorType: 'STAFF',
      actorId: i % 2 ? 'staf-1' : null,
      action: 'PII_VIEW',
      targetType: 'account',
      targetId: `akun-${i}`,
      ip: '127.0.0.1',
      details: `{"fields": ["nik"], "n": ${i}}`,
      prevHash: prev,
    };
    prev = rowHash(r);
    rows.push({ ...r, rowHash: prev });
  }
  return rows;
}

const reader = (rows: ChainRow[]) => async (after: number, limit: number) =>
  rows.filter((r) => Number(r.seq) > after).slice(0, limit);

describe('audit hash chain', () => {
  it('writes the canonical form as PostgreSQL prints the jsonb array the trigger hashes', () => {
    const [r] = chain(1);
    expect(canonical({ ...r, actorId: 'a"b\\c\n\u0001é', ip: null })).toBe(
      `["v1", "1", "${r.id}", "${r.at}", "STAFF", "a\\"b\\\\c\\n\\u0001é", "PII_VIEW", "account", "akun-1", null, ` +
        `{"fields": ["nik"], "n": 1}, "${GENESIS_HASH}"]`,
    );
  });

  it('accepts an intact chain in any batch size and reports its length and head', async () => {
    const rows = chain(7);
    for (const batch of [1, 3, 7, 100]) {
      await expect(verifyChain(reader(rows), { batch })).resolves.toEqual({
        ok: true,
        count: 7,
        head: { seq: 7, id: rows[6].id, at: rows[6].at, hash: rows[6].rowHash },
      });
    }
    await expect(verifyChain(reader([]))).resolves.toEqual({
      ok: true,
      count: 0,
      head: { seq: 0, id: null, at: null, hash: GENESIS_HASH },
    });
  });

  it('names the first changed, missing or re-linked row', async () => {
    const changed = chain(6);
    changed[3] = { ...changed[3], details: '{"fields": ["email"], "n": 4}' };
    changed[4] = { ...changed[4], action: 'X' };
    expect(await verifyChain(reader(changed), { batch: 2 })).toMatchObject({
      ok: false,
      count: 3,
      break: { seq: 4, id: changed[3].id, reason: expect.stringContaining('diubah') },
    });

    const gap = chain(6).filter((r) => r.seq !== '3');
    expect(await verifyChain(reader(gap))).toMatchObject({
      ok: false,
      count: 2,
      break: { seq: 4, reason: 'baris ke-3 hilang' },
    });
    const firstGone = chain(3).slice(1);
    expect(await verifyChain(reader(firstGone))).toMatchObject({ ok: false, break: { seq: 2 } });

    // A row whose hash is right for its content but whose link is not (rows swapped and renumbered).
    const rows = chain(4);
    const relinked = { ...rows[2], prevHash: rows[0].rowHash };
    relinked.rowHash = rowHash(relinked);
    expect(await verifyChain(reader([rows[0], rows[1], relinked, rows[3]]))).toMatchObject({
      ok: false,
      count: 2,
      break: { seq: 3, reason: expect.stringContaining('prev_hash') },
    });
  });

  it('catches a chain rebuilt after a head was exported, and a tail cut off after it', async () => {
    const original = chain(5);
    const rebuilt = chain(5).map((r) => ({ ...r }));
    rebuilt[1].details = '{"n": 2}';
    let prev = GENESIS_HASH;
    for (const r of rebuilt) {
      r.prevHash = prev;
      r.rowHash = prev = rowHash(r);
    }
    expect(await verifyChain(reader(rebuilt))).toMatchObject({ ok: true });
    const heads = [{ seq: 3, id: original[2].id, at: original[2].at, hash: original[2].rowHash }];
    expect(await verifyChain(reader(original), { heads })).toMatchObject({ ok: true, count: 5 });
    expect(await verifyChain(reader(rebuilt), { heads })).toMatchObject({
      ok: false,
      break: { seq: 3, reason: expect.stringContaining(original[2].rowHash) },
    });
    expect(await verifyChain(reader(rebuilt), { expectHash: original[4].rowHash })).toMatchObject({
      ok: false,
      break: { seq: 5, reason: expect.stringContaining('tidak ada di rantai') },
    });
    expect(await verifyChain(reader(original), { expectHash: original[4].rowHash })).toMatchObject({ ok: true });
    expect(await verifyChain(reader(original.slice(0, 2)), { heads })).toMatchObject({
      ok: false,
      break: { seq: 2, reason: expect.stringContaining('baris ke-3') },
    });
  });

  it('reads exported heads, one JSON line each, skipping anything else', () => {
    const h = { seq: 3, id: 'x', at: 'y', hash: 'a'.repeat(64) };
    expect(parseHeads(`${JSON.stringify(h)}\nnot json\n{"seq": 1.5, "hash": "${'b'.repeat(64)}"}\n\n`)).toEqual([h]);
    // a hash must be exactly 64 hex digits, and a string
    const bad = [`x${'a'.repeat(64)}`, `${'a'.repeat(64)}0`, 'A'.repeat(64)].map((hash) =>
      JSON.stringify({ ...h, hash }),
    );
    expect(parseHeads([...bad, JSON.stringify({ ...h, hash: 7 })].join('\n'))).toEqual([]);
    expect(parseHeads(`  \n${JSON.stringify(h)}`)).toEqual([h]);
  });

  it('names the whole run of missing rows, and the earliest exported head that is gone', async () => {
    const gap = chain(7).filter((r) => !['3', '4', '5'].includes(r.seq));
    expect(await verifyChain(reader(gap))).toMatchObject({ break: { seq: 6, reason: 'baris ke-3 sampai 5 hilang' } });
    const rows = chain(5);
    const heads = [6, 9, 7].map((seq) => ({ seq, id: 'x', at: 'y', hash: 'c'.repeat(64) }));
    expect(await verifyChain(reader(rows), { heads })).toMatchObject({
      ok: false,
      count: 5,
      break: { seq: 5, id: rows[4].id, at: rows[4].at, reason: expect.stringContaining('baris ke-6') },
    });
    expect(await verifyChain(reader([]), { heads })).toMatchObject({
      break: { seq: 0, id: '-', at: '-', reason: expect.stringContaining('baris ke-6') },
    });
  });

  it('hashes a null field as null, not as the text "null"', () => {
    const [r] = chain(1);
    expect(rowHash({ ...r, ip: null })).not.toBe(rowHash({ ...r, ip: 'null' }));
  });

  it('exports the head of the chain to the log and appends it to the head file, one line each', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'audit-head-'));
    const file = path.join(dir, 'sub', 'heads.jsonl');
    const rows = [{ seq: '12', id: 'id-12', at: '2026-12-05T01:00:00.000000Z', hash: 'd'.repeat(64) }];
    const em = { execute: async () => rows } as unknown as EntityManager;
    try {
      const chain = new AuditChain(file);
      const first = await chain.exportHead(em);
      expect(first).toMatchObject({ seq: 12, id: 'id-12', at: rows[0].at, hash: 'd'.repeat(64) });
      expect(Date.parse(first.exportedAt!)).not.toBeNaN();
      await chain.exportHead(em);
      const lines = (await readFile(file, 'utf8')).split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[2]).toBe('');
      expect(parseHeads(lines.join('\n'))).toEqual([
        expect.objectContaining({ seq: 12 }),
        expect.objectContaining({ seq: 12 }),
      ]);
      // an empty log has the genesis head
      const empty = { execute: async () => [] } as unknown as EntityManager;
      expect(await new AuditChain().head(empty)).toEqual({ seq: 0, id: null, at: null, hash: GENESIS_HASH });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
