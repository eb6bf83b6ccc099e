import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../../shared/request-context';
import { RegistrationStepEnum, VerificationChannel } from '../../domain/enums';
import { CODE_RULES, generateCode, isCodeShape, nextSendAllowedAt } from '../../domain/code';
import { normalizeEmail } from '../../domain/email';
import { maskEmail, maskPhone } from '../../domain/mask';
import { parseNik } from '../../domain/nik';
import { checkNewPassword } from '../../domain/password';
import { normalizePhone } from '../../domain/phone';
import { ApplicantKindInput, checkApplicantKind } from '../../domain/applicant';
import { Passport, validatePassport } from '../../domain/passport';
import { AppError, FieldErrors, ValidationError, assertNoFieldErrors, rateLimited } from '../../shared/errors';
import { hashSecret, newToken, safeEqual, sha256 } from '../../shared/crypto';
import type { CodeMac } from '../../shared/code-mac';
import type { RegionIndex } from '../../domain/wilayah';
import type { AccountLifecycle } from '../account/account-lifecycle.service';
import type { AccountQueries } from '../account/account-query.service';
import type { ProfileData } from '../account/account.entity';
import { toAccountView } from '../account/account.presenter';
import { OWNER } from '../../shared/pii-policy';
import type { AccountType } from '../account/account.types';
import { applicantKind } from '../account/applicant-kind';
import type { CaptchaService } from '../captcha/captcha.service';
import type { OutboxService } from '../messaging/outbox.service';
import type { Dimensions, MetricsService } from '../metrics/metrics.service';
import type { ThrottleService } from '../auth/throttle.service';
import { groupBy } from '../../shared/group';
import { checkCodeAttempt } from './code-attempt';
import { RegistrationFlow } from './registration.entity';
import { transition } from './registration.machine';
import { validateProfile } from './registration.profile';
import type { ProfileInput, Registration, StartRegistrationInput } from './registration.types';
import { addressKey } from '../../shared/client-address';

const notFound = () => new AppError('NOT_FOUND', 'Pendaftaran tidak ditemukan.');
const expired = () =>
  new AppError(
    'CODE_EXPIRED',
    'Pendaftaran ini sudah kedaluwarsa (lebih dari 24 jam). Silakan mulai pendaftaran baru.',
  );

/**
 * Outcome of work inside a transaction: errors that must not roll back the
 * recorded attempt are returned, then thrown.
 */
type Outcome<T> = { value: T } | { error: AppError };

export interface RegistrationLimits {
  perIpPerHour: number;
  perDestinationPerHour: number;
  perDestinationPerDay: number;
}
export const DEFAULT_REGISTRATION_LIMITS: RegistrationLimits = {
  perIpPerHour: 300,
  perDestinationPerHour: 5,
  perDestinationPerDay: 10,
};

const destinationOf = (flow: RegistrationFlow) => (flow.channel === 'EMAIL' ? flow.email : flow.phone)!;

/** How a flow is counted: its applicant kind, channel and (for a NIK) the NIK's province. */
function flowDimensions(flow: RegistrationFlow): Dimensions {
  return {
    provinceCode: flow.nik?.slice(0, 2) ?? '',
    scale: flow.kind.scale,
    actorType: flow.kind.actorType,
    entityType: flow.kind.entityType,
    channel: flow.channel,
  };
}

/** Neither the code nor the one-click link of the current message works any more. */
function voidCode(flow: RegistrationFlow): void {
  flow.codeHash = null;
  flow.linkTokenHash = null;
}

export class RegistrationService {
  constructor(
    private readonly captcha: CaptchaService,
    private readonly regions: RegionIndex,
    private readonly accounts: AccountQueries,
    private readonly lifecycle: AccountLifecycle,
    private readonly outbox: OutboxService,
    private readonly publicUrl: string,
    private readonly metrics: MetricsService,
    private readonly throttle: ThrottleService,
    private readonly codes: CodeMac,
    private readonly limits: RegistrationLimits = DEFAULT_REGISTRATION_LIMITS,
    /** The terms and privacy notice version accepted by acceptTerms (PRIVACY_NOTICE_VERSION). */
    private readonly noticeVersion = 1,
  ) {}

