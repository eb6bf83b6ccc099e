import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** A personal-data breach (kegagalan pelindungan data pribadi) and the 3×24-hour clock it starts. */
@Entity({ tableName: 'breach_incident' })
export class BreachIncident {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** e.g. INS-2026-000003. */
  @Property({ type: 'string', unique: true })
  number: string;

  /** When it was found: the clock starts here, not at recording. */
  @Property({ type: 'Date', columnType: 'timestamptz' })
  foundAt: Date;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;

  /** Which personal data was exposed (BreachDataCategory values). */
  @Property({ type: 'json' })
  dataCategories: string[] = [];

  /** How it happened. */
  @Property({ type: 'text' })
  description: string;

  /** What is being done about it. */
  @Property({ type: 'text' })
  measures: string;

  /** foundAt + 72 hours: the affected people and the supervisory body must be told by then. */
  @Property({ type: 'Date', columnType: 'timestamptz' })
  dueAt: Date;

  /** When the notices to the affected applicants were last sent. */
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  notifiedAt?: Date | null;

  /** When the report went to the supervisory body (recorded by staff). */
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  reportedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  reportNote?: string | null;
}
