import { randomBytes, randomUUID } from 'node:crypto';
import { Embedded, Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ApplicantKind } from '../account/applicant-kind';
import type { Passport } from '../../domain/passport';
import type { RegistrationStep } from './registration.machine';

/**
 * A registration flow: not yet an account. Its id is an unguessable
 * capability (128 random bits), so knowing it is the applicant's credential
 * until the account exists.
 */
@Entity({ tableName: 'registration_flow' })
export class RegistrationFlow {
  [OptionalProps]?: 'createdAt' | 'codeAttempts' | 'sendTimes' | 'warnings' | 'step' | 'reference';

  @PrimaryKey({ type: 'string', length: 32 })
  id: string = randomBytes(16).toString('hex');

  @Enum({ type: 'string', items: ['VERIFY_CODE', 'SET_PASSWORD', 'COMPLETE_PROFILE', 'DONE', 'EXPIRED'] })
  step: RegistrationStep = 'VERIFY_CODE';

  @Embedded(() => ApplicantKind, { prefix: false })
  kind: ApplicantKind;

  @Property({ type: 'string', nullable: true })
  nik?: string | null;

  @Property({ type: 'string' })
  channel: 'EMAIL' | 'WHATSAPP';

  @Property({ type: 'string', nullable: true })
  email?: string | null;

  @Property({ type: 'string', nullable: true })
  phone?: string | null;

  /** Keyed HMAC of the current code with its key id (shared/code-mac.ts); null when no valid code exists. */
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
  verifiedAt?: Date | null;

  @Property({ type: 'string', nullable: true, hidden: true })
  passwordHash?: string | null;

  /** Passport of an individual foreign applicant (validated at start). */
  @Property({ type: 'json', nullable: true })
  passport?: Passport | null;

  /** SHA-256 of the one-click link token in the current email code message. */
  @Property({ type: 'string', nullable: true, hidden: true })
  linkTokenHash?: string | null;

  /** NIK warnings found at start (e.g. regency code not in the latest region data). */
  @Property({ type: 'json' })
  warnings: string[] = [];

  @Property({ type: 'Date', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  completedAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  accountId?: string | null;

  /** The outreach ("jemput bola") event the flow was started at, by an officer at its desk; null online. */
  @Property({ type: 'uuid', nullable: true })
  outreachEventId?: string | null;

  /** The OUTREACH officer who started the flow at the event's desk. */
  @Property({ type: 'uuid', nullable: true })
  outreachOfficerId?: string | null;

  /** What staff act on: the flow's id is the applicant's credential and is never shown to staff. */
  @Property({ type: 'uuid' })
  reference: string = randomUUID();
}
