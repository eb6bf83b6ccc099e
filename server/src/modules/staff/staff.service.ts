import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Secret, TOTP } from 'otpauth';
import type { RequestContext } from '../../shared/request-context';
import { checkPassword } from '../../domain/password';
import { AppError, notFound, ValidationError } from '../../shared/errors';
import { requireUuid } from '../../shared/ids';
import { hashSecret } from '../../shared/crypto';
import type { AuditService } from '../audit/audit.service';
import type { PasswordLogin } from '../auth/password-login';
import type { SessionService } from '../auth/session.service';
import { ServiceUnit } from '../service-unit/service-unit.entity';
import { StaffRole, StaffUser } from './staff.entity';
import { addressKey } from '../../shared/client-address';

const ROLES_WITH_TOTP: StaffRole[] = ['SUPERVISOR', 'ADMIN'];
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

function totpFor(username: string, secret: string): TOTP {
  return new TOTP({ issuer: 'Hak Akses', label: username, secret: Secret.fromBase32(secret), digits: 6, period: 30 });
}

/** A password a person can type: 16 chars with every class the policy asks for. */
function generatePassword(): string {
  const body = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
  return `${body}#7a`;
}

/** A generated password the policy accepts for this user. */
function passwordFor(username: string): string {
  // A random password can, about once in 2,500, contain a piece of the username the policy refuses: draw again.
  let password = generatePassword();
  for (let i = 0; i < 10 && checkPassword(password, { username }); i++) password = generatePassword();
  return password;
}

/** Whether the staff role signs in with a TOTP code as its second factor. */
export const roleHasTotp = (role: StaffRole) => ROLES_WITH_TOTP.includes(role);

/** An administrator acting on their own staff user through an action meant for others. */
function refuseSelf(ctx: RequestContext, staffId: string, message: string): void {
  if (ctx.actor.kind === 'STAFF' && ctx.actor.staffId === staffId) throw new AppError('CONFLICT', message);
}

export class StaffService {
  constructor(
    private readonly passwords: PasswordLogin,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  /** Used by the CLI. Prints nothing: the caller shows the password / otpauth URI once. */
  async create(
    em: EntityManager,
    input: { username: string; role: StaffRole; password?: string; demo?: boolean },
  ): Promise<{ staff: StaffUser; generatedPassword?: string; otpauthUri?: string }> {
    const username = input.username.trim().toLowerCase();
    if (!/^[a-z][a-z0-9._-]{2,31}$/.test(username)) {
      throw new ValidationError({
        username: 'Nama pengguna staf 3-32 karakter: huruf kecil, angka, titik, garis bawah atau strip.',
      });
    }
    const password = input.password ?? passwordFor(username);
    const weak = checkPassword(password, { username });
    if (weak) throw new ValidationError({ password: weak });
    if (await em.findOne(StaffUser, { username })) {
      throw new AppError('CONFLICT', `Staf dengan nama pengguna ${username} sudah ada.`);
    }
    const totpSecret = ROLES_WITH_TOTP.includes(input.role) ? new Secret({ size: 20 }).base32 : null;
    const staff = em.create(StaffUser, {
      username,
      role: input.role,
      passwordHash: await hashSecret(password),
      totpSecret,
      demo: input.demo ?? false,
    });
    await em.flush();
    return {
      staff,
      generatedPassword: input.password ? undefined : password,
      otpauthUri: totpSecret ? totpFor(username, totpSecret).toString() : undefined,
    };
  }

  /**
   * Staff login. SUPERVISOR and ADMIN also need the TOTP code; a wrong one
   * answers exactly like a wrong password. Failures are counted per username
   * and client address (plus the address's own limit), so nobody can lock a
   * staff user out from elsewhere by knowing the name.
   */
  async login(ctx: RequestContext, username: string, password: string, totp?: string | null) {
    const { em } = ctx;
    const name = username.trim().toLowerCase();
    const staff = await em.findOne(StaffUser, { username: name, active: true });
    await this.passwords.check(em, {
      subjectKey: `staff:${this.passwords.subject(name)}:ip:${addressKey(ctx.ip)}`,
      ip: ctx.ip,
      passwordHash: staff?.passwordHash,
      password,
      secondFactor: (passwordOk) => this.acceptTotpOnce(em, staff, totp, passwordOk),
    });
    staff!.lastLoginAt = new Date();
    const session = await this.sessions.create(em, 'STAFF', staff!.id, ctx.ip);
    const actor = { kind: 'STAFF' as const, staffId: staff!.id, role: staff!.role, sessionId: session.sessionId };
    this.audit.record({ actor, ip: ctx.ip }, em, {
      action: 'STAFF_LOGIN',
      targetType: 'staff_user',
      targetId: staff!.id,
    });
    await em.flush();
    const unit = await em.findOne(ServiceUnit, { id: staff!.unitId });
    return {
      token: session.token,
      expiresAt: session.expiresAt,
      staff: staff!,
      passwordChangeRequired: staff!.passwordChangeRequired,
      national: unit?.national ?? false,
    };
  }

  /**
   * A TOTP code is accepted once: its time step must be later than the last
   * accepted one, and taking it is one conditional UPDATE, so of two parallel
   * logins with the same code only one wins. The statement runs for every
   * attempt, for every role and for unknown names (a wrong code or password
   * updates nothing), so a replayed code costs the same time as a wrong one.
   * Roles without a second factor pass.
   */
  private async acceptTotpOnce(
    em: EntityManager,
    staff: StaffUser | null,
    code: string | null | undefined,
    passwordOk: boolean,
  ): Promise<boolean> {
    const totp = staff?.totpSecret ? totpFor(staff.username, staff.totpSecret) : null;
    const now = Date.now();
    const delta = totp && code ? totp.validate({ token: code.trim(), timestamp: now, window: 1 }) : null;
    const step = totp && delta !== null ? totp.counter({ timestamp: now }) + delta : null;
    const rows = await em.execute<{ id: string }[]>(
      `update staff_user set totp_last_step = ?
        where id = ? and ?::bigint is not null and ? and (totp_last_step is null or totp_last_step < ?)
        returning id`,
      [step, staff?.id ?? NIL_UUID, step, passwordOk, step],
    );
    return totp ? rows.length === 1 : true;
  }

  async isActive(em: EntityManager, id: string): Promise<boolean> {
    return (await em.count(StaffUser, { id, active: true })) > 0;
  }

  byIds(em: EntityManager, ids: readonly string[]): Promise<StaffUser[]> {
    return em.find(StaffUser, { id: { $in: [...ids] } }).then((rows) => {
      const by = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => by.get(id)!);
    });
  }

