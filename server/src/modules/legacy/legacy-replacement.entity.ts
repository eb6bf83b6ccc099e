import { randomBytes } from 'node:crypto';
import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { ReplacementStep } from './legacy-replacement.machine';

/**
 * The replacement of an OSS 1.1 account's credentials ("penggantian hak
 * akses"), opened by a login with the old password. Its id is an unguessable
 * capability (128 random bits), like a registration flow's.
 */
@Entity({ tableName: 'legacy_replacement' })
export class LegacyReplacement {
  [OptionalProps]?: 'createdAt' | 'codeAttempts' | 'sendTimes' | 'step';

  @PrimaryKey({ type: 'string', length: 32 })
  id: string = randomBytes(16).toString('hex');

  @Property({ type: 'uuid' })
  accountId: string;

  @Enum({ type: 'string', items: ['CONFIRM_DATA', 'VERIFY_CODE', 'SET_PASSWORD', 'DONE', 'EXPIRED'] })
  step: ReplacementStep = 'CONFIRM_DATA';

  @Property({ type: 'string', nullable: true })
  channel?: 'EMAIL' | 'WHATSAPP' | null;

  @Property({ type: 'string', nullable: true })
  email?: string | null;

  @Property({ type: 'string', nullable: true })
  phone?: string | null;

  /** Keyed HMAC of the current code (shared/code-mac.ts); null when no valid code exists. */
  @Property({ type: 'string', nullable: true, hidden: true })
  codeHash?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  codeExpiresAt?: Date | null;

  @Property({ type: 'integer' })
  codeAttempts: number = 0;

  /** ISO timestamps of every code sent, for the resend countdown and the hourly limit. */
  @Property({ type: 'json' })
  sendTimes: string[] = [];

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  confirmedAt?: Date | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  verifiedAt?: Date | null;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  completedAt?: Date | null;
}
