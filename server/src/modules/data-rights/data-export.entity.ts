import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The answer to a fulfilled ACCESS request: the bundle built at fulfilment,
 * held until its one-time link is opened or expires (then dropped), and a
 * keyed hash of the link's token (never the token).
 */
@Entity({ tableName: 'data_export' })
export class DataExport {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', unique: true })
  requestId: string;

  @Property({ type: 'uuid' })
  accountId: string;

  /** `hmac-sha256$<key id>$<mac>` of the link token (shared/code-mac.ts). */
  @Property({ type: 'string', unique: true, hidden: true })
  tokenHash: string;

  /** The bundle; null once downloaded or expired. */
  @Property({ type: 'json', nullable: true })
  bundle?: Record<string, unknown> | null;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  usedAt?: Date | null;
}
