import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CODE_RULES, generateCode, isCodeShape, nextSendAllowedAt } from '../../domain/code';
import { normalizeEmail } from '../../domain/email';
import { verifyLegacyHash } from '../../domain/legacy-hash';
import { sameName } from '../../domain/legacy-row';
import { maskEmail, maskPhone } from '../../domain/mask';
import { normalizeNik, parseNik } from '../../domain/nik';
import { checkNewPassword } from '../../domain/password';
import { normalizePhone } from '../../domain/phone';
import type { RegionIndex } from '../../domain/wilayah';
import type { Clock } from '../../shared/clock';
import type { CodeMac } from '../../shared/code-mac';
import { hashSecret, safeEqual } from '../../shared/crypto';
import { AppError, assertNoFieldErrors, FieldErrors, rateLimited, ValidationError } from '../../shared/errors';
import { OWNER } from '../../shared/pii-policy';
import type { RequestContext } from '../../shared/request-context';
import type { AccountLifecycle } from '../account/account-lifecycle.service';
import type { AccountQueries } from '../account/account-query.service';
import type { Account, ProfileData } from '../account/account.entity';
import { toAccountView } from '../account/account.presenter';
import type { AccountType } from '../account/account.types';
import type { PasswordLogin } from '../auth/password-login';
import type { ThrottleService } from '../auth/throttle.service';
import type { OutboxService } from '../messaging/outbox.service';
import { checkCodeAttempt } from '../registration/code-attempt';
import { validateProfile } from '../registration/registration.profile';
import type { ProfileInput } from '../registration/registration.types';
import type { RegistrationLimits } from '../registration/registration.service';
import type { LegacyClaims } from './legacy-claim.service';
import { LegacyReplacement } from './legacy-replacement.entity';
import { replacementTransition, ReplacementStep } from './legacy-replacement.machine';

/** How long a replacement opened by a login stays open. */
export const REPLACEMENT_VALID_SECONDS = 24 * 3600;

export interface ConfirmReplacementData {
  nik: string;
  fullName: string;
  npwp?: string | null;
  channel: 'EMAIL' | 'WHATSAPP';
  email?: string | null;
  phone?: string | null;
}

export interface ReplacementView {
  id: string;
  step: Exclude<ReplacementStep, 'EXPIRED'>;
  actorType: string;
  /** Whether the old account held an NPWP (then it must be confirmed too). */
  npwpRequired: boolean;
  channel: 'EMAIL' | 'WHATSAPP' | null;
  maskedDestination: string | null;
  resendAvailableAt: Date | null;
  expiresAt: Date;
}

type Outcome<T> = { value: T } | { error: AppError };

const notFound = () => new AppError('NOT_FOUND', 'Penggantian hak akses tidak ditemukan.');
const expired = () =>
  new AppError(
    'CODE_EXPIRED',
    'Penggantian hak akses ini sudah kedaluwarsa. Silakan masuk lagi dengan kata sandi lama untuk memulai ulang.',
  );
const deadlinePassed = () =>
  new AppError('CODE_EXPIRED', 'Batas waktu penggantian hak akses OSS 1.1 sudah lewat. Silakan mendaftar baru.');

/**
 * Replacing an OSS 1.1 account's credentials ("penggantian hak akses";
 * docs/domain.md, "OSS 1.1 accounts"). A login with the old password opens
 * the flow; the holder confirms the data the old system held (a mismatch is a
 * wrong password: same answer, same count, same lock), verifies an email or
 * phone by a code made and checked like a registration's, sets a new
 * password and completes today's profile. The account then becomes ACTIVE
 * through AccountLifecycle.claimLegacy.
 */
export class LegacyReplacements {
  constructor(
    private readonly regions: RegionIndex,
    private readonly accounts: AccountQueries,
    private readonly lifecycle: AccountLifecycle,
    private readonly outbox: OutboxService,
    private readonly passwords: PasswordLogin,
    private readonly codes: CodeMac,
    private readonly throttle: ThrottleService,
    /** The registration's per-destination send limits, shared with it (same keys). */
    private readonly limits: Pick<RegistrationLimits, 'perDestinationPerHour' | 'perDestinationPerDay'>,
    private readonly claims: LegacyClaims,
    private readonly clock: Clock,
    private readonly hashTemplate: string | undefined,
    private readonly noticeVersion = 1,
  ) {}

