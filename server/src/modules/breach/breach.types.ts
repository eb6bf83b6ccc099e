import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { Connection } from '../../graphql/connection';
import { MaxLen } from '../../shared/validation';

export enum BreachDataCategory {
  NIK = 'NIK',
  NAME = 'NAME',
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  BIRTH_DATE = 'BIRTH_DATE',
  ADDRESS = 'ADDRESS',
  NPWP = 'NPWP',
  PASSPORT = 'PASSPORT',
  PASSWORD_HASH = 'PASSWORD_HASH',
  COMPANY = 'COMPANY',
  OTHER = 'OTHER',
}
registerEnumType(BreachDataCategory, {
  name: 'BreachDataCategory',
  description: 'Personal data a breach exposed (COMPANY: company and director data; OTHER: see the description).',
});

@InputType({ description: 'A personal-data breach as first recorded.' })
export class BreachIncidentInput {
  @Field(() => Date, { description: 'When it was found; the 72-hour clock starts here (not in the future).' })
  foundAt: Date;
  @Field(() => [BreachDataCategory], { description: 'What personal data was exposed (at least one).' })
  dataCategories: BreachDataCategory[];
  @Field(() => String, { description: 'How it happened (10-5000 characters); quoted in the notice.' })
  @MaxLen(5000)
  description: string;
  @Field(() => String, { description: 'What is being done about it (10-5000 characters); quoted in the notice.' })
  @MaxLen(5000)
  measures: string;
}

@InputType({ description: 'Which accounts a breach affected; every given condition must hold, at least one given.' })
export class BreachAffectedQuery {
  @Field(() => [ID], { nullable: true, description: 'These accounts (up to 10,000).' })
  accountIds?: string[] | null;
  @Field(() => Date, { nullable: true, description: 'Created at or after.' })
  createdFrom?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Created before.' })
  createdTo?: Date | null;
  @Field(() => String, { nullable: true, description: 'Two-digit province code.' })
  @MaxLen(2)
  provinceCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Account status (ACTIVE, SUSPENDED, CANCELLED, LEGACY).' })
  @MaxLen(16)
  status?: string | null;
}

@ObjectType('BreachIncident', { description: 'A personal-data breach and its 3×24-hour clock (UU PDP).' })
export class BreachIncidentType {
  @Field(() => ID, { description: 'Incident id.' }) id: string;
  @Field(() => String, { description: 'e.g. INS-2026-000003.' }) number: string;
  @Field(() => Date, { description: 'When it was found: the clock starts here.' }) foundAt: Date;
  @Field(() => Date, { description: 'When it was recorded.' }) createdAt: Date;
  @Field(() => [BreachDataCategory], { description: 'What personal data was exposed.' })
  dataCategories: BreachDataCategory[];
  @Field(() => String, { description: 'How it happened.' }) description: string;
  @Field(() => String, { description: 'What is being done.' }) measures: string;
  @Field(() => Date, { description: 'foundAt + 72 hours: notices and the report are due by then.' }) dueAt: Date;
  @Field(() => Int, {
    nullable: true,
    description: 'Seconds to dueAt (negative past it); null once notified and reported.',
  })
  secondsLeft?: number | null;
  @Field(() => Boolean, { description: 'Past dueAt without both the notices and the report.' }) overdue: boolean;
  @Field(() => Date, { nullable: true, description: 'When the notices were last sent.' }) notifiedAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the report went to the supervisory body.' })
  reportedAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'How it was reported.' }) reportNote?: string | null;
}

@ObjectType('BreachAffectedCounts', { description: 'How many accounts a breach affected, and how many were told.' })
export class BreachAffectedCountsType {
  @Field(() => Int, { description: 'Accounts selected as affected.' }) affected: number;
  @Field(() => Int, { description: 'Sent the notice (once each).' }) notified: number;
  @Field(() => Int, { description: 'No verified contact when the notices went out.' }) unreachable: number;
}

export const BreachIncidentConnection = Connection(BreachIncidentType, 'BreachIncident');
export { JSONObjectResolver };
