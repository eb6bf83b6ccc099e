import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

export type TokenPurpose = 'PASSWORD_RESET' | 'EMAIL_CHANGE';

/** A single-use link token sent to an account's channel; only its SHA-256 is stored. */
@Entity({ tableName: 'account_token' })
export class AccountToken {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  accountId: string;

  @Property({ type: 'string' })
  purpose: TokenPurpose;

  @Property({ type: 'string', unique: true, hidden: true })
  tokenHash: string;

  /** What the token acts on besides the account, e.g. the email-change request. */
  @Property({ type: 'uuid', nullable: true })
  subjectId?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  usedAt?: Date | null;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}
