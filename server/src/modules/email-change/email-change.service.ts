import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestContext, staffActor } from '../../shared/request-context';
import { normalizeEmail } from '../../domain/email';
import { maskEmail } from '../../domain/mask';
import { normalizeNik, parseNik } from '../../domain/nik';
import {
  AppError,
  assertNoFieldErrors,
  FieldErrors,
  forbidden,
  notFound,
  rateLimited,
  ValidationError,
} from '../../shared/errors';
import { checkReason } from '../../domain/reason';
import type { FilterQuery } from '@mikro-orm/core';
import type { Page } from '../../shared/pagination';
import type { Account } from '../account/account.entity';
import type { RegionIndex } from '../../domain/wilayah';
import type { AccountLifecycle } from '../account/account-lifecycle.service';
import type { AccountQueries } from '../account/account-query.service';
import type { AuditService } from '../audit/audit.service';
import { ThrottleService } from '../auth/throttle.service';
import type { TokenService } from '../auth/token.service';
import type { CaptchaAnswerInput, CaptchaService } from '../captcha/captcha.service';
import type { OutboxService } from '../messaging/outbox.service';
import { EmailChangeRequest } from './email-change.entity';
import { EmailChangeStatus, LIVE_STATUSES, transition } from './email-change.machine';
import { legacyConflict } from '../account/account.machine';
import { isUuid, requireUuid } from '../../shared/ids';
import { checkProcessingAllowed } from '../account/processing-restriction';
import { newestFirst } from '../../db/pages';

export const EMAIL_CHANGE_LIMITS = { perIpPerHour: 5, perNikPerDay: 3, confirmSeconds: 72 * 3600 } as const;

/** The request, row-locked for a decision; a malformed or unknown id is NOT_FOUND. */
async function lockedRequest(em: EntityManager, id: string): Promise<EmailChangeRequest> {
  const req = isUuid(id)
    ? await em.findOne(EmailChangeRequest, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE })
    : null;
  if (!req) throw new AppError('NOT_FOUND', 'Permintaan tidak ditemukan.');
  return req;
}

/** The database's own guard of "one live request per account", as the caller's clear error. */
async function oneLive<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException && /email_change_request_one_live/.test(err.message)) {
      throw new AppError('CONFLICT', 'Akun ini sudah memiliki permintaan ganti email yang berjalan.');
    }
    throw err;
  }
}

export class EmailChangeService {
  constructor(
    private readonly captcha: CaptchaService,
    private readonly regions: RegionIndex,
    private readonly accounts: AccountQueries,
    private readonly lifecycle: AccountLifecycle,
    private readonly audit: AuditService,
    private readonly throttle: ThrottleService,
    private readonly tokens: TokenService,
    private readonly outbox: OutboxService,
    private readonly publicUrl: string,
  ) {}

  /**
   * Self-service "email sudah tidak aktif": records an OPEN request for the
   * helpdesk and tells the account's phone. Never changes the email by itself,
   * and answers the same whether or not the NIK has an account.
   */
  async request(
    ctx: RequestContext,
    nikInput: string,
    newEmailInput: string,
    reason: string,
    captcha?: CaptchaAnswerInput | null,
  ): Promise<EmailChangeRequest> {
    await this.captcha.verify(ctx, captcha);
    const fields: FieldErrors = {};
    const nik = parseNik(nikInput, this.regions);
    if (!nik.ok) fields.nik = nik.error;
    const email = normalizeEmail(newEmailInput);
    if (!email.ok) fields.newEmail = email.error;
    const why = reason.trim();
    if (why.length < 5) fields.reason = 'Jelaskan alasan penggantian email (minimal 5 karakter).';
    else if (why.length > 1000) fields.reason = 'Alasan maksimal 1000 karakter.';
    assertNoFieldErrors(fields);
    const nikDigits = normalizeNik(nikInput);
    const newEmail = (email as { email: string }).email;

    const limit = await this.throttle.consumeAll(
      ctx.em,
      this.throttle.ipAndNikWindows('emailchange', ctx.ip, nikDigits, EMAIL_CHANGE_LIMITS),
    );
    if (limit.wait > 0)
      throw rateLimited(limit.wait, 'Batas permintaan penggantian email tercapai. Silakan coba lagi nanti.');

    return oneLive(
      ctx.em.transactional(async (em) => {
        const found = await this.accounts.findLiveByNik(em, nikDigits);
        // Locked: two requests for one account cannot both stay live.
        const account = found ? await this.accounts.lock(em, found.id) : null;
        // The newest request speaks for the applicant: an earlier live one ends here, its link with it.
        if (account) await this.supersedeLive(ctx, em, account);
        const req = em.create(EmailChangeRequest, {
          accountId: account?.id ?? null,
          nik: nikDigits,
          newEmail,
          reason: why,
          source: 'SELF_SERVICE',
          ip: ctx.ip,
        });
        await em.flush();
        // Told even when the phone was never verified: it is the only other way to reach the owner.
        if (account?.phone) {
          await this.outbox.enqueue(em, {
            channel: 'WHATSAPP',
            recipient: account.phone,
            template: 'email_change_requested',
            params: [maskEmail(newEmail)],
            accountId: account.id,
          });
        }
        this.audit.record(ctx, em, {
          action: 'EMAIL_CHANGE_REQUESTED',
          targetType: 'email_change_request',
          targetId: req.id,
          details: { accountId: account?.id ?? null, source: 'SELF_SERVICE' },
        });
        return req;
      }),
    );
  }

