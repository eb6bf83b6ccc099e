import { RequestContext, systemContext } from '../../shared/request-context';
import type { EntityManager } from '@mikro-orm/postgresql';
import { maskEmail, maskNik, maskPhone, maskText } from '../../domain/mask';
import { normalizeNik, parseNik } from '../../domain/nik';
import { checkNewPassword } from '../../domain/password';
import { assertNoFieldErrors, rateLimited, ValidationError } from '../../shared/errors';
import { hashSecret } from '../../shared/crypto';
import type { RegionIndex } from '../../domain/wilayah';
import type { AccountLifecycle } from '../account/account-lifecycle.service';
import { AccountQueries, contactFor, identifierWhere } from '../account/account-query.service';
import type { AuditService } from '../audit/audit.service';
import { ThrottleService } from '../auth/throttle.service';
import type { TokenService } from '../auth/token.service';
import type { CaptchaAnswerInput, CaptchaService } from '../captcha/captcha.service';
import type { OutboxService } from '../messaging/outbox.service';
import type { LostAccountResult } from './recovery.types';

/** The graphile-worker task that does the work of a reset request. */
export const PASSWORD_RESET_TASK = 'password_reset_request';

export const RECOVERY_LIMITS = {
  resetTokenSeconds: 60 * 60,
  resetPerAccountPerHour: 3,
  lookupPerIpPerHour: 5,
  lookupPerNikPerDay: 3,
} as const;

/** "Lupa kata sandi" and "Lupa akun": help the owner, tell an attacker nothing. */
export class RecoveryService {
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
   * Always resolves true. For a live account, a single-use 60-minute link goes
   * to the identifier's channel (older links are voided); at most 3 per hour.
   */
  async requestPasswordReset(
    ctx: RequestContext,
    identifier: string,
    captcha?: CaptchaAnswerInput | null,
  ): Promise<boolean> {
    await this.captcha.verify(ctx, captcha);
    // The same work for every identifier, known or not: queue it. Looking the
    // account up here would make known identifiers measurably slower.
    await ctx.em.execute(`select graphile_worker.add_job(?, json_build_object('identifier', ?::text, 'ip', ?::text))`, [
      PASSWORD_RESET_TASK,
      identifier.slice(0, 300),
      ctx.ip,
    ]);
    return true;
  }

  /** The queued half of a reset request: for a live account, a single-use link by its channel (3 per hour). */
  async processPasswordReset(em: EntityManager, identifier: string, ip: string | null): Promise<void> {
    const ctx = { ...systemContext(em, 'password-reset'), ip };
    await em.transactional(async (tem) => {
      const account = await this.accounts.findByIdentifier(tem, identifier);
      const kind = identifierWhere(identifier)?.column;
      this.audit.record(ctx, tem, {
        action: 'PASSWORD_RESET_REQUESTED',
        targetType: account ? 'account' : undefined,
        targetId: account?.id,
        details: {
          // No hash of the identifier: an email, phone or NIK hash is reversed by trying every candidate.
          identifierKind: kind ?? 'invalid',
          found: !!account,
        },
      });
      if (!account || account.status !== 'ACTIVE') return;
      const contact = contactFor(account, kind);
      if (!contact) return;
      const wait = await this.throttle.consume(
        tem,
        `reset:acct:${account.id}`,
        RECOVERY_LIMITS.resetPerAccountPerHour,
        3600,
      );
      if (wait > 0) return; // silently: the answer must not differ
      await this.tokens.voidAll(tem, account.id, 'PASSWORD_RESET');
      const token = await this.tokens.issue(tem, account.id, 'PASSWORD_RESET', RECOVERY_LIMITS.resetTokenSeconds);
      await this.outbox.enqueue(tem, {
        ...contact,
        template: 'password_reset',
        params: [`${this.publicUrl}/reset-password?token=${encodeURIComponent(token)}`],
        accountId: account.id,
      });
    });
  }

  /** Applies the password policy, uses the token once and ends every session of the account. */
  async resetPassword(ctx: RequestContext, token: string, password: string, confirmation: string): Promise<boolean> {
    await ctx.em.transactional(async (em) => {
      const row = await this.tokens.consume(em, token, 'PASSWORD_RESET');
      const account = await this.accounts.get(em, row.accountId);
      if (!account || account.status !== 'ACTIVE')
        throw new ValidationError({ token: 'Akun untuk tautan ini tidak aktif.' });
      const fields = checkNewPassword(password, confirmation, {
        nik: account.nik ?? undefined,
        birthDate: account.birthDate ?? undefined,
        name: account.fullName ?? undefined,
        username: account.username,
      });
      assertNoFieldErrors(fields);
      await this.lifecycle.replacePassword(em, account, await hashSecret(password));
      await this.tokens.voidAll(em, account.id, 'PASSWORD_RESET');
      this.audit.record(ctx, em, { action: 'PASSWORD_RESET', targetType: 'account', targetId: account.id });
    });
    return true;
  }

  /**
   * "Lupa Akun": masked username/email/phone of the live account with this NIK.
   * 5 lookups per IP per hour, 3 per NIK per day; every lookup is audited.
   */
  async lookupLostAccount(
    ctx: RequestContext,
    nikInput: string,
    hasNib: boolean,
    captcha?: CaptchaAnswerInput | null,
  ): Promise<LostAccountResult> {
    await this.captcha.verify(ctx, captcha);
    const parsed = parseNik(nikInput, this.regions);
    if (!parsed.ok) throw new ValidationError({ nik: parsed.error });
    const nik = normalizeNik(nikInput);
    const audit = (em: typeof ctx.em, details: Record<string, unknown>, accountId?: string) =>
      this.audit.record(ctx, em, {
        action: 'LOST_ACCOUNT_LOOKUP',
        targetType: accountId ? 'account' : undefined,
        targetId: accountId,
        // Masked and never hashed: the six hidden digits are a birth date, an unkeyed hash gives them back at once.
        details: { nik: maskNik(nik), hasNib, ...details },
      });

    const limit = await this.throttle.consumeAll(
      ctx.em,
      this.throttle.ipAndNikWindows('lost', ctx.ip, nik, {
        perIpPerHour: RECOVERY_LIMITS.lookupPerIpPerHour,
        perNikPerDay: RECOVERY_LIMITS.lookupPerNikPerDay,
      }),
    );
    if (limit.wait > 0) {
      audit(ctx.em, { refused: limit.refused });
      await ctx.em.flush();
      throw rateLimited(limit.wait, 'Batas pencarian akun tercapai. Silakan coba lagi nanti.');
    }
    const account = await this.accounts.findLiveByNik(ctx.em, nik, hasNib);
    audit(ctx.em, { found: !!account }, account?.id);
    await ctx.em.flush();
    if (!account) return { found: false };
    return {
      found: true,
      maskedUsername: maskText(account.username),
      maskedEmail: account.email ? maskEmail(account.email) : null,
      maskedPhone: account.phone ? maskPhone(account.phone) : null,
    };
  }
}
