import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Secret, TOTP } from 'otpauth';
import type { Context } from '../../graphql/context';
import { checkPassword } from '../../domain/password';
import { AppError, ValidationError, rateLimited, unauthenticated } from '../../shared/errors';
import { dummyHash, hashSecret, sha256, verifySecret } from '../../shared/crypto';
import { LOGIN_LIMITS } from '../auth/throttle.service';
import { StaffRole, StaffUser } from './staff.entity';

const ROLES_WITH_TOTP: StaffRole[] = ['SUPERVISOR', 'ADMIN'];

function totpFor(username: string, secret: string): TOTP {
  return new TOTP({ issuer: 'Hak Akses', label: username, secret: Secret.fromBase32(secret), digits: 6, period: 30 });
}

/** A password a person can type: 16 chars with every class the policy asks for. */
function generatePassword(): string {
  const body = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
  return `${body}#7a`;
}

export class StaffService {
  /** Used by the CLI. Prints nothing: the caller shows the password / otpauth URI once. */
  async create(
    em: EntityManager,
    input: { username: string; role: StaffRole; password?: string },
  ): Promise<{ staff: StaffUser; generatedPassword?: string; otpauthUri?: string }> {
    const username = input.username.trim().toLowerCase();
    if (!/^[a-z][a-z0-9._-]{2,31}$/.test(username)) {
      throw new ValidationError({ username: 'Nama pengguna staf 3-32 karakter: huruf kecil, angka, titik, garis bawah atau strip.' });
    }
    const password = input.password ?? generatePassword();
    const weak = checkPassword(password, { username });
    if (weak) throw new ValidationError({ password: weak });
    if (await em.findOne(StaffUser, { username })) {
      throw new AppError('CONFLICT', `Staf dengan nama pengguna ${username} sudah ada.`);
    }
    const totpSecret = ROLES_WITH_TOTP.includes(input.role) ? new Secret({ size: 20 }).base32 : null;
    const staff = em.create(StaffUser, { username, role: input.role, passwordHash: await hashSecret(password), totpSecret });
    await em.flush();
    return {
      staff,
      generatedPassword: input.password ? undefined : password,
      otpauthUri: totpSecret ? totpFor(username, totpSecret).toString() : undefined,
    };
  }

  async login(ctx: Context, username: string, password: string, totp?: string | null) {
    const { em } = ctx;
    const name = username.trim().toLowerCase();
    const keys = [`staff:${sha256(name)}`, ...(ctx.ip ? [`ip:${ctx.ip}`] : [])];
    const wait = await ctx.services.throttle.lockedFor(em, keys);
    if (wait > 0) throw rateLimited(wait, 'Terlalu banyak percobaan masuk. Silakan coba lagi nanti.');

    const staff = await em.findOne(StaffUser, { username: name, active: true });
    const ok = await verifySecret(staff?.passwordHash ?? (await dummyHash()), password);
    const totpOk = !staff?.totpSecret || (!!totp && totpFor(staff.username, staff.totpSecret).validate({ token: totp.trim(), window: 1 }) !== null);
    if (!staff || !ok || !totpOk) {
      await ctx.services.throttle.recordFailure(em, keys[0], LOGIN_LIMITS.perAccount);
      if (ctx.ip) await ctx.services.throttle.recordFailure(em, `ip:${ctx.ip}`, LOGIN_LIMITS.perIp);
      if (staff && ok && !totpOk) throw new AppError('UNAUTHENTICATED', 'Kode autentikator (TOTP) salah atau belum diisi.');
      throw unauthenticated();
    }
    await ctx.services.throttle.reset(em, keys[0]);
    const session = await ctx.services.sessions.create(em, 'STAFF', staff.id, ctx.ip);
    ctx.services.audit.record({ ...ctx, principal: { kind: 'STAFF', staffId: staff.id, role: staff.role, sessionId: session.sessionId } }, em, {
      action: 'STAFF_LOGIN',
      targetType: 'staff_user',
      targetId: staff.id,
    });
    await em.flush();
    return { token: session.token, expiresAt: session.expiresAt, staff };
  }
}
