import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Append-only: triggers refuse UPDATE, DELETE and TRUNCATE, and chain each new
 * row by hash (`seq`, `prev_hash`, `row_hash`, set by the database: audit-chain.ts).
 */
@Entity({ tableName: 'audit_event' })
export class AuditEvent {
  [OptionalProps]?: 'at';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string' })
  actorType: 'ACCOUNT' | 'STAFF' | 'API_KEY' | 'PUBLIC' | 'SYSTEM';

  @Property({ type: 'string', nullable: true })
  actorId?: string | null;

  @Property({ type: 'string' })
  action: string;

  @Property({ type: 'string', nullable: true })
  targetType?: string | null;

  @Property({ type: 'string', nullable: true })
  targetId?: string | null;

  @Property({ type: 'string', nullable: true })
  ip?: string | null;

  @Property({ type: 'json' })
  details: Record<string, unknown> = {};

  @Property({ type: 'Date', columnType: 'timestamptz' })
  at: Date = new Date();
}
