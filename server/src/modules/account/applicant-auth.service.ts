import type { EntityManager } from '@mikro-orm/postgresql';
import { consentRequirement, type NoticePolicy } from '../../domain/consent';
import type { AuditService } from '../audit/audit.service';
import { LockMode } from '@mikro-orm/core';
import { AppError, forbidden, unauthenticated } from '../../shared/errors';
import type { RequestContext } from '../../shared/request-context';
import type { PasswordLogin } from '../auth/password-login';
import type { SessionService } from '../auth/session.service';
import type { CaptchaAnswerInput, CaptchaService } from '../captcha/captcha.service';
import type { AccountQueries } from './account-query.service';
import { Account } from './account.entity';
import { toAccountView } from './account.presenter';
import { OWNER } from '../../shared/pii-policy';
import type { AccountType } from './account.types';

/**
 * What login needs of the OSS 1.1 replacement (the legacy module): checking an
 * old password and opening a replacement.
 */
export interface LegacyLogin {
  claimable(): boolean;
  verifyOldPassword(account: Account, password: string): Promise<boolean>;
  begin(em: EntityManager, account: Account): Promise<string>;
}

/** Applicant sign-in and sign-out, and "who am I". */
export class ApplicantAuthService {
  constructor(
    private readonly captcha: CaptchaService,
    private readonly queries: AccountQueries,
    private readonly passwords: PasswordLogin,
    private readonly sessions: SessionService,
    /** The notice in force and which accepted versions still hold (PRIVACY_NOTICE_*). */
    private readonly notice: NoticePolicy,
    private readonly audit: AuditService,
    private readonly legacy?: LegacyLogin,
  ) {}

  /**
   * Login by username, email or phone; locks per account (or per unknown
   * identifier) and per IP. An OSS 1.1 account (LEGACY) is checked against
   * its old hash and, with the right password, answers REPLACEMENT_REQUIRED
   * with the id of a replacement flow instead of a session; after the claim
   * deadline it is as unknown as a removed one.
   */
  async login(ctx: RequestContext, identifier: string, password: string, captcha?: CaptchaAnswerInput | null) {
    const { em } = ctx;
    await this.captcha.verify(ctx, captcha);
    let account = await this.queries.findByIdentifier(em, identifier, { legacy: !!this.legacy });
    const legacy = account?.status === 'LEGACY' ? this.legacy : undefined;
    if (account?.status === 'LEGACY' && !legacy?.claimable()) account = null;
    await this.passwords.check(em, {
      subjectKey: account ? `acct:${account.id}` : `ident:${this.passwords.subject(identifier.trim().toLowerCase())}`,
      ip: ctx.ip,
      passwordHash: account?.passwordHash,
      password,
      verify: legacy && account ? (pw) => legacy.verifyOldPassword(account!, pw) : undefined,
    });
    if (legacy) {
      const replacementId = await legacy.begin(em, account!);
      throw new AppError(
        'REPLACEMENT_REQUIRED',
        'Akun OSS 1.1 Anda perlu diganti: konfirmasi data, verifikasi email atau nomor telepon, lalu buat kata sandi baru.',
        { replacementId },
      );
    }
    if (account!.status === 'SUSPENDED') {
      throw new AppError('FORBIDDEN', 'Akun Anda ditangguhkan. Silakan hubungi layanan bantuan OSS.');
    }
    const session = await this.sessions.create(em, 'ACCOUNT', account!.id, ctx.ip);
    return {
      token: session.token,
      expiresAt: session.expiresAt,
      account: toAccountView(account!, OWNER),
      // Set: the session is limited to acceptTerms (and the few calls shared/limited-session.ts lists) until then.
      consentRequired: consentRequirement(this.notice, account!.consentVersion),
    };
  }

  /**
   * The applicant accepts the notice in force (re-acceptance after a version
   * that requires it). `version` is the one they were shown: an older one is
   * CONFLICT, so nobody accepts a text they did not see. Records the consent
   * (version, time, channel SELF_SERVICE) in place of the old one, audited as
   * CONSENT_ACCEPTED with both versions; accepting again is a no-op, unless
   * the consent was withdrawn: then accepting gives it anew (the withdrawal
   * is cleared; a restriction of processing stays until a supervisor lifts it).
   */
  async acceptTerms(ctx: RequestContext, version: number): Promise<AccountType> {
    const a = ctx.actor;
    if (a.kind !== 'ACCOUNT') throw forbidden();
    if (version !== this.notice.version) {
      throw new AppError(
        'CONFLICT',
        `Versi ${version} bukan versi syarat dan ketentuan yang berlaku (versi ${this.notice.version}).`,
        { currentVersion: this.notice.version },
      );
    }
    const { em } = ctx;
    return em.transactional(async (tx) => {
      const account = await tx.findOneOrFail(Account, { id: a.accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (account.consentVersion !== version || account.consentWithdrawnAt) {
        const previous = account.consentVersion ?? null;
        const withdrawn = !!account.consentWithdrawnAt;
        account.consentVersion = version;
        account.consentAt = new Date();
        account.consentChannel = 'SELF_SERVICE';
        account.consentWithdrawnAt = null;
        this.audit.record(ctx, tx, {
          action: 'CONSENT_ACCEPTED',
          targetType: 'account',
          targetId: account.id,
          details: {
            version,
            previousVersion: previous,
            channel: 'SELF_SERVICE',
            ...(withdrawn ? { afterWithdrawal: true } : {}),
          },
        });
        await tx.flush();
      }
      return toAccountView(account, OWNER);
    });
  }

  async logout(ctx: RequestContext): Promise<boolean> {
    const a = ctx.actor;
    if (a.kind === 'API_KEY') throw forbidden(); // keys are revoked from the command line, not logged out
    if (a.kind !== 'ACCOUNT' && a.kind !== 'STAFF') throw unauthenticated();
    await this.sessions.revoke(ctx.em, a.sessionId);
    return true;
  }

  /** The applicant behind the token, in clear (it is their own data). */
  async me(ctx: RequestContext): Promise<AccountType | null> {
    const a = ctx.actor;
    if (a.kind !== 'ACCOUNT') return null;
    const account = await ctx.em.findOne(Account, { id: a.accountId });
    return account ? toAccountView(account, OWNER) : null;
  }
}
