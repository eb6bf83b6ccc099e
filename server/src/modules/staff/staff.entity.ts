import { randomUUID } from 'node:crypto';
import { BigIntType, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

import type { StaffRole } from '../../shared/request-context';
import { NATIONAL_UNIT_ID } from '../service-unit/service-unit.entity';

export type { StaffRole };

@Entity({ tableName: 'staff_user' })
export class StaffUser {
  [OptionalProps]?: 'createdAt' | 'active' | 'demo' | 'unitId';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', unique: true })
  username: string;

  @Property({ type: 'string', hidden: true })
  passwordHash: string;

  @Property({ type: 'string' })
  role: StaffRole;

  /** Base32 TOTP secret; required for SUPERVISOR and ADMIN. */
  @Property({ type: 'string', nullable: true, hidden: true })
  totpSecret?: string | null;

  /** The TOTP time step (Unix seconds / 30) of the last accepted code: that code and older ones are refused. */
  @Property({ type: new BigIntType('number'), nullable: true, hidden: true })
  totpLastStep?: number | null;

  @Property({ type: 'boolean' })
  active: boolean = true;

  /** The service unit the user works in (the national helpdesk unless moved). */
  @Property({ type: 'uuid' })
  unitId: string = NATIONAL_UNIT_ID;

  /** The helpdesk user seeded for a first look at the console: to be disabled before real use. */
  @Property({ type: 'boolean' })
  demo: boolean = false;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  lastLoginAt?: Date | null;
}
