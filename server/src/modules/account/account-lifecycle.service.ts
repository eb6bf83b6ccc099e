import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EventBus, Topics } from '../../db/event-bus';
import { searchText } from '../../domain/search';
import { AppError, ValidationError } from '../../shared/errors';
import type { RequestContext } from '../../shared/request-context';
import type { AuditService } from '../audit/audit.service';
import type { SessionService } from '../auth/session.service';
import type { ThrottleService } from '../auth/throttle.service';
import type { OutboxService } from '../messaging/outbox.service';
import { AccountQueries, contactFor } from './account-query.service';
import { Account, NewAccountData, ProfileData } from './account.entity';
import { AccountAction, accountTransition } from './account.machine';
import { usernameCandidate } from './username';

/** Days an account stays ACTIVE without licensing activity (the 30-day rule, docs/domain.md). */
export const ACCOUNT_GRACE_DAYS = 30;
const USERNAME_TRIES = 20;

const COLLISION_MESSAGES: Record<string, [string, string]> = {
  account_nik_scale_live: [
    'nik',
    'NIK ini sudah memiliki akun OSS yang aktif. Silakan masuk, atau gunakan "Lupa Akun".',
  ],
  account_email_live: [
    'email',
    'Email ini sudah digunakan oleh akun OSS yang aktif. Silakan masuk, atau gunakan "Lupa Kata Sandi".',
  ],
  account_passport_scale_live: [
    'passport',
    'Paspor ini sudah memiliki akun OSS yang aktif untuk skala ini. Silakan masuk, atau gunakan "Lupa Kata Sandi".',
  ],
  account_npwp_entity_live: [
    'company.npwp',
    'NPWP ini sudah terdaftar untuk jenis badan usaha yang sama. Silakan masuk, atau hubungi layanan bantuan OSS.',
  ],
  account_phone_live: [
    'phone',
    'Nomor telepon ini sudah digunakan oleh akun OSS yang aktif. Silakan masuk, atau gunakan "Lupa Kata Sandi".',
  ],
};

/** Flushes; a violated uniqueness index becomes VALIDATION_FAILED on the field it guards. */
async function flushOrCollision(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      const hit = Object.entries(COLLISION_MESSAGES).find(([index]) => err.message.includes(index));
      if (hit) throw new ValidationError({ [hit[1][0]]: hit[1][1] }, hit[1][1]);
    }
    throw err;
  }
}

/** Creating accounts and changing what they hold: every change commits with its message, event and audit row. */
export class AccountLifecycle {
  constructor(
    private readonly queries: AccountQueries,
    private readonly outbox: OutboxService,
    private readonly events: EventBus,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
    private readonly throttle: ThrottleService,
    private readonly candidate: (name: string, attempt: number) => string = usernameCandidate,
  ) {}

  /**
   * Creates an ACTIVE account in the caller's transaction, with a welcome
   * message and an ACCOUNT_STATUS_CHANGED event that are committed with it.
   * Throws VALIDATION_FAILED when a concurrent registration took the NIK, email or phone.
   */
  async createActive(ctx: RequestContext, em: EntityManager, data: NewAccountData): Promise<Account> {
    const now = new Date();
    const name = (data.kind.actorType === 'BUSINESS_ENTITY' ? data.companyName : data.fullName) ?? 'oss';
    const account = em.create(Account, {
      ...data,
      username: await this.reserveUsername(em, name),
      searchName: searchText(data.fullName, data.companyName),
      activatedAt: now,
      expiresAt: new Date(now.getTime() + ACCOUNT_GRACE_DAYS * 86400_000),
    });
    await flushOrCollision(em);
    await this.announceActivation(em, account, null, 'Pendaftaran selesai', now);
    this.audit.record(ctx, em, { action: 'ACCOUNT_CREATED', targetType: 'account', targetId: account.id });
    return account;
  }

  /**
   * The holder of an OSS 1.1 account replaced its credentials: in the
   * caller's transaction the account becomes ACTIVE under today's rules (the
   * verified contact, the new argon2id hash with the old hash deleted, the
   * validated profile, the 30-day rule, the consent record) with the same
   * welcome message and event as a finished registration. A company account
   * leaves the director's NIK: the director is kept in its profile.
   */
  async claimLegacy(
    ctx: RequestContext,
    em: EntityManager,
    account: Account,
    c: {
      passwordHash: string;
      channel: 'EMAIL' | 'WHATSAPP';
      email?: string | null;
      phone?: string | null;
      data: ProfileData;
      consentVersion: number;
    },
  ): Promise<void> {
    const now = new Date();
    const previous = account.status;
    account.status = accountTransition(previous, 'claim');
    account.passwordHash = c.passwordHash;
    account.legacyPasswordHash = null;
    if (c.channel === 'EMAIL') {
      account.email = c.email;
      account.emailVerifiedAt = now;
    } else {
      account.phone = c.phone;
      account.phoneVerifiedAt = now;
    }
    const { warnings, ...profile } = c.data;
    Object.assign(account, profile);
    if (account.kind.actorType === 'BUSINESS_ENTITY') account.nik = null;
    account.warnings = [...account.warnings, ...warnings];
    account.searchName = searchText(account.fullName, account.companyName);
    account.activatedAt = now;
    account.expiresAt = new Date(now.getTime() + ACCOUNT_GRACE_DAYS * 86400_000);
    account.consentVersion = c.consentVersion;
    account.consentAt = now;
    account.consentChannel = 'LEGACY_REPLACEMENT';
    await flushOrCollision(em);
    await this.throttle.reset(em, `acct:${account.id}`);
    await this.announceActivation(em, account, previous, 'LEGACY_REPLACED', now);
    this.audit.record(ctx, em, {
      action: 'LEGACY_CLAIMED',
      targetType: 'account',
      targetId: account.id,
      details: { from: previous, to: account.status, channel: c.channel },
    });
  }