  /**
   * Staff approval: sends a single-use confirmation link to the new address
   * and tells the old one. The email changes only when the link is used.
   */
  async approve(ctx: RequestContext, requestId: string, note?: string | null): Promise<EmailChangeRequest> {
    const staff = staffActor(ctx);
    if (!staff) throw forbidden();
    return ctx.em.transactional(async (em) => {
      const req = await lockedRequest(em, requestId);
      const account = req.accountId ? await this.accounts.lock(em, req.accountId) : null;
      if (!account || account.status === 'CANCELLED' || account.status === 'LEGACY') {
        throw new AppError('CONFLICT', 'Tidak ada akun aktif untuk permintaan ini.');
      }
      await this.approveLocked(ctx, em, req, account, staff.staffId, note?.trim() || null);
      return req;
    });
  }

  /**
   * The helpdesk replaces a dead inbox after checking the caller's identity:
   * an approved request and a confirmation link to the new address, in one
   * transaction. CONFLICT when the address belongs to another account.
   */
  async changeByStaff(ctx: RequestContext, accountId: string, newEmailInput: string, reason: string, override = false) {
    const staff = staffActor(ctx);
    if (!staff) throw forbidden();
    const id = requireUuid(accountId);
    const fields: FieldErrors = checkReason(reason);
    const email = normalizeEmail(newEmailInput);
    if (!email.ok) fields.newEmail = email.error;
    assertNoFieldErrors(fields);
    const newEmail = (email as { email: string }).email;
    return oneLive(
      ctx.em.transactional(async (em) => {
        const account = await this.accounts.lock(em, id);
        if (!account) throw notFound('Akun');
        if (account.status === 'CANCELLED') throw new AppError('CONFLICT', 'Akun sudah dibatalkan.');
        if (account.status === 'LEGACY') throw legacyConflict();
        checkProcessingAllowed(ctx, em, this.audit, account, override, 'changeAccountEmail');
        if (account.email === newEmail) {
          throw new ValidationError({ newEmail: 'Email baru sama dengan email akun saat ini.' });
        }
        if (await em.findOne(EmailChangeRequest, { accountId: account.id, status: { $in: LIVE_STATUSES } })) {
          throw new AppError(
            'CONFLICT',
            'Akun ini sudah memiliki permintaan ganti email yang berjalan. Setujui, tolak atau batalkan dulu.',
          );
        }
        const req = em.create(EmailChangeRequest, {
          accountId: account.id,
          nik: account.nik ?? null,
          newEmail,
          reason: reason.trim(),
          source: 'STAFF',
          ip: ctx.ip,
        });
        await em.flush();
        this.audit.record(ctx, em, {
          action: 'EMAIL_CHANGE_REQUESTED',
          targetType: 'email_change_request',
          targetId: req.id,
          details: { accountId: account.id, source: 'STAFF', reason: reason.trim() },
        });
        await this.approveLocked(ctx, em, req, account, staff.staffId, reason.trim());
        return req;
      }),
    );
  }

