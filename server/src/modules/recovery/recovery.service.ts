import type { Context } from '../../graphql/context';
import { maskEmail, maskNik, maskPhone, maskText } from '../../domain/mask';
import { normalizeNik, parseNik } from '../../domain/nik';
import { checkNewPassword } from '../../domain/password';
import { assertNoFieldErrors, rateLimited, ValidationError } from '../../shared/errors';
import { hashSecret, sha256 } from '../../shared/crypto';
import type { CaptchaAnswerInput } from '../captcha/captcha.service';

export const RECOVERY_LIMITS = {
  resetTokenSeconds: 60 * 60,
  resetPerAccountPerHour: 3,
  lookupPerIpPerHour: 5,
  lookupPerNikPerDay: 3,
} as const;

export interface LostAccountResult {
  found: boolean;
  maskedUsername?: string | null;
  maskedEmail?: string | null;
  maskedPhone?: string | null;
}

/** "Lupa kata sandi" and "Lupa akun": help the owner, tell an attacker nothing. */
export class RecoveryService {
  /**
   * Always resolves true. For a live account, a single-use 60-minute link goes
   * to the identifier's channel (older links are voided); at most 3 per hour.
   */
  async requestPasswordReset(ctx: Context, identifier: string, captcha?: CaptchaAnswerInput | null): Promise<boolean> {
    const { services } = ctx;
    await services.captcha.verify(ctx, captcha);
    await ctx.em.transactional(async (em) => {
      const account = await services.accounts.findByIdentifier(em, identifier);
      const kind = services.accounts.identifierWhere(identifier)?.column;
      services.audit.record(ctx, em, {
        action: 'PASSWORD_RESET_REQUESTED',
        targetType: account ? 'account' : undefined,
        targetId: account?.id,
        details: { identifierKind: kind ?? 'invalid', identifierHash: sha256(identifier.trim().toLowerCase()), found: !!account },
      });
      if (!account || account.status !== 'ACTIVE') return;
      const contact = services.accounts.contactFor(account, kind);
      if (!contact) return;
      const wait = await services.throttle.consume(em, `reset:acct:${account.id}`, RECOVERY_LIMITS.resetPerAccountPerHour, 3600);
      if (wait > 0) return; // silently: the answer must not differ
      await services.tokens.voidAll(em, account.id, 'PASSWORD_RESET');
      const token = await services.tokens.issue(em, account.id, 'PASSWORD_RESET', RECOVERY_LIMITS.resetTokenSeconds);
      await services.outbox.enqueue(em, {
        ...contact,
        template: 'password_reset',
        params: [`${services.publicUrl}/reset-password?token=${encodeURIComponent(token)}`],
        accountId: account.id,
      });
    });
    return true;
  }

  /** Applies the password policy, uses the token once and ends every session of the account. */
  async resetPassword(ctx: Context, token: string, password: string, confirmation: string): Promise<boolean> {
    const { services } = ctx;
    await ctx.em.transactional(async (em) => {
      const row = await services.tokens.consume(em, token, 'PASSWORD_RESET');
      const account = await services.accounts.get(em, row.accountId);
      if (!account || account.status !== 'ACTIVE') throw new ValidationError({ token: 'Akun untuk tautan ini tidak aktif.' });
      const fields = checkNewPassword(password, confirmation, {
        nik: account.nik ?? undefined,
        birthDate: account.birthDate ?? undefined,
        name: account.fullName ?? undefined,
        username: account.username,
      });
      assertNoFieldErrors(fields);
      await services.accounts.replacePassword(em, account, await hashSecret(password), services);
      await services.tokens.voidAll(em, account.id, 'PASSWORD_RESET');
      services.audit.record(ctx, em, { action: 'PASSWORD_RESET', targetType: 'account', targetId: account.id });
    });
    return true;
  }

  /**
   * "Lupa Akun": masked username/email/phone of the live account with this NIK.
   * 5 lookups per IP per hour, 3 per NIK per day; every lookup is audited.
   */
  async lookupLostAccount(ctx: Context, nikInput: string, hasNib: boolean, captcha?: CaptchaAnswerInput | null): Promise<LostAccountResult> {
    const { services } = ctx;
    await services.captcha.verify(ctx, captcha);
    const parsed = parseNik(nikInput, services.regions.index);
    if (!parsed.ok) throw new ValidationError({ nik: parsed.error });
    const nik = normalizeNik(nikInput);
    const audit = (em: typeof ctx.em, details: Record<string, unknown>, accountId?: string) =>
      services.audit.record(ctx, em, {
        action: 'LOST_ACCOUNT_LOOKUP',
        targetType: accountId ? 'account' : undefined,
        targetId: accountId,
        details: { nik: maskNik(nik), nikHash: sha256(nik), hasNib, ...details },
      });

    const limit = await services.throttle.consumeAll(ctx.em, [
      { name: 'ip-limit', key: `lost:ip:${ctx.ip ?? 'unknown'}`, limit: RECOVERY_LIMITS.lookupPerIpPerHour, windowSeconds: 3600 },
      { name: 'nik-limit', key: `lost:nik:${sha256(nik)}`, limit: RECOVERY_LIMITS.lookupPerNikPerDay, windowSeconds: 86400 },
    ]);
    if (limit.wait > 0) {
      audit(ctx.em, { refused: limit.refused });
      await ctx.em.flush();
      throw rateLimited(limit.wait, 'Batas pencarian akun tercapai. Silakan coba lagi nanti.');
    }
    const account = await services.accounts.findLiveByNik(ctx.em, nik, hasNib);
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