  /** The welcome message (with the username) on the verified channel and the status event, with the change. */
  private async announceActivation(
    em: EntityManager,
    account: Account,
    previousStatus: string | null,
    reason: string,
    now: Date,
  ): Promise<void> {
    await this.outbox.enqueue(em, {
      ...contactFor(account)!, // the channel just verified
      template: 'welcome',
      params: [account.username],
      accountId: account.id,
    });
    await this.events.publishInTransaction(em, Topics.ACCOUNT_STATUS_CHANGED, {
      accountId: account.id,
      status: account.status,
      previousStatus,
      activatedAt: account.activatedAt!.toISOString(),
      expiresAt: account.expiresAt!.toISOString(),
      at: now.toISOString(),
      reason,
    });
  }

  /**
   * Marks (or clears) a restriction of processing in the caller's
   * transaction, audited with what caused it (a fulfilled RESTRICTION request,
   * or a supervisor's reason for lifting it).
   */
  async setProcessingRestricted(
    ctx: RequestContext,
    em: EntityManager,
    account: Account,
    on: boolean,
    details: Record<string, unknown>,
  ): Promise<void> {
    account.processingRestricted = on;
    account.processingRestrictedAt = on ? new Date() : null;
    await em.flush();
    this.audit.record(ctx, em, {
      action: on ? 'PROCESSING_RESTRICTED' : 'PROCESSING_RESTRICTION_LIFTED',
      targetType: 'account',
      targetId: account.id,
      details,
    });
  }

  /**
   * A free username, held for the caller's transaction: a transaction-scoped
   * advisory lock on the candidate makes a concurrent registration that drew
   * the same one wait for this commit and then see it taken.
   */
  private async reserveUsername(em: EntityManager, name: string): Promise<string> {
    for (let i = 0; i < USERNAME_TRIES; i++) {
      const candidate = this.candidate(name, i);
      await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`username:${candidate}`]);
      const taken = await em.execute('select 1 from account where username = ?', [candidate]);
      if (taken.length === 0) return candidate;
    }
    throw new AppError('CONFLICT', 'Gagal membuat nama pengguna. Silakan coba lagi.');
  }

  /**
   * Moves an account along the status machine in the caller's transaction:
   * ends its sessions when it stops being ACTIVE, publishes
   * accountStatusChanged (`eventReason`, e.g. SUSPENDED) and audits the
   * staff's written reason.
   */
  async changeStatus(
    ctx: RequestContext,
    em: EntityManager,
    account: Account,
    action: AccountAction,
    why: { eventReason: string; reason?: string },
  ): Promise<void> {
    const previous = account.status;
    const now = new Date();
    account.status = accountTransition(previous, action);
    if (account.status === 'CANCELLED') account.cancelledAt = now;
    await em.flush();
    if (account.status !== 'ACTIVE') await this.sessions.revokeAll(em, account.id);
    await this.events.publishInTransaction(em, Topics.ACCOUNT_STATUS_CHANGED, {
      accountId: account.id,
      status: account.status,
      previousStatus: previous,
      activatedAt: account.activatedAt?.toISOString() ?? null,
      expiresAt: account.expiresAt?.toISOString() ?? null,
      at: now.toISOString(),
      reason: why.eventReason,
    });
    this.audit.record(ctx, em, {
      action: `ACCOUNT_${account.status}`,
      targetType: 'account',
      targetId: account.id,
      details: { from: previous, to: account.status, reason: why.reason ?? why.eventReason },
    });
  }

  /** Replaces the password (the caller checked the policy), ends every session and clears the login lock. */
  async replacePassword(em: EntityManager, account: Account, passwordHash: string): Promise<void> {
    account.passwordHash = passwordHash;
    await em.flush();
    await this.sessions.revokeAll(em, account.id);
    await this.throttle.reset(em, `acct:${account.id}`);
  }

  /** Sets a confirmed email. Throws VALIDATION_FAILED when another live account took it meanwhile. */
  /** Ends every session of the account (the email it was reachable at changed). */
  async endSessions(em: EntityManager, accountId: string): Promise<void> {
    await this.sessions.revokeAll(em, accountId);
  }

  async replaceEmail(em: EntityManager, account: Account, email: string): Promise<void> {
    account.email = email;
    account.emailVerifiedAt = new Date();
    await flushOrCollision(em);
  }

  /** Sends the welcome/activation message (with the username) again [HELPDESK+]. */
  async resendActivation(ctx: RequestContext, id: string, reason?: string | null): Promise<boolean> {
    return ctx.em.transactional(async (em) => {
      const account = await this.queries.get(em, id);
      if (!account) throw new AppError('NOT_FOUND', 'Akun tidak ditemukan.');
      if (account.status !== 'ACTIVE') {
        throw new AppError('CONFLICT', 'Pesan aktivasi hanya dapat dikirim ulang untuk akun yang aktif.');
      }
      const contact = contactFor(account);
      if (!contact)
        throw new AppError('CONFLICT', 'Akun ini tidak memiliki email atau nomor telepon yang terverifikasi.');
      await this.outbox.enqueue(em, {
        ...contact,
        template: 'welcome',
        params: [account.username],
        accountId: account.id,
      });
      this.audit.record(ctx, em, {
        action: 'ACTIVATION_RESENT',
        targetType: 'account',
        targetId: account.id,
        details: { channel: contact.channel, ...(reason?.trim() ? { reason: reason.trim().slice(0, 1000) } : {}) },
      });
      return true;
    });
  }
}