  list(em: EntityManager): Promise<StaffUser[]> {
    return em.find(StaffUser, {}, { orderBy: { username: 'asc' } });
  }

  /** [ADMIN] A new staff user; the one-time password (and TOTP URI) are shown once. */
  async createByAdmin(ctx: RequestContext, username: string, role: StaffRole) {
    return ctx.em.transactional(async (em) => {
      const created = await this.create(em, { username, role });
      // The administrator knows this password too: the new user replaces it at first login.
      created.staff.passwordChangeRequired = true;
      this.audit.record(ctx, em, {
        action: 'STAFF_CREATED',
        targetType: 'staff_user',
        targetId: created.staff.id,
        details: { username: created.staff.username, role },
      });
      return created;
    });
  }

  /** [ADMIN] Disables a staff user and ends their sessions. Nobody disables themselves. */
  async disable(ctx: RequestContext, id: string): Promise<StaffUser> {
    const staffId = requireUuid(id);
    refuseSelf(ctx, staffId, 'Anda tidak dapat menonaktifkan akun Anda sendiri.');
    return ctx.em.transactional(async (em) => {
      const staff = await em.findOne(StaffUser, { id: staffId });
      if (!staff) throw notFound('Staf');
      staff.active = false;
      await em.flush();
      await this.sessions.revokeAll(em, staff.id);
      this.audit.record(ctx, em, { action: 'STAFF_DISABLED', targetType: 'staff_user', targetId: staff.id });
      return staff;
    });
  }

  /**
   * [ADMIN] A new TOTP secret (the old authenticator stops working); sessions end.
   * Only for roles that sign in with TOTP, and never for the caller's own user
   * (an administrator who lost their device asks another administrator).
   */
  async resetTotp(ctx: RequestContext, id: string): Promise<{ staff: StaffUser; otpauthUri: string }> {
    const staffId = requireUuid(id);
    refuseSelf(ctx, staffId, 'Anda tidak dapat mengatur ulang TOTP akun Anda sendiri; minta administrator lain.');
    return ctx.em.transactional(async (em) => {
      const staff = await em.findOne(StaffUser, { id: staffId });
      if (!staff) throw notFound('Staf');
      if (!roleHasTotp(staff.role)) {
        throw new AppError('CONFLICT', `Peran ${staff.role} tidak memakai TOTP; tidak ada yang perlu diatur ulang.`);
      }
      staff.totpSecret = new Secret({ size: 20 }).base32;
      await em.flush();
      await this.sessions.revokeAll(em, staff.id);
      this.audit.record(ctx, em, { action: 'STAFF_TOTP_RESET', targetType: 'staff_user', targetId: staff.id });
      return { staff, otpauthUri: totpFor(staff.username, staff.totpSecret).toString() };
    });
  }

