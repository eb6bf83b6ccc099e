import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context';
import { Topics } from '../../graphql/events';
import { normalizeEmail } from '../../domain/email';
import { maskEmail, maskNik, maskPhone, maskText } from '../../domain/mask';
import { looksLikePhone, normalizePhone } from '../../domain/phone';
import { AppError, ValidationError, rateLimited, unauthenticated } from '../../shared/errors';
import { dummyHash, sha256, verifySecret } from '../../shared/crypto';
import { LOGIN_LIMITS } from '../auth/throttle.service';
import type { CaptchaAnswerInput } from '../captcha/captcha.service';
import { Account, AccountProfile } from './account.entity';
import type { AccountType } from './account.types';
import type { GenderEnum } from '../../graphql/enums';
import { usernameCandidate } from './username';

/** Days an account stays ACTIVE without licensing activity (DESIGN.md "30-day rule"). */
export const ACCOUNT_GRACE_DAYS = 30;

export interface NewAccountData {
  scale: string;
  nonUmkKind?: string | null;
  actorType: string;
  entityType?: string | null;
  nik?: string | null;
  email?: string | null;
  phone?: string | null;
  emailVerified: boolean;
  phoneVerified: boolean;
  fullName?: string | null;
  companyName?: string | null;
  birthDate?: string | null;
  gender?: string | null;
  address?: string | null;
  villageCode?: string | null;
  provinceCode?: string | null;
  passwordHash: string;
  warnings: string[];
  npwp?: string | null;
  passportNumber?: string | null;
  passportCountry?: string | null;
  nationality?: string | null;
  profile?: AccountProfile;
}