  /**
   * Codes cost money (WhatsApp) and can be aimed at anyone: a tight limit per
   * destination, a generous one per client address (an outreach desk or a
   * public service mall registers many businesses from one connection).
   */
  private async sendLimitError(ctx: RequestContext, destination: string): Promise<AppError | undefined> {
    const dest = `regsend:dest:${this.throttle.subject(destination)}`;
    const { wait, refused } = await this.throttle.consumeAll(ctx.em, [
      // An officer acting for applicants is counted as themselves, not as the helpdesk's shared address.
      { name: 'ip', key: `regsend:ip:${senderKey(ctx)}`, limit: this.limits.perIpPerHour, windowSeconds: 3600 },
      { name: 'destination', key: dest, limit: this.limits.perDestinationPerHour, windowSeconds: 3600 },
      { name: 'destination', key: `${dest}:day`, limit: this.limits.perDestinationPerDay, windowSeconds: 86400 },
    ]);
    if (wait <= 0) return undefined;
    return rateLimited(
      wait,
      refused === 'ip'
        ? 'Terlalu banyak pendaftaran dari jaringan ini. Silakan coba lagi nanti.'
        : 'Terlalu banyak kode dikirim ke alamat atau nomor ini. Silakan coba lagi nanti.',
    );
  }

  private async checkSendLimits(ctx: RequestContext, destination: string): Promise<void> {
    const error = await this.sendLimitError(ctx, destination);
    if (error) throw error;
  }

  /**
   * Starts a flow and sends the first code. Never reveals whether the identity already has an account.
   * `origin` (an officer at an outreach desk, checked by the caller) replaces the captcha and is recorded on
   * the flow; `after` runs in the same transaction (the desk's audit row).
   */
  async start(
    ctx: RequestContext,
    input: StartRegistrationInput,
    origin?: FlowOrigin,
    after?: FlowHook,
  ): Promise<Registration> {
    if (!origin) await this.captcha.verify(ctx, input.captcha);
    const fields: FieldErrors = checkApplicantKind({
      scale: input.scale,
      nonUmkKind: input.nonUmkKind,
      actorType: input.actorType,
      entityType: input.entityType,
      nik: input.nik,
      hasPassport: !!input.passport,
      channel: input.channel,
    });
    let nik: string | undefined;
    let passport: Passport | undefined;
    let warnings: string[] = [];
    if (input.nik && !fields.nik && input.actorType === 'INDIVIDUAL') {
      const r = parseNik(input.nik, this.regions);
      if (r.ok) {
        nik = r.info.nik;
        warnings = r.warnings;
      } else fields.nik = r.error;
    }
    if (input.passport && input.actorType === 'INDIVIDUAL') {
      const r = validatePassport(input.passport);
      if (r.ok) passport = r.passport;
      else Object.assign(fields, r.fields);
    }
    const contact = this.parseContact(input.channel, input.email, input.phone, fields);
    assertNoFieldErrors(fields);
    await this.checkSendLimits(ctx, (input.channel === 'EMAIL' ? contact.email : contact.phone)!);

    const now = new Date();
    const flow = await ctx.em.transactional(async (em) => {
      const flow = em.create(RegistrationFlow, {
        kind: applicantKind({
          scale: input.scale,
          nonUmkKind: input.scale === 'NON_UMK' ? input.nonUmkKind : null,
          actorType: input.actorType,
          entityType: input.actorType === 'BUSINESS_ENTITY' ? input.entityType : null,
        }),
        nik,
        passport: passport ?? null,
        channel: input.channel,
        email: contact.email,
        phone: contact.phone,
        warnings,
        expiresAt: new Date(now.getTime() + CODE_RULES.flowValidSeconds * 1000),
        outreachEventId: origin?.eventId ?? null,
        outreachOfficerId: origin?.officerId ?? null,
      });
      await this.sendCode(em, flow, now);
      await this.metrics.bump(em, 'flow_started', flowDimensions(flow), now);
      await after?.(em, flow);
      return flow;
    });
    return this.toView(flow);
  }

