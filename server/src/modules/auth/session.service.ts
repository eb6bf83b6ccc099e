import type { EntityManager } from '@mikro-orm/postgresql';
import { newToken, sha256 } from '../../shared/crypto';
import { consentRequirement, type NoticePolicy } from '../../domain/consent';
import type { Actor, StaffRole } from '../../shared/request-context';
import { AuthSession } from './session.entity';

export interface SessionLimits {
  /** Applicant sessions: absolute lifetime. */
  accountSeconds: number;
  /** Staff sessions: absolute lifetime, and the idle time after which they end. */
  staffSeconds: number;
  staffIdleSeconds: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  accountSeconds: 12 * 3600,
  staffSeconds: 8 * 3600,
  staffIdleSeconds: 30 * 60,
};

/** A staff session's last use is written at most this often (not on every request). */
const TOUCH_SECONDS = 30;

/** Opaque bearer sessions for applicants and staff; only the token hash is stored. */
export class SessionService {
  constructor(
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    /** Which accepted notice versions still hold (an applicant session below it is limited to accepting). */
    private readonly notice: NoticePolicy = { version: 1 },
  ) {}

  async create(
    em: EntityManager,
    subjectType: 'ACCOUNT' | 'STAFF',
    subjectId: string,
    ip: string | null,
  ): Promise<{ token: string; expiresAt: Date; sessionId: string }> {
    const token = newToken();
    const ttl = subjectType === 'STAFF' ? this.limits.staffSeconds : this.limits.accountSeconds;
    const now = new Date();
    const s = em.create(AuthSession, {
      tokenHash: sha256(token),
      subjectType,
      subjectId,
      ip,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ttl * 1000),
    });
    await em.flush();
    return { token, expiresAt: s.expiresAt, sessionId: s.id };
  }

  /**
   * A session token → who is calling, in one statement. Unknown, expired or
   * revoked tokens, applicants whose account is not ACTIVE, disabled staff and
   * staff sessions idle too long are anonymous.
   *
   * `activity`: whether this call is use of the session. A request the person
   * made (HTTP) is; a check the server makes on its own (a WebSocket operation
   * or the watch over an open socket) is not, so a console left open still goes
   * idle. The actor's `validUntil` is when the session ends if nothing else
   * happens (absolute expiry, or the idle limit for staff).
   */
  async resolve(em: EntityManager, token: string, activity = true): Promise<Actor> {
    const rows = await em.execute<
      {
        id: string;
        subject_type: string;
        subject_id: string;
        role: StaffRole | null;
        unit_scope: string | null;
        touch: boolean;
        consent_version: number | null;
        password_change_required: boolean | null;
        expires_at: Date;
        last_seen_at: Date;
      }[]
    >(
      `select s.id, s.subject_type, s.subject_id, st.role, s.expires_at, s.last_seen_at, a.consent_version,
              st.password_change_required,
              case when u.national then null else st.unit_id end as unit_scope,
              s.last_seen_at < now() - make_interval(secs => ?) as touch
         from auth_session s
         left join account a on s.subject_type = 'ACCOUNT' and a.id = s.subject_id
         left join staff_user st on s.subject_type = 'STAFF' and st.id = s.subject_id
         left join service_unit u on u.id = st.unit_id
        where s.token_hash = ? and s.revoked_at is null and s.expires_at > now()
          and ((s.subject_type = 'ACCOUNT' and a.status = 'ACTIVE')
            or (s.subject_type = 'STAFF' and st.active
                and s.last_seen_at > now() - make_interval(secs => ?)))`,
      [TOUCH_SECONDS, sha256(token), this.limits.staffIdleSeconds],
    );
    const s = rows[0];
    if (!s) return { kind: 'ANONYMOUS' };
    let lastSeen = new Date(s.last_seen_at).getTime();
    if (activity && s.touch) {
      await em.execute('update auth_session set last_seen_at = now() where id = ?', [s.id]);
      lastSeen = Date.now();
    }
    const expires = new Date(s.expires_at).getTime();
    if (s.subject_type === 'ACCOUNT') {
      const consentRequired = consentRequirement(this.notice, s.consent_version);
      return {
        kind: 'ACCOUNT',
        accountId: s.subject_id,
        sessionId: s.id,
        validUntil: expires,
        ...(consentRequired ? { consentRequired } : {}),
      };
    }
    const idleEnd = lastSeen + this.limits.staffIdleSeconds * 1000;
    return {
      kind: 'STAFF',
      staffId: s.subject_id,
      role: s.role!,
      unitScope: s.unit_scope,
      sessionId: s.id,
      validUntil: Math.min(expires, idleEnd),
      ...(s.password_change_required ? { passwordChangeRequired: true as const } : {}),
    };
  }

  async revoke(em: EntityManager, sessionId: string): Promise<void> {
    await em.nativeUpdate(AuthSession, { id: sessionId, revokedAt: null }, { revokedAt: new Date() });
  }

  /** Ends every session of a subject but `keep` (the one that just changed the password). */
  async revokeOthers(em: EntityManager, subjectId: string, keep: string): Promise<void> {
    await em.nativeUpdate(AuthSession, { subjectId, id: { $ne: keep }, revokedAt: null }, { revokedAt: new Date() });
  }

  /** Ends every session of a subject (password reset, suspension, a staff user disabled). */
  async revokeAll(em: EntityManager, subjectId: string): Promise<void> {
    await em.nativeUpdate(AuthSession, { subjectId, revokedAt: null }, { revokedAt: new Date() });
  }
}
