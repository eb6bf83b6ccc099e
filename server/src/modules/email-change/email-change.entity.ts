import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { EmailChangeStatus } from './email-change.machine';

/** A request to replace an account's email ("email sudah tidak aktif", or a helpdesk change). */
@Entity({ tableName: 'email_change_request' })
export class EmailChangeRequest {
  [OptionalProps]?: 'createdAt' | 'status';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Null when no live account holds the NIK: the request is still recorded, so the answer reveals nothing. */
  @Property({ type: 'uuid', nullable: true })
  accountId?: string | null;

  @Property({ type: 'string', nullable: true })
  nik?: string | null;

  @Property({ type: 'string' })
  newEmail: string;

  @Property({ type: 'text' })
  reason: string;

  @Property({ type: 'string' })
  source: 'SELF_SERVICE' | 'STAFF';

  @Property({ type: 'string' })
  status: EmailChangeStatus = 'OPEN';

  @Property({ type: 'string', nullable: true })
  ip?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'text', nullable: true })
  decisionNote?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  confirmedAt?: Date | null;
}