  async get(ctx: RequestContext, id: string): Promise<Registration | null> {
    const flow = await ctx.em.findOne(RegistrationFlow, { id });
    if (!flow) return null;
    if (flow.step === 'EXPIRED' || (flow.step !== 'DONE' && flow.expiresAt <= new Date())) throw expired();
    return this.toView(flow);
  }

  /**
   * A new code by the countdown and the send limits. `after` runs in the same
   * transaction once the code is queued (staff actions record their audit row there).
   */
  async resend(ctx: RequestContext, id: string, after?: FlowHook): Promise<Registration> {
    return this.withFlow<Registration>(ctx, id, async (em, flow, now) => {
      transition(flow.step, 'resend');
      const at = nextSendAllowedAt(flow.sendTimes.map((t) => new Date(t)));
      if (at > now) {
        return {
          error: rateLimited(
            (at.getTime() - now.getTime()) / 1000,
            'Kode baru belum dapat dikirim. Tunggu hitung mundur selesai.',
          ),
        };
      }
      const limited = await this.sendLimitError(ctx, destinationOf(flow));
      if (limited) return { error: limited };
      await this.sendCode(em, flow, now);
      await after?.(em, flow);
      return { value: this.toView(flow) };
    });
  }

  /**
   * Correcting a mistyped email/phone: a new code goes to the new destination at once (hourly limit still
   * applies) and the old code dies. `channel` (staff only) also switches between email and WhatsApp.
   */
  async changeDestination(
    ctx: RequestContext,
    id: string,
    email?: string | null,
    phone?: string | null,
    channel?: VerificationChannel,
    after?: FlowHook,
  ): Promise<Registration> {
    return this.withFlow<Registration>(ctx, id, async (em, flow, now) => {
      transition(flow.step, 'changeDestination');
      const target = channel ?? (flow.channel as VerificationChannel);
      const fields: FieldErrors = {};
      if (target !== flow.channel) {
        const kind = checkApplicantKind({
          ...(flow.kind as unknown as Pick<ApplicantKindInput, 'scale' | 'nonUmkKind' | 'actorType' | 'entityType'>),
          nik: flow.nik ?? undefined,
          hasPassport: !!flow.passport,
          channel: target,
        });
        if (kind.channel) fields.channel = kind.channel;
      }
      const contact = this.parseContact(target, email ?? undefined, phone ?? undefined, fields);
      assertNoFieldErrors(fields);
      const at = nextSendAllowedAt(
        flow.sendTimes.map((t) => new Date(t)),
        { ignoreCountdown: true },
      );
      if (at > now)
        return { error: rateLimited((at.getTime() - now.getTime()) / 1000, 'Batas pengiriman kode per jam tercapai.') };
      // parseContact insists on the channel's own destination; the other one is optional.
      flow.channel = target;
      if (contact.email) flow.email = contact.email;
      if (contact.phone) flow.phone = contact.phone;
      const limited = await this.sendLimitError(ctx, destinationOf(flow));
      if (limited) return { error: limited };
      await this.sendCode(em, flow, now);
      await after?.(em, flow);
      return { value: this.toView(flow) };
    });
  }

  async verify(ctx: RequestContext, id: string, code: string, after?: FlowHook): Promise<Registration> {
    if (!isCodeShape(code)) throw new ValidationError({ code: 'Kode verifikasi terdiri dari 6 angka.' });
    return this.withFlow<Registration>(ctx, id, async (em, flow, now) => {
      transition(flow.step, 'verify');
      const error = await checkCodeAttempt(this.codes, flow, code, now, () => voidCode(flow));
      if (error) return { error };
      const view = await this.markVerified(em, flow, now);
      await after?.(em, flow);
      return { value: view };
    });
  }