  /**
   * [ADMIN] A new generated password for another staff user, shown once to
   * the administrator who hands it over. The old password stops working and
   * every session of that user ends; the TOTP secret stays. Not for the
   * caller's own user (they change nothing they could not already sign in with).
   */
  async resetPassword(ctx: RequestContext, id: string): Promise<{ staff: StaffUser; password: string }> {
    const staffId = requireUuid(id);
    refuseSelf(ctx, staffId, 'Anda tidak dapat menerbitkan kata sandi sekali pakai untuk akun Anda sendiri.');
    return ctx.em.transactional(async (em) => {
      const staff = await em.findOne(StaffUser, { id: staffId });
      if (!staff) throw notFound('Staf');
      if (!staff.active) throw new AppError('CONFLICT', 'Staf ini sudah dinonaktifkan.');
      const password = passwordFor(staff.username);
      staff.passwordHash = await hashSecret(password);
      staff.passwordChangeRequired = true;
      await em.flush();
      await this.sessions.revokeAll(em, staff.id);
      this.audit.record(ctx, em, { action: 'STAFF_PASSWORD_RESET', targetType: 'staff_user', targetId: staff.id });
      return { staff, password };
    });
  }

  /**
   * The signed-in officer replaces their password: the current one is checked
   * like a login (counted against the same per-user-and-address limit, so a
   * session left open cannot be used to guess it), the new one must pass the
   * policy, differ from the current one and be typed twice. Every other
   * session of the user ends; this one carries on, no longer limited to this
   * call if the password was an administrator's.
   */
  async changeOwnPassword(
    ctx: RequestContext,
    input: { currentPassword: string; newPassword: string; newPasswordConfirmation: string },
  ): Promise<StaffUser> {
    if (ctx.actor.kind !== 'STAFF') throw new AppError('FORBIDDEN', 'Hanya untuk staf yang masuk.');
    const { staffId, sessionId } = ctx.actor;
    const staff = await ctx.em.findOne(StaffUser, { id: staffId, active: true });
    if (!staff) throw notFound('Staf');
    const weak = checkPassword(input.newPassword, { username: staff.username });
    if (weak) throw new ValidationError({ newPassword: weak });
    if (input.newPassword !== input.newPasswordConfirmation) {
      throw new ValidationError({ newPasswordConfirmation: 'Konfirmasi kata sandi tidak sama.' });
    }
    if (input.newPassword === input.currentPassword) {
      throw new ValidationError({ newPassword: 'Kata sandi baru harus berbeda dari kata sandi saat ini.' });
    }
    try {
      await this.passwords.check(ctx.em, {
        subjectKey: `staff:${this.passwords.subject(staff.username)}:ip:${addressKey(ctx.ip)}`,
        ip: ctx.ip,
        passwordHash: staff.passwordHash,
        password: input.currentPassword,
      });
    } catch (e) {
      // A wrong current password is a mistake in the form, not the end of this session.
      if (e instanceof AppError && e.code === 'UNAUTHENTICATED') {
        throw new ValidationError({ currentPassword: 'Kata sandi saat ini salah.' });
      }
      throw e;
    }
    const newHash = await hashSecret(input.newPassword);
    return ctx.em.transactional(async (em) => {
      // Only over the password just checked: an administrator's reset in between wins, and this change is refused.
      const changed = await em.nativeUpdate(
        StaffUser,
        { id: staffId, passwordHash: staff.passwordHash, active: true },
        { passwordHash: newHash, passwordChangeRequired: false },
      );
      if (changed !== 1) {
        throw new AppError(
          'CONFLICT',
          'Kata sandi Anda baru saja diubah di tempat lain. Masuk kembali, lalu coba lagi.',
        );
      }
      const own = await em.findOneOrFail(StaffUser, { id: staffId }, { refresh: true });
      await this.sessions.revokeOthers(em, staffId, sessionId);
      this.audit.record(ctx, em, { action: 'STAFF_PASSWORD_CHANGED', targetType: 'staff_user', targetId: staffId });
      return own;
    });
  }
}
