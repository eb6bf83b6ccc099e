import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Outbox message states:
 *   PENDING ──send ok──▶ SENT
 *      │ └─error──▶ FAILED ──retry──▶ SENT | DEAD (after the last attempt)
 *      └─no transport configured──▶ HELD (kept readable in the outbox)
 */
export type OutboxStatus = 'PENDING' | 'SENT' | 'FAILED' | 'DEAD' | 'HELD';
export type OutboxChannel = 'EMAIL' | 'WHATSAPP';

@Entity({ tableName: 'outbox_message' })
export class OutboxMessage {
  [OptionalProps]?: 'createdAt' | 'status' | 'attempts';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string' })
  channel: OutboxChannel;

  /** Email address or E.164 phone number. */
  @Property({ type: 'string' })
  recipient: string;

  /** Template key, e.g. `registration_code`. */
  @Property({ type: 'string' })
  template: string;

  @Property({ type: 'string', nullable: true })
  subject?: string | null;

  /** The rendered text without its codes and link tokens; the text sent is rendered from `params` at send time. */
  @Property({ type: 'text' })
  body: string;

  /** Template parameters, in order (WhatsApp template body parameters): the only place a code or link lives. */
  @Property({ type: 'json' })
  params: string[];

  @Property({ type: 'string' })
  status: OutboxStatus = 'PENDING';

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'string', nullable: true })
  providerId?: string | null;

  /** What the provider reported after accepting it (WhatsApp status webhooks): SENT, DELIVERED, READ, FAILED. */
  @Property({ type: 'string', nullable: true })
  providerStatus?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  providerStatusAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  accountId?: string | null;

  @Property({ type: 'string', nullable: true })
  registrationId?: string | null;

  /** Email: the Message-ID (without brackets) of the mail this one answers, for the reporter's thread. */
  @Property({ type: 'text', nullable: true })
  inReplyTo?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  sentAt?: Date | null;
}
