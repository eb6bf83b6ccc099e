import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** The national helpdesk: a fixed row, the unit of every officer and complaint not given another. */
export const NATIONAL_UNIT_ID = '00000000-0000-4000-8000-000000000001';

/**
 * A service unit (unit pelayanan): the national OSS helpdesk, or a regional
 * DPMPTSP office identified by its province (2 digits) or regency (4 digits)
 * code. Complaints and the SKM are handled and reported per unit.
 */
@Entity({ tableName: 'service_unit' })
export class ServiceUnit {
  [OptionalProps]?: 'createdAt' | 'national' | 'regionCode';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string' })
  name: string;

  /** Province or regency code, digits only; null for the national unit. */
  @Property({ type: 'string', nullable: true })
  regionCode: string | null = null;

  @Property({ type: 'boolean' })
  national: boolean = false;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}
