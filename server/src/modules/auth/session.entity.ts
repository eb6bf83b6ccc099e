import { randomUUID } from 'node:crypto';
import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A bearer session of an applicant or a staff user. Only the SHA-256 of the
 * opaque token is stored.
 */
@Entity({ tableName: 'auth_session' })
export class AuthSession {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', unique: true, hidden: true })
  tokenHash: string;

  @Property({ type: 'string' })
  subjectType: 'ACCOUNT' | 'STAFF';

  @Index()
  @Property({ type: 'uuid' })
  subjectId: string;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  /** Last use (written at most every 30 s); staff sessions end after an idle period. */
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  lastSeenAt?: Date | null;

  @Property({ type: 'string', nullable: true })
  ip?: string | null;
}
