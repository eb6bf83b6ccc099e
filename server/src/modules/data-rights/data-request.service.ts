import { LockMode } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { dataRequestDueAt, isDataRequestOverdue, secondsLeft } from '../../domain/data-request';
import { maskPiiInText } from '../../domain/mask';
import { checkReason } from '../../domain/reason';
import type { Clock } from '../../shared/clock';
import { AppError, assertNoFieldErrors, FieldErrors, forbidden, notFound } from '../../shared/errors';
import { requireUuid, uuidFilters } from '../../shared/ids';
import type { Page } from '../../shared/pagination';
import { RequestContext, staffActor } from '../../shared/request-context';
import { dueFirst } from '../../db/pages';
import type { AccountLifecycle } from '../account/account-lifecycle.service';
import type { AccountQueries } from '../account/account-query.service';
import { contactFor } from '../account/account-query.service';
import type { AuditService } from '../audit/audit.service';
import type { OutboxService } from '../messaging/outbox.service';
import type { Account } from '../account/account.entity';
import type { Anonymiser } from './anonymiser';
import type { DataExportService } from './data-export.service';
import { DataRequestVia, DataSubjectRequest } from './data-request.entity';
import { DataRequestAction, dataRequestTransition, DataRequestStatus, UNDECIDED } from './data-request.machine';

export interface DataRequestFilterInput {
  status?: string | null;
  kind?: string | null;
  overdue?: boolean | null;
  assigneeId?: string | null;
  accountId?: string | null;
}

/** Indonesian names of the request kinds, for the message to the applicant. */
export const KIND_LABEL: Record<string, string> = {
  ACCESS: 'akses data pribadi',
  CORRECTION: 'perbaikan data pribadi',
  DELETION: 'penghapusan data pribadi',
  RESTRICTION: 'pembatasan pemrosesan',
  OBJECTION: 'keberatan atas pemrosesan',
  CONSENT_WITHDRAWAL: 'penarikan persetujuan',
};

/**
 * The staff operations that correct personal data, by the audit row that
 * records the change and the field it changed. A CORRECTION request is
 * fulfilled only after one of them changed the account (docs/domain.md,
 * "Data-subject requests"); the other fields come from the identity documents
 * checked at registration and are corrected at their source.
 */
const CORRECTIONS: Record<string, string> = { EMAIL_CHANGED: 'email' };

/**
 * Data-subject requests (UU PDP): filed by the applicant or by staff for a
 * caller whose identity they checked, each with its legal deadline; worked by
 * supervisors (assign, decide) and answered through the outbox. Every step is
 * audited against the account.
 */
export class DataRequestService {
  constructor(
    private readonly accounts: AccountQueries,
    private readonly lifecycle: AccountLifecycle,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** Hours per kind (DATA_REQUEST_DEADLINE_HOURS). */
    private readonly deadlineHours: Record<string, number>,
    private readonly exports: DataExportService,
    private readonly anonymiser: Anonymiser,
  ) {}

  /** The applicant files for their own account (the session names it: no account id to get wrong). */
  fileOwn(ctx: RequestContext, kind: string, details?: string | null): Promise<DataSubjectRequest> {
    if (ctx.actor.kind !== 'ACCOUNT') throw forbidden();
    return this.file(ctx, ctx.actor.accountId, kind, details, 'SELF_SERVICE', null);
  }

  /** Staff file for a caller (phone, counter, letter) after checking they hold the account; how is recorded. */
  fileForAccount(
    ctx: RequestContext,
    accountId: string,
    kind: string,
    details: string | null | undefined,
    identityCheck: string,
  ): Promise<DataSubjectRequest> {
    const f = checkReason(identityCheck, 'identityCheck');
    if (f.identityCheck) f.identityCheck = 'Tuliskan bagaimana identitas pemohon diperiksa (minimal 5 karakter).';
    assertNoFieldErrors(f);
    if (!staffActor(ctx)) throw forbidden();
    return this.file(ctx, requireUuid(accountId, 'accountId'), kind, details, 'STAFF', identityCheck.trim());
  }

