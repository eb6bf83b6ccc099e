import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { DataRequestStatus } from './data-request.machine';

/** How a request reached us: the applicant's own session, or staff who checked the caller's identity. */
export type DataRequestVia = 'SELF_SERVICE' | 'STAFF';

/** A data-subject request under UU PDP (access, correction, deletion, restriction, objection, consent withdrawal). */
@Entity({ tableName: 'data_subject_request' })
export class DataSubjectRequest {
  [OptionalProps]?: 'createdAt' | 'status';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** e.g. PDP-2026-000042: what the applicant quotes. */
  @Property({ type: 'string', unique: true })
  number: string;

  @Property({ type: 'uuid' })
  accountId: string;

  /** ACCESS, CORRECTION, DELETION, RESTRICTION, OBJECTION or CONSENT_WITHDRAWAL. */
  @Property({ type: 'string' })
  kind: string;

  @Property({ type: 'string' })
  status: DataRequestStatus = 'OPEN';

  /** What the applicant asks, in their words (may hold personal data). */
  @Property({ type: 'text', nullable: true })
  details?: string | null;

  @Property({ type: 'string' })
  via: DataRequestVia;

  /** The staff user who filed it for a caller. */
  @Property({ type: 'uuid', nullable: true })
  filedBy?: string | null;

  /** How that staff user checked the caller was the account holder. */
  @Property({ type: 'text', nullable: true })
  identityCheck?: string | null;

  @Property({ type: 'uuid', nullable: true })
  assigneeId?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  /** The legal deadline: filing + the hours its kind allows (72 by default). */
  @Property({ type: 'Date', columnType: 'timestamptz' })
  dueAt: Date;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  decidedBy?: string | null;

  /** What was done, or why it was refused; told to the applicant. */
  @Property({ type: 'text', nullable: true })
  reason?: string | null;
}