  /** The one-click link from the verification email: completes VERIFY_CODE like the right code. */
  async verifyLink(ctx: RequestContext, id: string, token: string): Promise<Registration> {
    return this.withFlow<Registration>(ctx, id, async (em, flow, now) => {
      transition(flow.step, 'verify');
      if (!flow.linkTokenHash || !safeEqual(flow.linkTokenHash, sha256(token.trim()))) {
        return {
          error: new AppError(
            'CODE_INVALID',
            'Tautan verifikasi tidak berlaku lagi. Gunakan kode di pesan terbaru atau minta kode baru.',
          ),
        };
      }
      if (!flow.codeExpiresAt || flow.codeExpiresAt <= now) {
        return { error: new AppError('CODE_EXPIRED', 'Tautan verifikasi sudah kedaluwarsa. Silakan minta kode baru.') };
      }
      return { value: await this.markVerified(em, flow, now) };
    });
  }

  /**
   * A helpdesk re-drive of a code message: the same message while its code
   * still works, else a new code (the flow must still wait for one). The
   * hourly send limit does not apply to staff help.
   */
  async reissueFor(
    em: EntityManager,
    msg: { registrationId?: string | null; createdAt: Date },
  ): Promise<'requeue' | 'reissued'> {
    const flow = msg.registrationId
      ? await em.findOne(RegistrationFlow, { id: msg.registrationId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
      : null;
    const now = new Date();
    if (!flow || flow.step !== 'VERIFY_CODE' || flow.expiresAt <= now) {
      throw new AppError('CONFLICT', 'Pendaftaran ini tidak lagi menunggu kode; pesan tidak perlu dikirim ulang.');
    }
    // The message carries the current code when it was written at the flow's last send.
    const lastSend = Date.parse(flow.sendTimes.at(-1) ?? '');
    const current = msg.createdAt.getTime() >= lastSend - 1000;
    if (current && flow.codeHash && flow.codeExpiresAt && flow.codeExpiresAt > now) return 'requeue';
    await this.sendCode(em, flow, now);
    return 'reissued';
  }

  /**
   * Hourly job: marks flows older than 24 hours EXPIRED;
   * the API refuses them already, this keeps the table honest.
   */
  async expireStale(em: EntityManager): Promise<number> {
    const rows = await em.execute<{ id: string }[]>(
      `update registration_flow set step = 'EXPIRED', code_hash = null, link_token_hash = null
        where step in ('VERIFY_CODE','SET_PASSWORD','COMPLETE_PROFILE') and expires_at <= now()
        returning id`,
    );
    return rows.length;
  }

  private async markVerified(em: EntityManager, flow: RegistrationFlow, now: Date): Promise<Registration> {
    flow.step = transition(flow.step, 'verify');
    flow.verifiedAt = now;
    voidCode(flow);
    await this.metrics.bump(em, 'verified', flowDimensions(flow), now);
    return this.toView(flow);
  }

  async setPassword(
    ctx: RequestContext,
    id: string,
    password: string,
    confirmation: string,
    after?: FlowHook,
  ): Promise<Registration> {
    return this.withFlow<Registration>(ctx, id, async (em, flow) => {
      const next = transition(flow.step, 'setPassword');
      const nikInfo = flow.nik ? parseNik(flow.nik, this.regions) : undefined;
      const passport = flow.passport;
      const fields = checkNewPassword(password, confirmation, {
        nik: flow.nik ?? passport?.number ?? undefined,
        birthDate: nikInfo?.ok ? nikInfo.info.birthDate : passport?.birthDate,
        name: flow.email?.split('@')[0],
      });
      assertNoFieldErrors(fields);
      flow.passwordHash = await hashSecret(password);
      flow.step = next;
      await after?.(em, flow);
      return { value: this.toView(flow) };
    });
  }

  async complete(
    ctx: RequestContext,
    id: string,
    profileInput: ProfileInput,
    acceptTerms: boolean,
    after?: FlowHook,
  ): Promise<AccountType> {
    return this.withFlow<AccountType>(ctx, id, async (em, flow, now) => {
      const next = transition(flow.step, 'complete');
      const result = validateProfile(this.regions, flow, profileInput, now);
      const fields: FieldErrors = result.ok ? {} : { ...result.fields };
      if (!acceptTerms) fields.acceptTerms = 'Anda harus menyetujui syarat dan ketentuan.';
      assertNoFieldErrors(fields);
      const data = (result as { ok: true; data: ProfileData }).data;
      const account = await this.lifecycle.createActive(ctx, em, {
        kind: applicantKind(flow.kind),
        nik: flow.nik,
        email: flow.email,
        phone: flow.phone,
        emailVerifiedAt: flow.channel === 'EMAIL' ? now : null,
        phoneVerifiedAt: flow.channel === 'WHATSAPP' ? now : null,
        passwordHash: flow.passwordHash!,
        ...data,
        warnings: [...flow.warnings, ...data.warnings],
        // The consent record (UU PDP): acceptTerms was checked above. At an outreach desk it is the
        // applicant's own statement, read to them on the officer's screen.
        consentVersion: this.noticeVersion,
        consentAt: now,
        consentChannel: flow.outreachEventId ? 'OUTREACH' : 'SELF_SERVICE',
      });
      flow.step = next;
      flow.completedAt = now;
      flow.accountId = account.id;
      await after?.(em, flow);
      await this.metrics.bump(em, 'completed', { ...flowDimensions(flow), provinceCode: data.provinceCode }, now);
      return { value: toAccountView(account, OWNER) };
    });
  }

  /**
   * Runs `work` on the row-locked flow in one transaction. An expired flow is
   * marked EXPIRED and refused. Errors that `work` returns (rather than throws)
   * are thrown after commit, so counted attempts are kept.
   */
  private async withFlow<T>(
    ctx: RequestContext,
    id: string,
    work: (em: EntityManager, flow: RegistrationFlow, now: Date) => Promise<Outcome<T>>,
  ): Promise<T> {
    if (!/^[0-9a-f]{32}$/.test(id)) throw notFound();
    const outcome = await ctx.em.transactional(async (em): Promise<Outcome<T>> => {
      const flow = await em.findOne(RegistrationFlow, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!flow) return { error: notFound() };
      const now = new Date();
      if (flow.step !== 'DONE' && flow.step !== 'EXPIRED' && flow.expiresAt <= now) {
        flow.step = transition(flow.step, 'expire');
        voidCode(flow);
        return { error: expired() };
      }
      return work(em, flow, now);
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }

  /**
   * Issues a new code through the outbox; when the identity is already taken,
   * a "you already have an account" notice goes out instead.
   */
  private async sendCode(em: EntityManager, flow: RegistrationFlow, now: Date): Promise<void> {
    const isTaken = await this.accounts.holderExists(em, {
      nik: flow.nik,
      passport: flow.passport,
      scale: flow.kind.scale,
      email: flow.email,
      phone: flow.phone,
    });
    // A taken identity gets a code too, one that is never sent: wrong guesses
    // then count down exactly as for a free one, so the answer to a guess
    // cannot tell whether the NIK, email or phone already has an account.
    const code = generateCode();
    flow.codeHash = this.codes.sign(flow.id, code);
    // Email messages also carry a one-click link that completes this step.
    const linkToken = flow.channel === 'EMAIL' && !isTaken ? newToken() : undefined;
    flow.linkTokenHash = linkToken ? sha256(linkToken) : null;
    flow.codeExpiresAt = new Date(now.getTime() + CODE_RULES.validSeconds * 1000);
    flow.codeAttempts = 0;
    flow.sendTimes = [...flow.sendTimes.filter((t) => now.getTime() - Date.parse(t) < 3600_000), now.toISOString()];
    await em.flush();
    await this.metrics.bump(em, 'code_sent', flowDimensions(flow), now);
    const channel = flow.channel;
    await this.outbox.enqueue(em, {
      channel,
      recipient: (channel === 'EMAIL' ? flow.email : flow.phone)!,
      template: isTaken ? 'registration_exists' : 'registration_code',
      params: isTaken
        ? []
        : linkToken
          ? [code, `${this.publicUrl}/verify-registration?id=${flow.id}&token=${linkToken}`]
          : [code],
      registrationId: flow.id,
    });
  }

  private parseContact(
    channel: VerificationChannel,
    email: string | undefined,
    phone: string | undefined,
    fields: FieldErrors,
  ): { email: string | null; phone: string | null } {
    const out: { email: string | null; phone: string | null } = { email: null, phone: null };
    if (email) {
      const e = normalizeEmail(email);
      if (e.ok) out.email = e.email;
      else fields.email = e.error;
    } else if (channel === 'EMAIL') fields.email = 'Email wajib diisi untuk verifikasi melalui email.';
    if (phone) {
      const p = normalizePhone(phone);
      if (p.ok) out.phone = p.e164;
      else fields.phone = p.error;
    } else if (channel === 'WHATSAPP') fields.phone = 'Nomor WhatsApp wajib diisi untuk verifikasi melalui WhatsApp.';
    return out;
  }

  toView(flow: RegistrationFlow): Registration {
    const sends = flow.sendTimes.map((t) => new Date(t));
    return {
      id: flow.id,
      step: flow.step as RegistrationStepEnum,
      channel: flow.channel as VerificationChannel,
      maskedDestination: flow.channel === 'EMAIL' ? maskEmail(flow.email ?? '') : maskPhone(flow.phone ?? ''),
      resendAvailableAt: nextSendAllowedAt(sends),
      expiresAt: flow.expiresAt,
    };
  }

  /** The flows that led to the given accounts, as the helpdesk sees them; one query for any number of accounts. */
  async historyFor(em: EntityManager, accountIds: readonly string[]): Promise<RegistrationHistoryRow[][]> {
    const flows = await em.find(
      RegistrationFlow,
      { accountId: { $in: [...accountIds] } },
      { orderBy: { createdAt: 'asc' } },
    );
    return groupBy(accountIds, flows, (f) => f.accountId!).map((fs) =>
      fs.map((f) => ({
        step: f.step,
        channel: f.channel,
        maskedDestination: f.channel === 'EMAIL' ? maskEmail(f.email ?? '') : maskPhone(f.phone ?? ''),
        sends: f.sendTimes.length,
        sentAt: f.sendTimes.map((t) => new Date(t)),
        wrongTries: f.codeAttempts,
        createdAt: f.createdAt,
        verifiedAt: f.verifiedAt ?? null,
        completedAt: f.completedAt ?? null,
        expiresAt: f.expiresAt,
      })),
    );
  }
}

/** Where a flow started other than online: an outreach event's desk and the officer there. */
export interface FlowOrigin {
  eventId: string;
  officerId: string;
}

/** Work a staff action adds to a flow change, in the same transaction (e.g. its audit row). */
export type FlowHook = (em: EntityManager, flow: RegistrationFlow) => Promise<void>;

function senderKey(ctx: RequestContext): string {
  return ctx.actor.kind === 'STAFF' ? `staff:${ctx.actor.staffId}` : addressKey(ctx.ip);
}

/** A flow as the helpdesk sees it: progress only, never its id (the applicant's credential) or codes. */
export interface RegistrationHistoryRow {
  step: string;
  channel: string;
  maskedDestination: string;
  sends: number;
  sentAt: Date[];
  wrongTries: number;
  createdAt: Date;
  verifiedAt: Date | null;
  completedAt: Date | null;
  expiresAt: Date;
}