  private async file(
    ctx: RequestContext,
    accountId: string,
    kind: string,
    details: string | null | undefined,
    via: DataRequestVia,
    identityCheck: string | null,
  ): Promise<DataSubjectRequest> {
    const f: FieldErrors = {};
    const hours = this.deadlineHours[kind];
    if (!hours) f.kind = 'Jenis permintaan tidak dikenal.';
    const text = details?.trim() || null;
    if (text && text.length > 2000) f.details = 'Uraian permintaan maksimal 2000 karakter.';
    if (text?.includes('\u0000')) f.details = 'Uraian berisi karakter yang tidak diizinkan.';
    assertNoFieldErrors(f);
    return ctx.em.transactional(async (em) => {
      const account = await this.accounts.get(em, accountId);
      if (!account) throw notFound('Akun');
      const now = this.clock.now();
      const [{ n }] = await em.execute<{ n: string }[]>(`select nextval('data_subject_request_number_seq') as n`);
      const r = em.create(DataSubjectRequest, {
        number: `PDP-${now.getUTCFullYear()}-${String(n).padStart(6, '0')}`,
        accountId: account.id,
        kind,
        details: text,
        via,
        filedBy: staffActor(ctx)?.staffId ?? null,
        identityCheck,
        createdAt: now,
        dueAt: dataRequestDueAt(now, hours),
      });
      await em.flush();
      this.audit.record(ctx, em, {
        action: 'DATA_REQUEST_FILED',
        targetType: 'account',
        targetId: account.id,
        details: {
          request: r.number,
          kind,
          via,
          dueAt: r.dueAt.toISOString(),
          ...(identityCheck ? { identityCheck: maskPiiInText(identityCheck) } : {}),
        },
      });
      return r;
    });
  }

  /** The supervisor takes the request: it is theirs to answer. */
  assignToMe(ctx: RequestContext, id: string): Promise<DataSubjectRequest> {
    const me = staffActor(ctx);
    if (!me) throw forbidden();
    return this.step(ctx, id, 'assign', async (_em, r) => {
      r.assigneeId = me.staffId;
      return { action: 'DATA_REQUEST_ASSIGNED', details: { assigneeId: me.staffId } };
    });
  }

  /**
   * Fulfilled or refused, with the reason told to the applicant through the
   * outbox at their verified contact (none: the decision stands, unsent, and
   * the audit row says so). Fulfilling takes effect with the decision, in its
   * transaction: ACCESS builds the export and sends its one-time link (a
   * verified contact is then required), DELETION anonymises the account
   * (CANCELLED, or ACTIVE when the applicant filed the request themselves),
   * RESTRICTION, OBJECTION and CONSENT_WITHDRAWAL restrict processing (the
   * withdrawal is also written on the consent record), and CORRECTION records
   * the corrections staff applied since the request was filed (none yet:
   * CONFLICT).
   */
  decide(
    ctx: RequestContext,
    id: string,
    outcome: 'FULFILLED' | 'REFUSED',
    reason: string,
  ): Promise<DataSubjectRequest> {
    assertNoFieldErrors(checkReason(reason));
    const action: DataRequestAction = outcome === 'FULFILLED' ? 'fulfil' : 'refuse';
    return this.step(ctx, id, action, async (em, r, now) => {
      r.reason = reason.trim();
      r.decidedAt = now;
      r.decidedBy = staffActor(ctx)?.staffId ?? null;
      const account = await this.accounts.lock(em, r.accountId);
      const contact = account ? contactFor(account) : undefined;
      const effect: Record<string, unknown> = {};
      if (account && outcome === 'FULFILLED') {
        // A fulfilled restriction takes effect with the decision (docs/security.md, "Restricted processing").
        // An objection upheld, or consent withdrawn, leaves no ground for processing beyond storage: the same
        // restriction.
        if (r.kind === 'CONSENT_WITHDRAWAL') {
          account.consentWithdrawnAt = now;
          this.audit.record(ctx, em, {
            action: 'CONSENT_WITHDRAWN',
            targetType: 'account',
            targetId: account.id,
            details: { request: r.number, version: account.consentVersion ?? null },
          });
          effect.consentWithdrawn = true;
        }
        if (['RESTRICTION', 'OBJECTION', 'CONSENT_WITHDRAWAL'].includes(r.kind)) {
          if (!account.processingRestricted) {
            await this.lifecycle.setProcessingRestricted(ctx, em, account, true, { request: r.number });
          }
          effect.restricted = true;
        }
        if (r.kind === 'CORRECTION') effect.corrected = await this.appliedCorrections(em, r);
        if (r.kind === 'ACCESS') {
          if (!contact) {
            throw new AppError(
              'CONFLICT',
              'Akun ini tidak memiliki email atau nomor telepon yang terverifikasi: tautan data pribadi tidak dapat dikirim. ' +
                'Perbarui kontak pemohon dulu, atau tolak permintaan dengan alasannya.',
              { reason: 'NO_VERIFIED_CONTACT' },
            );
          }
          // The bundle lists this request as what it now is: fulfilled.
          r.status = 'FULFILLED';
          await em.flush();
          const sent = await this.exports.issue(ctx, em, r, contact);
          return {
            action: 'DATA_REQUEST_DECIDED',
            details: { outcome, reason: r.reason, notified: true, exportExpiresAt: sent.expiresAt.toISOString() },
          };
        }
        if (r.kind === 'DELETION') {
          await this.checkDeletable(ctx, em, r, account);
          effect.anonymised = await this.anonymiser.anonymise(em, account);
          r.reason = maskPiiInText(r.reason);
          this.audit.record(ctx, em, {
            action: 'ACCOUNT_ANONYMISED',
            targetType: 'account',
            targetId: account.id,
            details: { request: r.number, changed: effect.anonymised },
          });
        }
      }
      if (contact) {
        // After an anonymisation this is the one message that still names the contact: the outbox blanks it once sent.
        await this.outbox.enqueue(em, {
          ...contact,
          template: 'data_request_decided',
          params: [r.number, KIND_LABEL[r.kind] ?? r.kind, outcome === 'FULFILLED' ? 'dipenuhi' : 'ditolak', r.reason],
          accountId: r.accountId,
        });
      }
      return {
        action: 'DATA_REQUEST_DECIDED',
        details: {
          outcome,
          reason: r.reason,
          notified: !!contact,
          ...(effect.anonymised ? { anonymised: true } : {}),
          ...(effect.restricted ? { restricted: true } : {}),
          ...(effect.consentWithdrawn ? { consentWithdrawn: true } : {}),
          ...(effect.corrected ? { corrected: effect.corrected } : {}),
        },
      };
    });
  }