  private async approveLocked(
    ctx: RequestContext,
    em: EntityManager,
    req: EmailChangeRequest,
    account: Account,
    staffId: string,
    note: string | null,
  ): Promise<void> {
    const next = transition(req.status, 'approve');
    if (await this.accounts.holderExists(em, { email: req.newEmail })) {
      throw new AppError('CONFLICT', 'Email baru sudah digunakan oleh akun lain.', {
        fields: { newEmail: 'Sudah dipakai.' },
      });
    }
    req.status = next;
    req.decidedAt = new Date();
    req.decidedBy = staffId;
    req.decisionNote = note;
    const token = await this.tokens.issue(em, account.id, 'EMAIL_CHANGE', EMAIL_CHANGE_LIMITS.confirmSeconds, req.id);
    await this.outbox.enqueue(em, {
      channel: 'EMAIL',
      recipient: req.newEmail,
      template: 'email_change_confirm',
      params: [`${this.publicUrl}/confirm-email?token=${encodeURIComponent(token)}`],
      accountId: account.id,
    });
    if (account.email) {
      await this.outbox.enqueue(em, {
        channel: 'EMAIL',
        recipient: account.email,
        template: 'email_change_notice_old',
        params: [maskEmail(req.newEmail)],
        accountId: account.id,
      });
    }
    this.audit.record(ctx, em, {
      action: 'EMAIL_CHANGE_APPROVED',
      targetType: 'email_change_request',
      targetId: req.id,
      details: { accountId: account.id },
    });
  }

  /** Requests newest first, for the helpdesk queue. */
  async list(
    em: EntityManager,
    filter: { status?: string | null; accountId?: string | null },
    first?: number | null,
    after?: string | null,
  ): Promise<Page<EmailChangeRequest>> {
    const where: FilterQuery<EmailChangeRequest> = {};
    if (filter.status) where.status = filter.status as EmailChangeStatus;
    if (filter.accountId != null) where.accountId = requireUuid(filter.accountId, 'accountId');
    return newestFirst(em, EmailChangeRequest, where, first, after);
  }

  /** The requests of each account, newest first; one query for any number of accounts. */
  async requestsFor(em: EntityManager, accountIds: readonly string[]): Promise<EmailChangeRequest[][]> {
    const rows = await em.find(
      EmailChangeRequest,
      { accountId: { $in: [...accountIds] } },
      { orderBy: { createdAt: 'desc' } },
    );
    const by = new Map<string, EmailChangeRequest[]>(accountIds.map((id) => [id, []]));
    for (const r of rows) by.get(r.accountId!)?.push(r);
    return accountIds.map((id) => by.get(id)!);
  }

  async reject(ctx: RequestContext, requestId: string, note: string): Promise<EmailChangeRequest> {
    const p = staffActor(ctx);
    if (!p) throw forbidden();
    assertNoFieldErrors(checkReason(note));
    return ctx.em.transactional(async (em) => {
      const req = await lockedRequest(em, requestId);
      req.status = transition(req.status, 'reject');
      req.decidedAt = new Date();
      req.decidedBy = p.staffId;
      req.decisionNote = note;
      this.audit.record(ctx, em, {
        action: 'EMAIL_CHANGE_REJECTED',
        targetType: 'email_change_request',
        targetId: req.id,
        details: { accountId: req.accountId ?? null },
      });
      return req;
    });
  }

  /**
   * Staff stop a request before it is confirmed (the caller changed their
   * mind, the approval was a mistake): its link stops working (confirmation
   * needs the request, row-locked, to be APPROVED), the email stays, and the
   * old address and (once a link went there) the new one are told.
   */
  async cancel(ctx: RequestContext, requestId: string, reason: string): Promise<EmailChangeRequest> {
    const p = staffActor(ctx);
    if (!p) throw forbidden();
    assertNoFieldErrors(checkReason(reason));
    return ctx.em.transactional(async (em) => {
      const req = await lockedRequest(em, requestId);
      const wasApproved = req.status === 'APPROVED';
      req.status = transition(req.status, 'cancel');
      req.decidedAt = new Date();
      req.decidedBy = p.staffId;
      req.decisionNote = reason.trim();
      const account = req.accountId ? await this.accounts.get(em, req.accountId) : null;
      if (account) await this.tellCancelled(em, req, account, [account.email, wasApproved ? req.newEmail : null]);
      this.audit.record(ctx, em, {
        action: 'EMAIL_CHANGE_CANCELLED',
        targetType: 'email_change_request',
        targetId: req.id,
        details: { accountId: req.accountId ?? null, reason: reason.trim(), wasApproved },
      });
      return req;
    });
  }