const COLLISION_MESSAGES: Record<string, [string, string]> = {
  account_nik_scale_live: ['nik', 'NIK ini sudah memiliki akun OSS yang aktif. Silakan masuk, atau gunakan "Lupa Akun".'],
  account_email_live: ['email', 'Email ini sudah digunakan oleh akun OSS yang aktif. Silakan masuk, atau gunakan "Lupa Kata Sandi".'],
  account_passport_scale_live: ['passport', 'Paspor ini sudah memiliki akun OSS yang aktif untuk skala ini. Silakan masuk, atau gunakan "Lupa Kata Sandi".'],
  account_npwp_entity_live: ['company.npwp', 'NPWP ini sudah terdaftar untuk jenis badan usaha yang sama. Silakan masuk, atau hubungi layanan bantuan OSS.'],
  account_phone_live: ['phone', 'Nomor telepon ini sudah digunakan oleh akun OSS yang aktif. Silakan masuk, atau gunakan "Lupa Kata Sandi".'],
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

export class AccountService {
  /** Whether a live (non-cancelled) account already holds this NIK or passport (per scale), or this email or phone verified. */
  async holderExists(
    em: EntityManager,
    q: { nik?: string | null; passport?: { issuingCountry: string; number: string } | null; scale?: string; email?: string | null; phone?: string | null },
  ): Promise<boolean> {
    const rows = await em.execute<{ taken: boolean }[]>(
      `select exists (select 1 from account
        where status <> 'CANCELLED'
          and ((actor_type = 'INDIVIDUAL' and nik = ? and scale = ?)
            or (actor_type = 'INDIVIDUAL' and passport_country = ? and passport_number = ? and scale = ?)
            or (email = ? and email_verified_at is not null)
            or (phone = ? and phone_verified_at is not null))) as taken`,
      [q.nik ?? null, q.scale ?? null, q.passport?.issuingCountry ?? null, q.passport?.number ?? null, q.scale ?? null, q.email ?? null, q.phone ?? null],
    );
    return rows[0].taken;
  }

  /**
   * Creates an ACTIVE account in the caller's transaction, with a welcome
   * message and an ACCOUNT_STATUS_CHANGED event that are committed with it.
   * Throws VALIDATION_FAILED when a concurrent registration took the NIK, email or phone.
   */
  async createActive(ctx: Context, em: EntityManager, data: NewAccountData): Promise<Account> {
    const now = new Date();
    const username = await this.freeUsername(em, (data.actorType === 'BUSINESS_ENTITY' ? data.companyName : data.fullName) ?? 'oss');
    const account = em.create(Account, {
      username,
      scale: data.scale,
      nonUmkKind: data.nonUmkKind ?? null,
      actorType: data.actorType,
      entityType: data.entityType ?? null,
      nik: data.nik ?? null,
      email: data.email ?? null,
      phone: data.phone ?? null,
      fullName: data.fullName ?? null,
      companyName: data.companyName ?? null,
      birthDate: data.birthDate ?? null,
      gender: data.gender ?? null,
      address: data.address ?? null,
      villageCode: data.villageCode ?? null,
      provinceCode: data.provinceCode ?? null,
      passwordHash: data.passwordHash,
      warnings: data.warnings,
      npwp: data.npwp ?? null,
      passportNumber: data.passportNumber ?? null,
      passportCountry: data.passportCountry ?? null,
      nationality: data.nationality ?? null,
      profile: data.profile ?? {},
      activatedAt: now,
      expiresAt: new Date(now.getTime() + ACCOUNT_GRACE_DAYS * 86400_000),
      emailVerifiedAt: data.emailVerified ? now : null,
      phoneVerifiedAt: data.phoneVerified ? now : null,
    });
    await flushOrCollision(em);
    await ctx.services.outbox.enqueue(em, {
      ...this.contactFor(account)!, // the channel just verified by the registration
      template: 'welcome',
      params: [account.username],
      accountId: account.id,
    });
    await ctx.services.events.publishInTransaction(em, Topics.ACCOUNT_STATUS_CHANGED, {
      accountId: account.id,
      status: account.status,
      previousStatus: null,
      activatedAt: account.activatedAt!.toISOString(),
      expiresAt: account.expiresAt!.toISOString(),
      at: now.toISOString(),
      reason: 'Pendaftaran selesai',
    });
    ctx.services.audit.record(ctx, em, { action: 'ACCOUNT_CREATED', targetType: 'account', targetId: account.id });
    return account;
  }

  private async freeUsername(em: EntityManager, name: string): Promise<string> {
    for (let i = 0; i < 20; i++) {
      const candidate = usernameCandidate(name);
      const taken = await em.execute('select 1 from account where username = ?', [candidate]);
      if (taken.length === 0) return candidate;
    }
    throw new AppError('INTERNAL_SERVER_ERROR', 'Gagal membuat nama pengguna. Silakan coba lagi.');
  }

  /** Identifier (username, email or phone) → the live account's lookup column and value. */
  identifierWhere(identifier: string): { column: 'username' | 'email' | 'phone'; value: string } | undefined {
    const raw = identifier.trim();
    if (raw.includes('@')) {
      const e = normalizeEmail(raw);
      return e.ok ? { column: 'email', value: e.email } : undefined;
    }
    if (looksLikePhone(raw)) {
      const p = normalizePhone(raw);
      return p.ok ? { column: 'phone', value: p.e164 } : undefined;
    }
    return /^[a-z0-9._-]{3,40}$/i.test(raw) ? { column: 'username', value: raw.toLowerCase() } : undefined;
  }

  /** The live account an identifier names; an email or phone counts only where it was verified. */
  async findByIdentifier(em: EntityManager, identifier: string): Promise<Account | null> {
    const where = this.identifierWhere(identifier);
    if (!where) return null;
    const verified =
      where.column === 'email' ? { emailVerifiedAt: { $ne: null } } : where.column === 'phone' ? { phoneVerifiedAt: { $ne: null } } : {};
    return em.findOne(Account, { [where.column]: where.value, status: { $ne: 'CANCELLED' }, ...verified });
  }

  async get(em: EntityManager, id: string): Promise<Account | null> {
    return /^[0-9a-f-]{36}$/i.test(id) ? em.findOne(Account, { id }) : null;
  }

  /** The live individual account holding a NIK; with several (one per scale), one with an NIB first when `preferNib`, else the newest. */
  async findLiveByNik(em: EntityManager, nik: string, preferNib = false): Promise<Account | null> {
    const rows = await em.find(Account, { nik, status: { $ne: 'CANCELLED' } }, { orderBy: { createdAt: 'desc' } });
    return (preferNib ? rows.find((a) => a.nib) : undefined) ?? rows[0] ?? null;
  }

  /** The channel to reach an account on: the identifier's own channel when verified, else email, else WhatsApp. */
  contactFor(a: Account, prefer?: 'email' | 'phone' | 'username'): { channel: 'EMAIL' | 'WHATSAPP'; recipient: string } | undefined {
    const email = a.email && a.emailVerifiedAt ? { channel: 'EMAIL' as const, recipient: a.email } : undefined;
    const phone = a.phone && a.phoneVerifiedAt ? { channel: 'WHATSAPP' as const, recipient: a.phone } : undefined;
    if (prefer === 'phone' && phone) return phone;
    return email ?? phone;
  }

  /** Replaces the password (the caller checked the policy), ends every session and clears the login lock. */
  async replacePassword(em: EntityManager, account: Account, passwordHash: string, services: Pick<Context['services'], 'sessions' | 'throttle'>): Promise<void> {
    account.passwordHash = passwordHash;
    await em.flush();
    await services.sessions.revokeAll(em, account.id);
    await services.throttle.reset(em, `acct:${account.id}`);
  }

  /** Sets a confirmed email. Throws VALIDATION_FAILED when another live account took it meanwhile. */
  async replaceEmail(em: EntityManager, account: Account, email: string): Promise<void> {
    account.email = email;
    account.emailVerifiedAt = new Date();
    await flushOrCollision(em);
  }

  /** Sends the welcome/activation message (with the username) again [HELPDESK+]. */
  async resendActivation(ctx: Context, id: string): Promise<boolean> {
    return ctx.em.transactional(async (em) => {
      const account = await this.get(em, id);
      if (!account) throw new AppError('NOT_FOUND', 'Akun tidak ditemukan.');
      if (account.status !== 'ACTIVE') throw new AppError('CONFLICT', 'Pesan aktivasi hanya dapat dikirim ulang untuk akun yang aktif.');
      const contact = this.contactFor(account);
      if (!contact) throw new AppError('CONFLICT', 'Akun ini tidak memiliki email atau nomor telepon yang terverifikasi.');
      await ctx.services.outbox.enqueue(em, { ...contact, template: 'welcome', params: [account.username], accountId: account.id });
      ctx.services.audit.record(ctx, em, { action: 'ACTIVATION_RESENT', targetType: 'account', targetId: account.id, details: { channel: contact.channel } });
      return true;
    });
  }

  /**
   * Applicant login. Unknown identifiers and wrong passwords do the same work
   * (one argon2 verification) and give the same error; locks are per account
   * (or per unknown identifier) and per IP, stored in PostgreSQL.
   */
  async login(ctx: Context, identifier: string, password: string, captcha?: CaptchaAnswerInput | null) {
    const { em, services } = ctx;
    await services.captcha.verify(ctx, captcha);
    const account = await this.findByIdentifier(em, identifier);
    const subjectKey = account ? `acct:${account.id}` : `ident:${sha256(identifier.trim().toLowerCase())}`;
    const ipKey = ctx.ip ? `ip:${ctx.ip}` : undefined;
    const wait = await services.throttle.lockedFor(em, ipKey ? [subjectKey, ipKey] : [subjectKey]);
    if (wait > 0) throw rateLimited(wait, 'Terlalu banyak percobaan masuk yang gagal. Silakan coba lagi nanti.');

    const ok = await verifySecret(account?.passwordHash ?? (await dummyHash()), password);
    if (!account || !ok) {
      await services.throttle.recordFailure(em, subjectKey, LOGIN_LIMITS.perAccount);
      if (ipKey) await services.throttle.recordFailure(em, ipKey, LOGIN_LIMITS.perIp);
      throw unauthenticated();
    }
    if (account.status === 'SUSPENDED') {
      throw new AppError('FORBIDDEN', 'Akun Anda ditangguhkan. Silakan hubungi layanan bantuan OSS.');
    }
    await services.throttle.reset(em, subjectKey);
    const session = await services.sessions.create(em, 'ACCOUNT', account.id, ctx.ip);
    return { token: session.token, expiresAt: session.expiresAt, account: this.toView(ctx, account, { asOwner: true }) };
  }

  async logout(ctx: Context): Promise<boolean> {
    const p = ctx.principal;
    if (p.kind === 'ANONYMOUS') throw unauthenticated();
    await ctx.services.sessions.revoke(ctx.em, p.sessionId);
    return true;
  }

  async me(ctx: Context): Promise<AccountType | null> {
    const p = ctx.principal;
    if (p.kind !== 'ACCOUNT') return null;
    const account = await ctx.em.findOne(Account, { id: p.accountId });
    return account ? this.toView(ctx, account) : null;
  }

  /**
   * The GraphQL shape of an account. The owner and staff see NIK, email and
   * phone unmasked (staff reads are audited); anyone else sees them masked.
   */
  toView(ctx: Context, a: Account, opts: { asOwner?: boolean } = {}): AccountType {
    const p = ctx.principal;
    const owner = opts.asOwner === true || (p.kind === 'ACCOUNT' && p.accountId === a.id);
    const staff = !owner && p.kind === 'STAFF';
    if (staff) {
      ctx.services.audit.record(ctx, ctx.em, { action: 'PII_VIEW', targetType: 'account', targetId: a.id, details: { fields: ['nik', 'email', 'phone'] } });
    }
    const clear = owner || staff;
    return {
      id: a.id,
      username: a.username,
      status: a.status as AccountType['status'],
      scale: a.scale as AccountType['scale'],
      nonUmkKind: a.nonUmkKind as AccountType['nonUmkKind'],
      actorType: a.actorType as AccountType['actorType'],
      entityType: a.entityType as AccountType['entityType'],
      nik: a.nik && (clear ? a.nik : maskNik(a.nik)),
      npwp: a.npwp,
      passportNumber: a.passportNumber && (clear ? a.passportNumber : maskText(a.passportNumber)),
      passportCountry: a.passportCountry,
      nationality: a.nationality,
      company: a.profile.company ?? null,
      director: a.profile.director
        ? { ...a.profile.director, gender: a.profile.director.gender as GenderEnum, nik: clear ? a.profile.director.nik : maskNik(a.profile.director.nik) }
        : null,
      passport: a.profile.passport && clear ? { ...a.profile.passport, gender: a.profile.passport.gender as GenderEnum } : null,
      email: a.email && (clear ? a.email : maskEmail(a.email)),
      phone: a.phone && (clear ? a.phone : maskPhone(a.phone)),
      fullName: a.fullName,
      companyName: a.companyName,
      birthDate: a.birthDate,
      gender: a.gender as AccountType['gender'],
      villageCode: a.villageCode,
      provinceCode: a.provinceCode,
      warnings: a.warnings,
      createdAt: a.createdAt,
      activatedAt: a.activatedAt,
      expiresAt: a.expiresAt,
      licensingStartedAt: a.licensingStartedAt,
      nib: a.nib,
      emailVerifiedAt: a.emailVerifiedAt,
      phoneVerifiedAt: a.phoneVerifiedAt,
    };
  }
}
