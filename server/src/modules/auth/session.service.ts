import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/request-context';
import { newToken, sha256 } from '../../shared/crypto';
import { StaffUser } from '../staff/staff.entity';
import { AuthSession } from './session.entity';

export const SESSION_TTL = { ACCOUNT: 12 * 3600, STAFF: 8 * 3600 } as const;

/** Opaque bearer sessions for applicants and staff; only the token hash is stored. */
export class SessionService {
  async create(
    em: EntityManager,
    subjectType: 'ACCOUNT' | 'STAFF',
    subjectId: string,
    ip: string | null,
  ): Promise<{ token: string; expiresAt: Date; sessionId: string }> {
    const token = newToken();
    const s = em.create(AuthSession, {
      tokenHash: sha256(token),
      subjectType,
      subjectId,
      ip,
      expiresAt: new Date(Date.now() + SESSION_TTL[subjectType] * 1000),
    });
    await em.flush();
    return { token, expiresAt: s.expiresAt, sessionId: s.id };
  }

  /** `Bearer <token>` (or the bare token) → who is calling. Unknown or expired tokens are anonymous. */
  async resolve(em: EntityManager, authorization: string | undefined | null): Promise<Actor> {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (!token || token.length > 200) return { kind: 'ANONYMOUS' };
    const s = await em.findOne(AuthSession, {
      tokenHash: sha256(token),
      revokedAt: null,
      expiresAt: { $gt: new Date() },
    });
    if (!s) return { kind: 'ANONYMOUS' };
    if (s.subjectType === 'ACCOUNT') {
      const rows = await em.execute<{ status: string }[]>('select status from account where id = ?', [s.subjectId]);
      if (rows[0]?.status !== 'ACTIVE') return { kind: 'ANONYMOUS' };
      return { kind: 'ACCOUNT', accountId: s.subjectId, sessionId: s.id };
    }
    const staff = await em.findOne(StaffUser, { id: s.subjectId, active: true });
    if (!staff) return { kind: 'ANONYMOUS' };
    return { kind: 'STAFF', staffId: staff.id, role: staff.role, sessionId: s.id };
  }

  async revoke(em: EntityManager, sessionId: string): Promise<void> {
    await em.nativeUpdate(AuthSession, { id: sessionId, revokedAt: null }, { revokedAt: new Date() });
  }

  /** Ends every session of a subject (password reset, cancellation). */
  async revokeAll(em: EntityManager, subjectId: string): Promise<void> {
    await em.nativeUpdate(AuthSession, { subjectId, revokedAt: null }, { revokedAt: new Date() });
  }
}