  /**
   * The corrections applied to the request's account since it was filed
   * (after its DATA_REQUEST_FILED row): each field, when, and the masked
   * values the audit row holds. None: CONFLICT, telling the officer to apply
   * the correction first or refuse with the reason.
   */
  private async appliedCorrections(em: EntityManager, r: DataSubjectRequest): Promise<Record<string, unknown>[]> {
    const rows = await em.execute<{ action: string; at: Date; details: Record<string, unknown> }[]>(
      `select e.action, e.at, e.details from audit_event e
        where e.target_type = 'account' and e.target_id = ? and e.action in (${Object.keys(CORRECTIONS)
          .map(() => '?')
          .join(', ')})
          and e.at >= (select f.at from audit_event f where f.action = 'DATA_REQUEST_FILED' and f.target_id = ?
                         and f.details->>'request' = ? order by f.at limit 1)
        order by e.at, e.id`,
      [r.accountId, ...Object.keys(CORRECTIONS), r.accountId, r.number],
    );
    if (!rows.length) {
      throw new AppError(
        'CONFLICT',
        'Belum ada perbaikan data yang diterapkan pada akun ini sejak permintaan diajukan. Terapkan perbaikannya ' +
          'dulu (email: ganti email akun dan tunggu konfirmasi dari alamat baru), lalu penuhi permintaan ini; atau ' +
          'tolak dengan alasannya bila data itu tidak dapat diperbaiki di sini (NIK, nama dan tanggal lahir ' +
          'mengikuti data kependudukan dan diperbaiki di Dukcapil).',
        { reason: 'NO_CORRECTION_APPLIED' },
      );
    }
    return rows.map((e) => ({
      field: CORRECTIONS[e.action],
      at: new Date(e.at).toISOString(),
      ...('previous' in e.details ? { previous: e.details.previous } : {}),
      ...('next' in e.details ? { next: e.details.next } : {}),
    }));
  }

