import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock';
import { logger } from '../../shared/logger';
import { systemContext } from '../../shared/request-context';
import type { Telemetry } from '../../shared/telemetry';
import { Account } from '../account/account.entity';
import type { AuditService } from '../audit/audit.service';
import type { Anonymiser } from './anonymiser';

/** Accounts anonymised per transaction: each touches a dozen tables, so batches stay short. */
const BATCH = 50;
const DAY_MS = 86_400_000;

/**
 * Which CANCELLED accounts are due: cancelled at least `days` days before
 * `asOf`, not yet anonymised, and with no undecided data-subject request (an
 * access or correction request in the queue is answered first; the next run
 * takes the account once it is decided).
 */
const DUE = `from account a
  where a.status = 'CANCELLED' and a.anonymised_at is null and a.cancelled_at is not null
    and a.cancelled_at <= ?::timestamptz
    and not exists (select 1 from data_subject_request r
                     where r.account_id = a.id and r.status in ('OPEN', 'IN_PROGRESS'))`;

/**
 * The end of the retention period (ACCOUNT_RETENTION_DAYS; docs/security.md,
 * "Retention"): a cancelled account's personal data is anonymised by the daily
 * job exactly as a fulfilled deletion request would (data-rights/anonymiser.ts),
 * in batches, each account audited as ACCOUNT_ANONYMISED with reason RETENTION
 * and counted (hak_akses_retention_anonymised_total).
 */
export class RetentionAnonymisation {
  constructor(
    private readonly anonymiser: Anonymiser,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    readonly days: number,
    private readonly telemetry?: Telemetry,
  ) {}

  /** The cancellation time at or before which an account is due at `asOf`. */
  cutoff(asOf: Date): Date {
    return new Date(asOf.getTime() - this.days * DAY_MS);
  }

  /** When a cancelled account's personal data goes (null: not cancelled, or already gone). */
  removalAt(account: { status: string; cancelledAt?: Date | null; anonymisedAt?: Date | null }): Date | null {
    if (account.status !== 'CANCELLED' || account.anonymisedAt || !account.cancelledAt) return null;
    return new Date(account.cancelledAt.getTime() + this.days * DAY_MS);
  }

  async sweep(em: EntityManager, asOf: Date = this.clock.now()): Promise<{ anonymised: number }> {
    let anonymised = 0;
    for (;;) {
      const n = await this.batch(em.fork(), asOf);
      anonymised += n;
      this.telemetry?.retentionAnonymised.inc(n);
      if (n < BATCH) break;
    }
    if (anonymised) logger.info('Retention anonymisation', { anonymised, retentionDays: this.days });
    return { anonymised };
  }

  /** What a sweep at `asOf` would anonymise (reads only; `npm run lifecycle -- preview`). */
  async preview(em: EntityManager, asOf: Date, limit: number) {
    const cutoff = this.cutoff(asOf);
    const [{ count }] = await em.execute<{ count: number }[]>(`select count(*)::int as count ${DUE}`, [cutoff]);
    const first = await em.execute<{ id: string; username: string; cancelled_at: Date }[]>(
      `select a.id, a.username, a.cancelled_at ${DUE} order by a.cancelled_at, a.id limit ?`,
      [cutoff, limit],
    );
    return { count, first: first.map((r) => ({ id: r.id, username: r.username, cancelledAt: r.cancelled_at })) };
  }

  private batch(em: EntityManager, asOf: Date): Promise<number> {
    return em.transactional(async (tem) => {
      const rows = await tem.execute<{ id: string }[]>(
        `select a.id ${DUE} order by a.cancelled_at, a.id limit ${BATCH} for update of a skip locked`,
        [this.cutoff(asOf)],
      );
      if (!rows.length) return 0;
      const ctx = systemContext(tem, 'retention');
      const accounts = await tem.find(Account, { id: { $in: rows.map((r) => r.id) } });
      for (const account of accounts) {
        const cancelledAt = account.cancelledAt!.toISOString();
        const changed = await this.anonymiser.anonymise(tem, account);
        this.audit.record(ctx, tem, {
          action: 'ACCOUNT_ANONYMISED',
          targetType: 'account',
          targetId: account.id,
          details: { reason: 'RETENTION', cancelledAt, retentionDays: this.days, changed },
        });
      }
      await tem.flush();
      return accounts.length;
    });
  }
}
