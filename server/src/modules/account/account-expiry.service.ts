import type { EntityManager } from '@mikro-orm/postgresql';
import { EventBus, Topics } from '../../db/event-bus';
import { checkReason } from '../../domain/reason';
import type { Clock } from '../../shared/clock';
import { AppError, assertNoFieldErrors, FieldErrors, notFound, ValidationError } from '../../shared/errors';
import { requireUuid } from '../../shared/ids';
import { logger } from '../../shared/logger';
import { RequestContext, systemContext } from '../../shared/request-context';
import { pgArray } from '../../shared/sql';
import type { AuditService } from '../audit/audit.service';
import type { SessionService } from '../auth/session.service';
import type { OutboxService } from '../messaging/outbox.service';
import type { MetricsService } from '../metrics/metrics.service';
import { AccountQueries, contactFor } from './account-query.service';
import { Account } from './account.entity';
import { accountTransition, legacyConflict } from './account.machine';
import { toAccountView } from './account.presenter';
import { MASKED } from '../../shared/pii-policy';
import type { AccountType } from './account.types';
import { checkProcessingAllowed } from './processing-restriction';
import { ACCOUNT_GRACE_DAYS } from './account-lifecycle.service';

/** The warnings before the 30-day rule cancels an account: kind, days before expiry. */
export const EXPIRY_WARNINGS = [
  { kind: 'EXPIRY_7D', days: 7 },
  { kind: 'EXPIRY_1D', days: 1 },
] as const;
export const EXTENSION_RULES = { minDays: 1, maxDaysPerCall: 30, maxTotalDays: 90 } as const;
const BATCH = 500;

export interface SweepResult {
  warned: Record<string, number>;
  cancelled: number;
}

export interface PreviewPart {
  count: number;
  first: { id: string; username: string; expiresAt: Date }[];
}

type CancelledRow = { id: string; activated_at: Date | null; expires_at: Date } & Record<
  'province_code' | 'scale' | 'actor_type' | 'entity_type',
  string | null
>;

const DATE_ID = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: 'Asia/Jakarta' });

/**
 * The 30-day rule: an ACTIVE account without licensing activity is warned 7
 * days and 1 day before `expiresAt` and cancelled at it. Licensing activity
 * stops the clock; supervisors may extend it. Time comes from one clock, so a
 * sweep (and its preview) can be run "as of" any moment.
 */