  /** Whether a LEGACY account can still be replaced now (before LEGACY_CLAIM_DEADLINE). */
  claimable(): boolean {
    return this.claims.claimable(this.clock.now());
  }

  /** The old password against the OSS 1.1 hash (false when the account holds none). */
  verifyOldPassword(account: Account, password: string): Promise<boolean> {
    return verifyLegacyHash(account.legacyPasswordHash ?? '', password, this.hashTemplate);
  }

  /** Opens a replacement for an account whose old password was just proven; its id is the capability. */
  async begin(em: EntityManager, account: Account): Promise<string> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + REPLACEMENT_VALID_SECONDS * 1000);
    const deadline = this.claims.deadline;
    const flow = em.create(LegacyReplacement, {
      accountId: account.id,
      expiresAt: deadline && deadline < until ? deadline : until,
    });
    await em.persistAndFlush(flow);
    return flow.id;
  }

  async get(ctx: RequestContext, id: string): Promise<ReplacementView | null> {
    if (!/^[0-9a-f]{32}$/.test(id)) return null;
    const flow = await ctx.em.findOne(LegacyReplacement, { id });
    if (!flow) return null;
    if (flow.step === 'EXPIRED' || (flow.step !== 'DONE' && flow.expiresAt <= this.clock.now())) throw expired();
    const account = await this.accounts.get(ctx.em, flow.accountId);
    return this.toView(flow, account);
  }

  /**
   * The data OSS 1.1 held: NIK (the director's, for a company), the name and
   * the NPWP when it held one. Counted like a password; a match sends a code
   * to the email or phone given.
   */
  async confirm(ctx: RequestContext, id: string, input: ConfirmReplacementData): Promise<ReplacementView> {
    const fields: FieldErrors = {};
    const contact = parseContact(input, fields);
    if (!input.nik?.trim()) fields.nik = 'NIK wajib diisi.';
    if (!input.fullName?.trim()) fields.fullName = 'Nama wajib diisi.';
    assertNoFieldErrors(fields);
    const { flow, account } = await this.load(ctx.em, id);
    replacementTransition(flow.step, 'confirm');
    if (account.kind.actorType === 'BUSINESS_ENTITY' && input.channel !== 'EMAIL')
      throw new ValidationError({ channel: 'Badan usaha memverifikasi email perusahaan sendiri.' });
    // Counted and answered exactly like a wrong password at login: no hint which part did not match.
    await this.passwords.check(ctx.em, {
      subjectKey: `acct:${account.id}`,
      ip: ctx.ip,
      passwordHash: undefined,
      password: '',
      verify: async () => matchesOldData(account, input),
    });
    const limited = await this.sendLimitError(ctx.em, (contact.email ?? contact.phone)!);
    if (limited) throw limited;
    return this.withFlow<ReplacementView>(ctx, id, async (em, f, now) => {
      f.step = replacementTransition(f.step, 'confirm');
      f.confirmedAt = now;
      f.channel = input.channel;
      f.email = contact.email;
      f.phone = contact.phone;
      await this.sendCode(em, f, now);
      return { value: this.toView(f, account) };
    });
  }

  async resend(ctx: RequestContext, id: string): Promise<ReplacementView> {
    return this.withFlow<ReplacementView>(ctx, id, async (em, flow, now) => {
      replacementTransition(flow.step, 'resend');
      const at = nextSendAllowedAt(flow.sendTimes.map((t) => new Date(t)));
      if (at > now) {
        return {
          error: rateLimited(
            (at.getTime() - now.getTime()) / 1000,
            'Kode baru belum dapat dikirim. Tunggu hitung mundur selesai.',
          ),
        };
      }
      const limited = await this.sendLimitError(em, (flow.channel === 'EMAIL' ? flow.email : flow.phone)!);
      if (limited) return { error: limited };
      await this.sendCode(em, flow, now);
      return { value: this.toView(flow, await this.accounts.get(em, flow.accountId)) };
    });
  }

  async verify(ctx: RequestContext, id: string, code: string): Promise<ReplacementView> {
    if (!isCodeShape(code)) throw new ValidationError({ code: 'Kode verifikasi terdiri dari 6 angka.' });
    return this.withFlow<ReplacementView>(ctx, id, async (em, flow, now) => {
      replacementTransition(flow.step, 'verify');
      const error = await checkCodeAttempt(this.codes, flow, code, now, () => (flow.codeHash = null));
      if (error) return { error };
      flow.step = replacementTransition(flow.step, 'verify');
      flow.verifiedAt = now;
      flow.codeHash = null;
      return { value: this.toView(flow, await this.accounts.get(em, flow.accountId)) };
    });
  }

  /**
   * The new password (argon2id) and today's profile; in one transaction the
   * old hash is deleted and the account becomes ACTIVE with the welcome
   * message and the 30-day rule.
   */
  async complete(
    ctx: RequestContext,
    id: string,
    password: string,
    confirmation: string,
    profile: ProfileInput,
    acceptTerms: boolean,
  ): Promise<AccountType> {
    const { flow, account } = await this.load(ctx.em, id);
    replacementTransition(flow.step, 'complete');
    const now = this.clock.now();
    const nik = oldNik(account);
    const nikInfo = parseNik(nik, this.regions, now);
    const fields: FieldErrors = checkNewPassword(password, confirmation, {
      nik,
      birthDate: nikInfo.ok ? nikInfo.info.birthDate : undefined,
      name: account.fullName ?? undefined,
    });
    const result = validateProfile(
      this.regions,
      { kind: account.kind, nik: account.kind.actorType === 'INDIVIDUAL' ? nik : null, passport: null },
      profile,
      now,
    );
    if (!result.ok) Object.assign(fields, result.fields);
    else Object.assign(fields, sameHolder(account, result.data));
    if (!acceptTerms) fields.acceptTerms = 'Anda harus menyetujui syarat dan ketentuan.';
    assertNoFieldErrors(fields);
    const data = (result as { ok: true; data: ProfileData }).data;
    const passwordHash = await hashSecret(password);
    return this.withFlow<AccountType>(ctx, id, async (em, f, at) => {
      f.step = replacementTransition(f.step, 'complete');
      const locked = await this.accounts.lock(em, f.accountId);
      if (!locked || locked.status !== 'LEGACY') return { error: expired() };
      await this.lifecycle.claimLegacy(ctx, em, locked, {
        passwordHash,
        channel: f.channel!,
        email: f.email,
        phone: f.phone,
        data,
        consentVersion: this.noticeVersion,
      });
      await this.claims.markClaimed(em, locked.id, at);
      f.completedAt = at;
      return { value: toAccountView(locked, OWNER) };
    });
  }

  private async load(em: EntityManager, id: string): Promise<{ flow: LegacyReplacement; account: Account }> {
    if (!/^[0-9a-f]{32}$/.test(id)) throw notFound();
    const flow = await em.findOne(LegacyReplacement, { id });
    if (!flow) throw notFound();
    const now = this.clock.now();
    if (!this.claims.claimable(now)) throw deadlinePassed();
    if (flow.step === 'EXPIRED' || (flow.step !== 'DONE' && flow.expiresAt <= now)) throw expired();
    const account = await this.accounts.get(em, flow.accountId);
    if (!account || (account.status !== 'LEGACY' && flow.step !== 'DONE')) throw expired();
    return { flow, account };
  }

  /** `work` on the row-locked flow in one transaction; returned errors are thrown after commit (attempts kept). */
  private async withFlow<T>(
    ctx: RequestContext,
    id: string,
    work: (em: EntityManager, flow: LegacyReplacement, now: Date) => Promise<Outcome<T>>,
  ): Promise<T> {
    if (!/^[0-9a-f]{32}$/.test(id)) throw notFound();
    const outcome = await ctx.em.transactional(async (em): Promise<Outcome<T>> => {
      const flow = await em.findOne(LegacyReplacement, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!flow) return { error: notFound() };
      const now = this.clock.now();
      if (!this.claims.claimable(now)) return { error: deadlinePassed() };
      if (flow.step !== 'DONE' && flow.step !== 'EXPIRED' && flow.expiresAt <= now) {
        flow.step = replacementTransition(flow.step, 'expire');
        flow.codeHash = null;
        return { error: expired() };
      }
      return work(em, flow, now);
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }

  /** Codes cost money and can be aimed at anyone: the same per-destination budget as registration codes. */
  private async sendLimitError(em: EntityManager, destination: string): Promise<AppError | undefined> {
    const dest = `regsend:dest:${this.throttle.subject(destination)}`;
    const { wait } = await this.throttle.consumeAll(em, [
      { name: 'destination', key: dest, limit: this.limits.perDestinationPerHour, windowSeconds: 3600 },
      { name: 'destination', key: `${dest}:day`, limit: this.limits.perDestinationPerDay, windowSeconds: 86400 },
    ]);
    return wait > 0
      ? rateLimited(wait, 'Terlalu banyak kode dikirim ke alamat atau nomor ini. Silakan coba lagi nanti.')
      : undefined;
  }

  /**
   * Issues a new code through the outbox. When the email or phone already
   * belongs to a live account, that address gets the "you already have an
   * account" notice instead and the code is never sent: the answer and the
   * countdown are the same either way, so the step cannot be used to learn
   * whether an address is registered.
   */
  private async sendCode(em: EntityManager, flow: LegacyReplacement, now: Date): Promise<void> {
    const isTaken = await this.accounts.holderExists(em, { email: flow.email, phone: flow.phone });
    const code = generateCode();
    flow.codeHash = this.codes.sign(flow.id, code);
    flow.codeExpiresAt = new Date(now.getTime() + CODE_RULES.validSeconds * 1000);
    flow.codeAttempts = 0;
    flow.sendTimes = [...flow.sendTimes.filter((t) => now.getTime() - Date.parse(t) < 3600_000), now.toISOString()];
    await em.flush();
    await this.outbox.enqueue(em, {
      channel: flow.channel!,
      recipient: (flow.channel === 'EMAIL' ? flow.email : flow.phone)!,
      template: isTaken ? 'registration_exists' : 'legacy_replacement_code',
      params: isTaken ? [] : [code],
      accountId: flow.accountId,
    });
  }

  private toView(flow: LegacyReplacement, account: Account | null): ReplacementView {
    return {
      id: flow.id,
      step: flow.step as ReplacementView['step'],
      actorType: account?.kind.actorType ?? 'INDIVIDUAL',
      npwpRequired: !!account?.npwp,
      channel: flow.channel ?? null,
      maskedDestination: flow.channel
        ? flow.channel === 'EMAIL'
          ? maskEmail(flow.email ?? '')
          : maskPhone(flow.phone ?? '')
        : null,
      resendAvailableAt: flow.sendTimes.length ? nextSendAllowedAt(flow.sendTimes.map((t) => new Date(t))) : null,
      expiresAt: flow.expiresAt,
    };
  }
}

/** The NIK OSS 1.1 held: the holder's own, or for a company its director's. */
function oldNik(a: Account): string {
  return a.nik ?? a.profile.director?.nik ?? '';
}

function matchesOldData(a: Account, input: ConfirmReplacementData): boolean {
  const nikOk = safeEqual(normalizeNik(input.nik ?? ''), oldNik(a));
  const nameOk = sameName(input.fullName ?? '', a.fullName ?? '');
  const npwpOk = !a.npwp || safeEqual((input.npwp ?? '').replace(/[\s.-]/g, ''), a.npwp);
  return nikOk && nameOk && npwpOk;
}

/** Today's profile must still describe the holder OSS 1.1 knew (the person, or the company and its director). */
function sameHolder(a: Account, d: ProfileData): FieldErrors {
  const f: FieldErrors = {};
  if (a.kind.actorType === 'INDIVIDUAL') {
    if (!sameName(d.fullName ?? '', a.fullName ?? ''))
      f.fullName = 'Nama harus sama dengan nama pada akun OSS 1.1 (sesuai KTP).';
    return f;
  }
  const director = d.profile?.director;
  if (!director || director.nik !== oldNik(a))
    f['director.nik'] = 'NIK direktur harus sama dengan NIK pada akun OSS 1.1.';
  if (a.npwp && d.npwp !== a.npwp) f['company.npwp'] = 'NPWP harus sama dengan NPWP pada akun OSS 1.1.';
  return f;
}

function parseContact(
  input: ConfirmReplacementData,
  fields: FieldErrors,
): { email: string | null; phone: string | null } {
  const out = { email: null as string | null, phone: null as string | null };
  if (input.channel === 'EMAIL') {
    const e = normalizeEmail(input.email ?? '');
    if (e.ok) out.email = e.email;
    else fields.email = input.email ? e.error : 'Email wajib diisi untuk verifikasi melalui email.';
  } else {
    const p = normalizePhone(input.phone ?? '');
    if (p.ok) out.phone = p.e164;
    else fields.phone = input.phone ? p.error : 'Nomor WhatsApp wajib diisi untuk verifikasi melalui WhatsApp.';
  }
  return out;
}
