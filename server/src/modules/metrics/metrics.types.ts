import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ActorType, BusinessScale, VerificationChannel } from '../../domain/enums';
import { MaxLen } from '../../shared/validation';

export enum MetricsInterval {
  HOUR = 'HOUR',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}
registerEnumType(MetricsInterval, { name: 'MetricsInterval', description: 'Bucket size (Asia/Jakarta calendar).' });

@InputType({ description: 'Only registrations matching all given dimensions.' })
export class MetricsFilter {
  @Field(() => String, { nullable: true, description: '2-digit province (from the NIK or the address).' })
  @MaxLen(10)
  provinceCode?: string | null;
  @Field(() => BusinessScale, { nullable: true, description: 'UMK or NON_UMK.' }) scale?: BusinessScale | null;
  @Field(() => ActorType, { nullable: true, description: 'Individuals or business entities.' })
  actorType?: ActorType | null;
  @Field(() => VerificationChannel, { nullable: true, description: 'Channel of the verification code.' })
  channel?: VerificationChannel | null;
}

@ObjectType({ description: 'Counts of one bucket, breakdown row or period.' })
export class MetricCounts {
  @Field(() => Int, { description: 'Registration flows started.' }) flowsStarted: number;
  @Field(() => Int, { description: 'Verification codes sent (including resends).' }) codesSent: number;
  @Field(() => Int, { description: 'Code messages accepted by the provider.' }) codesDelivered: number;
  @Field(() => Int, { description: 'Code messages given up on (DEAD).' }) codesFailed: number;
  @Field(() => Int, { description: 'Flows whose code was verified.' }) verified: number;
  @Field(() => Int, { description: 'Registrations completed = accounts activated.' }) completed: number;
  @Field(() => Int, { description: 'Accounts activated (same as completed).' }) activated: number;
  @Field(() => Int, { description: 'Expiry warnings sent (7 days and 1 day before).' }) warned: number;
  @Field(() => Int, { description: 'Accounts cancelled by the 30-day rule.' }) cancelled: number;
  @Field(() => Int, { description: 'Expiry extensions granted.' }) extended: number;
  @Field(() => Int, { description: 'Accounts that recorded licensing activity.' }) licensingStarted: number;
  @Field(() => Int, { description: 'Complaints opened.' }) complaintsOpened: number;
  @Field(() => Int, { description: 'Complaints resolved.' }) complaintsResolved: number;
}

@ObjectType({ description: 'One time bucket.' })
export class MetricsBucket {
  @Field(() => Date, { description: 'Start of the bucket.' }) start: Date;
  @Field(() => MetricCounts, { description: 'Counts in the bucket.' }) counts: MetricCounts;
}

@ObjectType({ description: 'The period split by one dimension.' })
export class MetricsBreakdown {
  @Field(() => String, { description: 'The dimension value ("" where unknown, e.g. an entity without province yet).' })
  key: string;
  @Field(() => MetricCounts, { description: 'Counts for this value.' }) counts: MetricCounts;
}

@ObjectType({ description: 'Share of flows that passed each step in the period (0-1).' })
export class Conversion {
  @Field(() => Float, { description: 'verified / started' }) verifiedPerStarted: number;
  @Field(() => Float, { description: 'completed / verified' }) completedPerVerified: number;
  @Field(() => Float, { description: 'completed / started' }) completedPerStarted: number;
}

@ObjectType({ description: 'Registration figures for a period, from aggregates kept up to date with each event.' })
export class RegistrationMetrics {
  @Field(() => Date, { description: 'Period start.' }) from: Date;
  @Field(() => Date, { description: 'Period end (exclusive).' }) to: Date;
  @Field(() => MetricsInterval, { description: 'Bucket size.' }) interval: MetricsInterval;
  @Field(() => [MetricsBucket], { description: 'Buckets with any activity, in time order.' }) buckets: MetricsBucket[];
  @Field(() => MetricCounts, { description: 'The whole period.' }) totals: MetricCounts;
  @Field(() => Conversion, { description: 'Step conversion over the period.' }) conversion: Conversion;
  @Field(() => [MetricsBreakdown], { description: 'Codes and their delivery by channel (EMAIL, WHATSAPP).' })
  byChannel: MetricsBreakdown[];
  @Field(() => [MetricsBreakdown], { description: 'By province code.' }) byProvince: MetricsBreakdown[];
  @Field(() => [MetricsBreakdown], { description: 'By scale.' }) byScale: MetricsBreakdown[];
  @Field(() => [MetricsBreakdown], { description: 'By actor type.' }) byActorType: MetricsBreakdown[];
  @Field(() => [MetricsBreakdown], { description: 'By entity type.' }) byEntityType: MetricsBreakdown[];
}