export class AccountExpiry {
  constructor(
    private readonly queries: AccountQueries,
    private readonly outbox: OutboxService,
    private readonly events: EventBus,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Sends due warnings and cancels expired accounts, in batches of 500 rows,
   * each its own transaction. A warning is a row keyed by (account, kind,
   * expiry): two sweeps at once, or one run twice, send it once.
   */
  async sweep(em: EntityManager, asOf: Date = this.clock.now()): Promise<SweepResult> {
    const result: SweepResult = { warned: {}, cancelled: 0 };
    for (const w of EXPIRY_WARNINGS) {
      result.warned[w.kind] = 0;
      for (;;) {
        const n = await this.warnBatch(em.fork(), w.kind, w.days, asOf);
        result.warned[w.kind] += n;
        if (n < BATCH) break;
      }
    }
    for (;;) {
      const n = await this.cancelBatch(em.fork(), asOf);
      result.cancelled += n;
      if (n < BATCH) break;
    }
    if (result.cancelled || Object.values(result.warned).some(Boolean)) logger.info('Expiry sweep', { ...result });
    return result;
  }

  private async warnBatch(em: EntityManager, kind: string, days: number, asOf: Date): Promise<number> {
    return em.transactional(async (tem) => {
      const rows = await tem.execute<{ account_id: string }[]>(
        `insert into account_expiry_warning (account_id, kind, expires_at, sent_at)
         select a.id, ?, a.expires_at, ?::timestamptz from account a
          where a.status = 'ACTIVE' and a.licensing_started_at is null
            and a.expires_at > ?::timestamptz + make_interval(days => ?) and a.expires_at <= ?::timestamptz + make_interval(days => ?)
            and not exists (select 1 from account_expiry_warning w
                             where w.account_id = a.id and w.kind = ? and w.expires_at = a.expires_at)
          order by a.expires_at limit ${BATCH}
         on conflict do nothing
         returning account_id`,
        [kind, asOf, asOf, days === 7 ? 1 : 0, asOf, days, kind],
      );
      if (!rows.length) return 0;
      const accounts = await tem.find(Account, { id: { $in: rows.map((r) => r.account_id) } });
      const ctx = systemContext(tem, 'expiry-sweep');
      for (const a of accounts) {
        const contact = contactFor(a);
        if (!contact) continue;
        const left = Math.max(1, Math.ceil((a.expiresAt!.getTime() - asOf.getTime()) / 86400_000));
        await this.outbox.enqueue(tem, {
          ...contact,
          template: 'expiry_warning',
          params: [String(left), DATE_ID.format(a.expiresAt!), a.username],
          accountId: a.id,
        });
        this.audit.record(ctx, tem, {
          action: 'EXPIRY_WARNED',
          targetType: 'account',
          targetId: a.id,
          details: { kind },
        });
        await this.metrics.bump(tem, 'warned', { ...dims(a), channel: contact.channel }, asOf);
      }
      return rows.length;
    });
  }

  private async cancelBatch(em: EntityManager, asOf: Date): Promise<number> {
    const to = accountTransition('ACTIVE', 'expire');
    return em.transactional(async (tem) => {
      const rows = await tem.execute<CancelledRow[]>(
        `with due as (
           select id from account
            where status = 'ACTIVE' and licensing_started_at is null and expires_at <= ?::timestamptz
            order by expires_at limit ${BATCH} for update skip locked)
         update account a set status = ?, cancelled_at = ? from due where a.id = due.id
         returning a.id, a.activated_at, a.expires_at, a.province_code, a.scale, a.actor_type, a.entity_type`,
        [asOf, to, asOf],
      );
      if (!rows.length) return 0;
      await tem.execute(
        'update auth_session set revoked_at = now() where subject_id = any(?::uuid[]) and revoked_at is null',
        [pgArray(rows.map((r) => r.id))],
      );
      const ctx = systemContext(tem, 'expiry-sweep');
      for (const r of rows) {
        await this.events.publishInTransaction(tem, Topics.ACCOUNT_STATUS_CHANGED, {
          accountId: r.id,
          status: to,
          previousStatus: 'ACTIVE',
          activatedAt: r.activated_at ? new Date(r.activated_at).toISOString() : null,
          expiresAt: new Date(r.expires_at).toISOString(),
          at: asOf.toISOString(),
          reason: 'EXPIRED_NO_LICENSING',
        });
        this.audit.record(ctx, tem, {
          action: 'ACCOUNT_CANCELLED',
          targetType: 'account',
          targetId: r.id,
          details: { from: 'ACTIVE', to, reason: 'EXPIRED_NO_LICENSING' },
        });
        await this.metrics.bump(
          tem,
          'cancelled',
          { provinceCode: r.province_code, scale: r.scale, actorType: r.actor_type, entityType: r.entity_type },
          asOf,
        );
      }
      await tem.flush();
      return rows.length;
    });
  }

  /** What a sweep would do by `asOf`: counts and the first rows of each part. Changes nothing. */
  async preview(em: EntityManager, asOf: Date, limit = 10): Promise<Record<string, PreviewPart>> {
    const part = async (where: string, params: unknown[]): Promise<PreviewPart> => {
      const base = `from account a where a.status = 'ACTIVE' and a.licensing_started_at is null and ${where}`;
      const [{ n }] = await em.execute<{ n: number }[]>(`select count(*)::int as n ${base}`, params);
      const first = await em.execute<{ id: string; username: string; expiresAt: Date }[]>(
        `select a.id, a.username, a.expires_at as "expiresAt" ${base} order by a.expires_at limit ${limit}`,
        params,
      );
      return { count: n, first };
    };
    const unwarned = (kind: string) =>
      `not exists (select 1 from account_expiry_warning w where w.account_id = a.id and w.kind = '${kind}' and w.expires_at = a.expires_at)`;
    return {
      warn7d: await part(
        `a.expires_at > ?::timestamptz + interval '1 day' and a.expires_at <= ?::timestamptz + interval '7 days' and ${unwarned('EXPIRY_7D')}`,
        [asOf, asOf],
      ),
      warn1d: await part(
        `a.expires_at > ?::timestamptz and a.expires_at <= ?::timestamptz + interval '1 day' and ${unwarned('EXPIRY_1D')}`,
        [asOf, asOf],
      ),
      cancel: await part('a.expires_at <= ?::timestamptz', [asOf]),
    };
  }

  /**
   * Another tool records that the account started licensing (and its NIB):
   * the expiry is cleared for good. Idempotent; CONFLICT for a cancelled
   * account or a different NIB.
   */
  async recordLicensing(ctx: RequestContext, id: string, nibInput?: string | null): Promise<AccountType> {
    const accountId = requireUuid(id);
    const nib = nibInput?.replace(/[\s.-]/g, '') || null;
    if (nib !== null && !/^\d{13}$/.test(nib)) throw new ValidationError({ nib: 'NIB terdiri dari 13 digit.' });
    const account = await ctx.em.transactional(async (em) => {
      const a = await this.queries.lock(em, accountId);
      if (!a) throw notFound('Akun');
      if (a.status === 'CANCELLED')
        throw new AppError('CONFLICT', 'Akun sudah dibatalkan; kegiatan perizinan tidak dapat dicatat.');
      if (a.status === 'LEGACY') throw legacyConflict();
      if (nib && a.nib && a.nib !== nib) throw new AppError('CONFLICT', 'Akun ini sudah tercatat dengan NIB lain.');
      if (nib && !a.nib && (await em.count(Account, { nib, id: { $ne: a.id } }))) {
        throw new AppError('CONFLICT', 'NIB ini sudah tercatat pada akun lain.');
      }
      if (a.licensingStartedAt && (!nib || a.nib === nib)) return a; // already recorded: nothing changes
      const now = this.clock.now();
      const first = !a.licensingStartedAt;
      a.licensingStartedAt ??= now;
      if (nib) a.nib = nib;
      a.expiresAt = null;
      await em.flush();
      await this.publishExpiryChange(em, a, 'LICENSING_STARTED', now);
      this.audit.record(ctx, em, {
        action: 'LICENSING_RECORDED',
        targetType: 'account',
        targetId: a.id,
        details: { nib },
      });
      if (first) await this.metrics.bump(em, 'licensing_started', dims(a), now);
      return a;
    });
    return toAccountView(account, MASKED);
  }

  /** The status stays; subscribers still learn that the expiry moved (or went away). */
  private publishExpiryChange(em: EntityManager, a: Account, reason: string, now: Date): Promise<void> {
    return this.events.publishInTransaction(em, Topics.ACCOUNT_STATUS_CHANGED, {
      accountId: a.id,
      status: a.status,
      previousStatus: a.status,
      activatedAt: a.activatedAt?.toISOString() ?? null,
      expiresAt: a.expiresAt?.toISOString() ?? null,
      at: now.toISOString(),
      reason,
    });
  }

  /** A supervisor extends the expiry: 1–30 days a call, at most 90 days beyond the original expiry in all. */
  async extend(ctx: RequestContext, id: string, days: number, reason: string, override = false): Promise<AccountType> {
    const accountId = requireUuid(id);
    const f: FieldErrors = checkReason(reason);
    const { minDays, maxDaysPerCall, maxTotalDays } = EXTENSION_RULES;
    if (!Number.isInteger(days) || days < minDays || days > maxDaysPerCall)
      f.days = `Perpanjangan ${minDays}-${maxDaysPerCall} hari per permintaan.`;
    assertNoFieldErrors(f);
    const account = await ctx.em.transactional(async (em) => {
      const a = await this.queries.lock(em, accountId);
      if (!a) throw notFound('Akun');
      checkProcessingAllowed(ctx, em, this.audit, a, override, 'extendAccountExpiry');
      if (a.status !== 'ACTIVE' || !a.expiresAt) {
        throw new AppError('CONFLICT', 'Hanya akun aktif yang belum memulai perizinan yang dapat diperpanjang.');
      }
      const left = maxTotalDays - a.extendedDays;
      if (days > left) {
        throw new ValidationError({ days: `Perpanjangan total maksimal ${maxTotalDays} hari; sisa ${left} hari.` });
      }
      const now = this.clock.now();
      a.expiresAt = new Date(a.expiresAt.getTime() + days * 86400_000);
      a.extendedDays += days;
      await em.flush();
      await this.publishExpiryChange(em, a, 'EXTENDED', now);
      this.audit.record(ctx, em, {
        action: 'EXPIRY_EXTENDED',
        targetType: 'account',
        targetId: a.id,
        details: { days, totalDays: a.extendedDays, expiresAt: a.expiresAt.toISOString(), reason: reason.trim() },
      });
      await this.metrics.bump(em, 'extended', dims(a), now);
      return a;
    });
    return toAccountView(account, MASKED);
  }
}

function dims(a: Account) {
  return {
    provinceCode: a.provinceCode,
    scale: a.kind.scale,
    actorType: a.kind.actorType,
    entityType: a.kind.entityType,
  };
}

/** The expiry a newly activated account gets. */
export const expiryFor = (activatedAt: Date) => new Date(activatedAt.getTime() + ACCOUNT_GRACE_DAYS * 86400_000);
