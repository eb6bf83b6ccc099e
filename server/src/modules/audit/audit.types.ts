import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { Connection } from '../../graphql/connection';
import { MaxLen } from '../../shared/validation';

@ObjectType('AuditEvent', { description: 'One append-only audit record: who did or saw what, when, from where.' })
export class AuditEventType {
  @Field(() => ID, { description: 'Event id.' }) id: string;
  @Field(() => Date, { description: 'When.' }) at: Date;
  @Field(() => String, { description: 'e.g. PII_VIEW, ACCOUNT_SUSPENDED, EMAIL_CHANGE_APPROVED.' }) action: string;
  @Field(() => String, { description: 'PUBLIC, ACCOUNT, STAFF, API_KEY or SYSTEM.' }) actorType: string;
  @Field(() => String, { nullable: true, description: 'Staff, account or API-key id (job name for SYSTEM).' })
  actorId?: string | null;
  @Field(() => String, { nullable: true, description: 'Username of the staff actor (null for other actors).' })
  actorName?: string | null;
  @Field(() => ID, { nullable: true, description: 'The account concerned, when one is.' }) accountId?: string | null;
  @Field(() => String, { nullable: true, description: 'Client address.' }) ip?: string | null;
  @Field(() => JSONObjectResolver, {
    description: 'Action-specific details (reasons, fields read, counts); personal data in them is always masked.',
  })
  details: Record<string, unknown>;
  @Field(() => JSONObjectResolver, {
    description: 'Usernames of the staff ids found in details (e.g. a complaint assignee), by id.',
  })
  staffNames?: Record<string, string>;
}

@InputType({ description: 'Audit search; all given conditions must hold.' })
export class AuditEventFilter {
  @Field(() => ID, { nullable: true, description: 'Events about this account.' }) accountId?: string | null;
  @Field(() => String, { nullable: true, description: 'Events by this actor (staff, account or API-key id).' })
  @MaxLen(100)
  actorId?: string | null;
  @Field(() => String, { nullable: true, description: 'Exact action name.' })
  @MaxLen(100)
  action?: string | null;
  @Field(() => Date, { nullable: true, description: 'At or after.' }) from?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Before.' }) to?: Date | null;
}

export const AuditEventConnection = Connection(AuditEventType, 'AuditEvent');