  /**
   * Whether the account may be anonymised now: CANCELLED (its access right
   * ended), or ACTIVE when the applicant asked for it themselves, in their
   * own session (then the access right ends with it). A request staff filed
   * for a caller does not end a live account: CONFLICT with the reason.
   */
  private async checkDeletable(
    ctx: RequestContext,
    em: EntityManager,
    r: DataSubjectRequest,
    account: Account,
  ): Promise<void> {
    if (account.anonymisedAt) {
      throw new AppError('CONFLICT', 'Data pribadi akun ini sudah dihapus.', { reason: 'ALREADY_ANONYMISED' });
    }
    if (account.status === 'CANCELLED') return;
    if (account.status === 'ACTIVE' && r.via === 'SELF_SERVICE') {
      await this.lifecycle.changeStatus(ctx, em, account, 'expire', {
        eventReason: 'DELETION_REQUESTED',
        reason: `Permintaan penghapusan ${r.number} dari pemohon sendiri`,
      });
      return;
    }
    throw new AppError(
      'CONFLICT',
      account.status === 'ACTIVE'
        ? 'Akun masih aktif dan permintaan penghapusan tidak diajukan pemohon sendiri: data pribadi akun aktif hanya ' +
            'dihapus atas konfirmasi pemohon, yaitu permintaan yang ia ajukan setelah masuk ke akunnya. Tolak ' +
            'permintaan ini dengan alasan tersebut, atau minta pemohon mengajukannya sendiri.'
        : account.status === 'SUSPENDED'
          ? 'Akun sedang ditangguhkan: data pribadinya tidak dapat dihapus sebelum penangguhan selesai.'
          : `Akun berstatus ${account.status}: data pribadinya hanya dihapus setelah akun dibatalkan.`,
      { reason: 'OWN_CONFIRMATION_REQUIRED', status: account.status },
    );
  }

  /** One request: staff see any; an applicant only their own (someone else's is FORBIDDEN). */
  async read(ctx: RequestContext, id: string): Promise<DataSubjectRequest> {
    const r = await ctx.em.findOne(DataSubjectRequest, { id: requireUuid(id) });
    if (!r) throw notFound('Permintaan');
    if (ctx.actor.kind === 'ACCOUNT' && ctx.actor.accountId !== r.accountId) throw forbidden();
    if (ctx.actor.kind !== 'ACCOUNT' && !staffActor(ctx)) throw forbidden();
    return r;
  }

  /** The applicant's own requests, newest first. */
  mine(ctx: RequestContext): Promise<DataSubjectRequest[]> {
    if (ctx.actor.kind !== 'ACCOUNT') throw forbidden();
    return ctx.em.find(DataSubjectRequest, { accountId: ctx.actor.accountId }, { orderBy: { createdAt: 'desc' } });
  }

  now(): Date {
    return this.clock.now();
  }

  isOverdue(r: DataSubjectRequest, now = this.clock.now()): boolean {
    return isDataRequestOverdue(r.dueAt, !UNDECIDED.includes(r.status), now);
  }

  /** Seconds until the deadline (negative past it); null once decided. */
  secondsLeft(r: DataSubjectRequest, now = this.clock.now()): number | null {
    return UNDECIDED.includes(r.status) ? secondsLeft(r.dueAt, now) : null;
  }

  /** The queue: soonest deadline first. */
  async list(
    em: EntityManager,
    filter: DataRequestFilterInput,
    first?: number | null,
    after?: string | null,
  ): Promise<Page<DataSubjectRequest>> {
    const f: FieldErrors = {};
    const where: FilterQuery<DataSubjectRequest> = {};
    if (filter.status) where.status = filter.status as DataRequestStatus;
    if (filter.kind) where.kind = filter.kind;
    uuidFilters(filter, ['assigneeId', 'accountId'], where, f);
    const now = this.clock.now();
    if (filter.overdue === true) {
      if (filter.status && !UNDECIDED.includes(filter.status as DataRequestStatus))
        f.overdue = 'Hanya permintaan yang belum diputus yang dapat terlambat.';
      where.$and = [{ status: { $in: UNDECIDED } }, { dueAt: { $lt: now } }];
    }
    if (filter.overdue === false) where.$or = [{ status: { $nin: UNDECIDED } }, { dueAt: { $gte: now } }];
    assertNoFieldErrors(f);
    return dueFirst(em, DataSubjectRequest, where, first, after);
  }

  private async step(
    ctx: RequestContext,
    id: string,
    action: DataRequestAction,
    work: (
      em: EntityManager,
      r: DataSubjectRequest,
      now: Date,
    ) => Promise<{ action: string; details: Record<string, unknown> }>,
  ): Promise<DataSubjectRequest> {
    const requestId = requireUuid(id);
    return ctx.em.transactional(async (em) => {
      const r = await em.findOne(DataSubjectRequest, { id: requestId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!r) throw notFound('Permintaan');
      const from = r.status;
      const to = dataRequestTransition(r.status, action);
      const now = this.clock.now();
      const done = await work(em, r, now);
      r.status = to;
      await em.flush();
      this.audit.record(ctx, em, {
        action: done.action,
        targetType: 'account',
        targetId: r.accountId,
        details: { request: r.number, kind: r.kind, from, to, ...done.details },
      });
      return r;
    });
  }
}
