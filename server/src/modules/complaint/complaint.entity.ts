import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { NATIONAL_UNIT_ID } from '../service-unit/service-unit.entity';
import type { ComplaintStatus } from './complaint.machine';

export interface Satisfaction {
  scores: number[];
  ikm: number;
  grade: string;
  comment: string | null;
  submittedAt: string;
  /** The respondent's optional profile (keys of SKM_PROFILE); only ever shown counted. */
  gender?: string | null;
  ageBand?: string | null;
  education?: string | null;
  occupation?: string | null;
}

/** A complaint (pengaduan) from any channel, with its service-standard due time. */
@Entity({ tableName: 'complaint' })
export class Complaint {
  [OptionalProps]?: 'createdAt' | 'status' | 'searchText' | 'unitId';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** e.g. ADU-2026-000042: what the reporter quotes. */
  @Property({ type: 'string', unique: true })
  number: string;

  @Property({ type: 'string' })
  status: ComplaintStatus = 'OPEN';

  @Property({ type: 'string' })
  channel: string;

  /** SP4N-LAPOR! complaints: LAPOR!'s tracking id (unique). */
  @Property({ type: 'text', nullable: true })
  laporTrackingId?: string | null;

  @Property({ type: 'string' })
  category: string;

  @Property({ type: 'text' })
  description: string;

  @Property({ type: 'string' })
  reporterName: string;

  @Property({ type: 'string', nullable: true })
  reporterContact?: string | null;

  @Property({ type: 'uuid', nullable: true })
  accountId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  assigneeId?: string | null;

  /** The service unit handling it (by the reporter's region, or chosen). */
  @Property({ type: 'uuid' })
  unitId: string = NATIONAL_UNIT_ID;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  dueAt: Date;

  @Property({ type: 'text', nullable: true })
  resolution?: string | null;

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  resolvedAt?: Date | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  /** When the assignee was reminded that the due time passed. */
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  remindedAt?: Date | null;

  /** SHA-256 of the one-time survey link token; kept once answered, so a second answer is told so. */
  @Property({ type: 'string', nullable: true, hidden: true })
  surveyTokenHash?: string | null;

  @Property({ type: 'json', nullable: true })
  satisfaction?: Satisfaction | null;

  /** When the survey was answered (indexed copy of satisfaction.submittedAt for period reads). */
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  surveyedAt?: Date | null;

  /** Merged into another complaint of the same reporter (this one is then CLOSED, its thread moved there). */
  @Property({ type: 'uuid', nullable: true })
  mergedIntoId?: string | null;

  /** Number, reporter and description folded for the trigram search. */
  @Property({ type: 'text' })
  searchText: string = '';
}

/** An officer who follows a complaint: its live updates are highlighted for them, and it is in their "Diikuti". */
@Entity({ tableName: 'complaint_follower' })
export class ComplaintFollower {
  @PrimaryKey({ type: 'uuid' })
  complaintId: string;

  @PrimaryKey({ type: 'uuid' })
  staffId: string;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  at: Date;
}

/** The history of a complaint: every transition and note, in order. */
@Entity({ tableName: 'complaint_event' })
export class ComplaintEvent {
  [OptionalProps]?: 'at';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  complaintId: string;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  at: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  actorId?: string | null;

  /** CREATED, ASSIGNED, NOTE, REPLIED, RESOLVED, REOPENED, CLOSED, REMINDER, SURVEY, MERGED, MERGED_INTO. */
  @Property({ type: 'string' })
  kind: string;

  @Property({ type: 'text', nullable: true })
  note?: string | null;
}

/** One message of a complaint's conversation with its reporter: inbound (IN) or sent by the helpdesk (OUT). */
@Entity({ tableName: 'complaint_message' })
export class ComplaintMessage {
  [OptionalProps]?: 'senderVerified';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  complaintId: string;

  @Property({ type: 'string' })
  direction: 'IN' | 'OUT';

  /** The channel it travelled on (WHATSAPP, EMAIL). */
  @Property({ type: 'string' })
  channel: string;

  /** The text (or a media caption). */
  @Property({ type: 'text', nullable: true })
  body?: string | null;

  /** image or document: only the provider's media id and type are kept. */
  @Property({ type: 'string', nullable: true })
  mediaType?: string | null;

  @Property({ type: 'text', nullable: true })
  mediaId?: string | null;

  @Property({ type: 'text', nullable: true })
  mediaMime?: string | null;

  /** Inbound: the provider's message id (wamid…), unique per channel. */
  @Property({ type: 'text', nullable: true })
  providerMessageId?: string | null;

  /** Outbound: the outbox message that carries it. */
  @Property({ type: 'uuid', nullable: true })
  outboxMessageId?: string | null;

  /** Outbound: the staff user who wrote it. */
  @Property({ type: 'uuid', nullable: true })
  actorId?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  at: Date;

  /**
   * IN: the channel proved the sender (a signed WhatsApp webhook; mail our MX
   * authenticated). Only such messages thread into a case or prove an address.
   */
  @Property({ type: 'boolean' })
  senderVerified: boolean = false;
}
