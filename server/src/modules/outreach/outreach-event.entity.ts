import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * An outreach ("jemput bola") day: a service unit's officers sit at a
 * kelurahan hall on a date, between two hours of local time, and register the
 * businesses who come with their KTP. Only the officers named here work at
 * its desk, and only within its hours.
 */
@Entity({ tableName: 'outreach_event' })
export class OutreachEvent {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'officerIds' | 'requirements';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The office that runs the event (service_unit). */
  @Property({ type: 'uuid' })
  unitId: string;

  /** The kelurahan/desa: its 10-digit region code. */
  @Property({ type: 'string', length: 10 })
  villageCode: string;

  /** YYYY-MM-DD, in the event's own time zone. */
  @Property({ type: 'string', columnType: 'date' })
  eventDate: string;

  /** HH:MM local time. */
  @Property({ type: 'string', length: 5 })
  startTime: string;

  @Property({ type: 'string', length: 5 })
  endTime: string;

  /** Asia/Jakarta, Asia/Makassar or Asia/Jayapura: from the kelurahan's province. */
  @Property({ type: 'string', length: 40 })
  timeZone: string;

  /** The desk opens at this instant… */
  @Property({ type: 'Date', columnType: 'timestamptz' })
  startsAt: Date;

  /** …and closes at this one (the last minute still counts). */
  @Property({ type: 'Date', columnType: 'timestamptz' })
  endsAt: Date;

  /** Staff ids of the OUTREACH officers assigned to the desk. */
  @Property({ type: 'json' })
  officerIds: string[] = [];

  /** What applicants are asked to bring (KTP, active email, NPWP if any, …). */
  @Property({ type: 'json' })
  requirements: string[] = [];

  /** How many registrations the office aims for. */
  @Property({ type: 'integer' })
  targetCount: number;

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz' })
  updatedAt: Date = new Date();
}
