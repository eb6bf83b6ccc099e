import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock';
import { logger } from '../../shared/logger';
import { systemContext } from '../../shared/request-context';
import { pgArray } from '../../shared/sql';
import type { AuditService } from '../audit/audit.service';
import type { OutboxService } from '../messaging/outbox.service';

/** Warnings before the claim deadline: kind and days before it (each sent once per account and deadline). */
export const CLAIM_WARNINGS = [
  { kind: 'LEGACY_30D', days: 30 },
  { kind: 'LEGACY_7D', days: 7 },
  { kind: 'LEGACY_1D', days: 1 },
] as const;
/** Accounts warned or removed per transaction (the sweep's default). */
export const CLAIM_BATCH = 500;
const DATE_ID = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: 'Asia/Jakarta' });

export interface ClaimSweepResult {
  warned: Record<string, number>;
  removed: number;
}

export interface LegacyReport {
  imported: number;
  claimed: number;
  pending: number;
  removed: number;
}

/**
 * LEGACY_CLAIM_DEADLINE (docs/domain.md, "OSS 1.1 accounts"): holders of
 * accounts not yet replaced are warned 30, 7 and 1 days before it on the
 * contact OSS 1.1 held, and once it has passed their accounts are deleted in
 * batches (with their replacement flows and the messages sent to them), each
 * removal audited and kept in the ledger's counts. Without a deadline nothing
 * happens.
 */
export class LegacyClaims {
  constructor(
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    readonly deadline: Date | undefined,
  ) {}

  /** Whether an OSS 1.1 account can still be replaced at `at`. */
  claimable(at: Date = this.clock.now()): boolean {
    return !this.deadline || at < this.deadline;
  }

  /** One pass: the warnings due at `asOf`, or the removals once the deadline passed, `batchSize` per transaction. */
  async sweep(
    em: EntityManager,
    asOf: Date = this.clock.now(),
    batchSize: number = CLAIM_BATCH,
  ): Promise<ClaimSweepResult> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a whole number ≥ 1`);
    const result: ClaimSweepResult = { warned: {}, removed: 0 };
    const deadline = this.deadline;
    if (!deadline) return result;
    if (asOf < deadline) {
      for (const w of CLAIM_WARNINGS) result.warned[w.kind] = 0;
      for (const [i, w] of CLAIM_WARNINGS.entries()) {
        // The window of a warning ends where the next one's begins: a late first sweep sends only the nearest.
        const after = CLAIM_WARNINGS[i + 1]?.days ?? 0;
        for (;;) {
          const n = await this.warnBatch(em.fork(), w.kind, w.days, after, deadline, asOf, batchSize);
          result.warned[w.kind] += n;
          if (n < batchSize) break;
        }
      }
    } else {
      for (;;) {
        const n = await this.removeBatch(em.fork(), asOf, batchSize);
        result.removed += n;
        if (n < batchSize) break;
      }
    }
    if (result.removed || Object.values(result.warned).some(Boolean)) logger.info('Legacy claim sweep', { ...result });
    return result;
  }

  private warnBatch(
    em: EntityManager,
    kind: string,
    days: number,
    after: number,
    deadline: Date,
    asOf: Date,
    batchSize: number,
  ): Promise<number> {
    return em.transactional(async (tem) => {
      const rows = await tem.execute<{ id: string; username: string; email: string | null; phone: string | null }[]>(
        `with due as (
           insert into legacy_claim_warning (account_id, kind, deadline, sent_at)
           select l.account_id, ?, ?::timestamptz, ?::timestamptz from legacy_account l
             join account a on a.id = l.account_id and a.status = 'LEGACY'
            where l.claimed_at is null and l.removed_at is null
              and ?::timestamptz >= ?::timestamptz - make_interval(days => ?)
              and ?::timestamptz < ?::timestamptz - make_interval(days => ?)
              and not exists (select 1 from legacy_claim_warning w
                               where w.account_id = l.account_id and w.kind = ? and w.deadline = ?::timestamptz)
            order by l.imported_at, l.account_id limit ${batchSize}
           on conflict do nothing
           returning account_id)
         select a.id, a.username, a.email, a.phone from due join account a on a.id = due.account_id`,
        [kind, deadline, asOf, asOf, deadline, days, asOf, deadline, after, kind, deadline],
      );
      const ctx = systemContext(tem, 'legacy-claim-sweep');
      for (const a of rows) {
        // Nothing was verified in OSS 1.1: the address it held is the only way to reach the holder.
        const contact = a.email
          ? { channel: 'EMAIL' as const, recipient: a.email }
          : a.phone
            ? { channel: 'WHATSAPP' as const, recipient: a.phone }
            : undefined;
        if (!contact) continue;
        await this.outbox.enqueue(tem, {
          ...contact,
          template: 'legacy_claim_warning',
          params: [DATE_ID.format(deadline), a.username],
          accountId: a.id,
        });
        this.audit.record(ctx, tem, {
          action: 'LEGACY_CLAIM_WARNED',
          targetType: 'account',
          targetId: a.id,
          details: { kind, deadline: deadline.toISOString(), channel: contact.channel },
        });
      }
      await tem.flush();
      return rows.length;
    });
  }

  private removeBatch(em: EntityManager, asOf: Date, batchSize: number): Promise<number> {
    return em.transactional(async (tem) => {
      const rows = await tem.execute<{ id: string }[]>(
        `with due as (
           select a.id from legacy_account l join account a on a.id = l.account_id
            where l.claimed_at is null and l.removed_at is null and a.status = 'LEGACY'
            order by l.imported_at, l.account_id limit ${batchSize} for update of a skip locked),
         gone as (delete from account a using due where a.id = due.id and a.status = 'LEGACY' returning a.id)
         update legacy_account l set removed_at = ?::timestamptz from gone where l.account_id = gone.id
         returning l.account_id as id`,
        [asOf],
      );
      if (!rows.length) return 0;
      // The messages sent to them (warnings, codes) hold the address: they go with the account.
      await tem.execute('delete from outbox_message where account_id = any(?::uuid[])', [
        pgArray(rows.map((r) => r.id)),
      ]);
      const ctx = systemContext(tem, 'legacy-claim-sweep');
      for (const r of rows) {
        this.audit.record(ctx, tem, {
          action: 'LEGACY_REMOVED',
          targetType: 'account',
          targetId: r.id,
          details: { reason: 'LEGACY_UNCLAIMED', deadline: this.deadline!.toISOString() },
        });
      }
      await tem.flush();
      return rows.length;
    });
  }

  /** imported / claimed / pending / removed, from the ledger (it outlives removed accounts). */
  async report(em: EntityManager): Promise<LegacyReport> {
    const [r] = await em.execute<Record<keyof LegacyReport, number>[]>(
      `select count(*)::int as imported, count(claimed_at)::int as claimed, count(removed_at)::int as removed,
              (count(*) filter (where claimed_at is null and removed_at is null))::int as pending
         from legacy_account`,
    );
    return { imported: r.imported, claimed: r.claimed, pending: r.pending, removed: r.removed };
  }

  /** The ledger row of a claimed account (in the claim's transaction). */
  async markClaimed(em: EntityManager, accountId: string, at: Date): Promise<void> {
    await em.execute('update legacy_account set claimed_at = ? where account_id = ?', [at, accountId]);
  }
}