  /** The cancellation notice, by email, to each address given (the same address once). */
  private async tellCancelled(
    em: EntityManager,
    req: EmailChangeRequest,
    account: Account,
    addresses: (string | null | undefined)[],
  ): Promise<void> {
    for (const recipient of new Set(addresses.filter((e): e is string => !!e))) {
      await this.outbox.enqueue(em, {
        channel: 'EMAIL',
        recipient,
        template: 'email_change_cancelled',
        params: [maskEmail(req.newEmail)],
        accountId: account.id,
      });
    }
  }

  /**
   * A newer self-service request replaces the account's live one (called with
   * the account row locked). Its link stops working like a cancelled one's;
   * when it had been approved, the two addresses that heard of it are told.
   */
  private async supersedeLive(ctx: RequestContext, em: EntityManager, account: Account): Promise<void> {
    const accountId = account.id;
    const live = await em.find(EmailChangeRequest, { accountId, status: { $in: LIVE_STATUSES } });
    for (const old of live) {
      if (old.status === 'APPROVED') await this.tellCancelled(em, old, account, [account.email, old.newEmail]);
      old.status = transition(old.status, 'cancel');
      old.decidedAt = new Date();
      old.decisionNote = 'Digantikan permintaan yang lebih baru.';
      this.audit.record(ctx, em, {
        action: 'EMAIL_CHANGE_CANCELLED',
        targetType: 'email_change_request',
        targetId: old.id,
        details: { accountId, reason: 'SUPERSEDED' },
      });
    }
    if (live.length) await em.flush();
  }

  /** Hourly job: APPROVED requests whose confirmation link has run out become EXPIRED. */
  async expireStale(em: EntityManager): Promise<number> {
    const rows = await em.execute<{ id: string }[]>(
      `update email_change_request set status = 'EXPIRED'
        where status = 'APPROVED' and decided_at <= now() - make_interval(secs => ?)
        returning id`,
      [EMAIL_CHANGE_LIMITS.confirmSeconds],
    );
    return rows.length;
  }

  /**
   * The link in the new address's mailbox: completes an APPROVED request. The
   * request row is the single source of truth for whether its link still
   * works: it is locked here, in the transaction that changes the email, so a
   * cancel or a newer request that commits first makes this link CODE_EXPIRED
   * with a message saying why.
   */
  async confirm(ctx: RequestContext, token: string): Promise<boolean> {
    await ctx.em.transactional(async (em) => {
      const row = await this.tokens.consume(em, token, 'EMAIL_CHANGE');
      const req = row.subjectId
        ? await em.findOne(EmailChangeRequest, { id: row.subjectId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
        : null;
      if (req?.status === 'CANCELLED') {
        throw new AppError(
          'CODE_EXPIRED',
          'Permintaan penggantian email ini sudah dibatalkan, sehingga tautannya tidak berlaku lagi. ' +
            'Email akun tidak berubah.',
        );
      }
      const account = await this.accounts.get(em, row.accountId);
      if (!req || req.status !== 'APPROVED' || !account || account.status === 'CANCELLED') {
        throw new AppError('CODE_INVALID', 'Tautan tidak valid atau sudah digunakan. Silakan minta tautan baru.');
      }
      const previous = account.email;
      await this.lifecycle.replaceEmail(em, account, req.newEmail);
      req.status = transition(req.status, 'confirm');
      req.confirmedAt = new Date();
      // Whoever held the old inbox or a session made before the change is out: every session ends and
      // every unused reset link dies with the old address.
      await this.lifecycle.endSessions(em, account.id);
      await this.tokens.voidAll(em, account.id, 'PASSWORD_RESET');
      this.audit.record(ctx, em, {
        action: 'EMAIL_CHANGED',
        targetType: 'account',
        targetId: account.id,
        details: { requestId: req.id, previous: previous ? maskEmail(previous) : null, next: maskEmail(req.newEmail) },
      });
    });
    return true;
  }
}
