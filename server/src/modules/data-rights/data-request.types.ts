import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection';
import { MaxLen } from '../../shared/validation';

export enum DataSubjectRequestKind {
  ACCESS = 'ACCESS',
  CORRECTION = 'CORRECTION',
  DELETION = 'DELETION',
  RESTRICTION = 'RESTRICTION',
  OBJECTION = 'OBJECTION',
  CONSENT_WITHDRAWAL = 'CONSENT_WITHDRAWAL',
}
export enum DataSubjectRequestStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  FULFILLED = 'FULFILLED',
  REFUSED = 'REFUSED',
}
export enum DataSubjectRequestOutcome {
  FULFILLED = 'FULFILLED',
  REFUSED = 'REFUSED',
}
export enum DataExportStatus {
  WAITING = 'WAITING',
  DOWNLOADED = 'DOWNLOADED',
  EXPIRED = 'EXPIRED',
}
export enum DataSubjectRequestVia {
  SELF_SERVICE = 'SELF_SERVICE',
  STAFF = 'STAFF',
}
registerEnumType(DataSubjectRequestKind, {
  name: 'DataSubjectRequestKind',
  description:
    'The right exercised under UU PDP (27/2022): ACCESS to the data and its processing record, CORRECTION, ' +
    'DELETION, RESTRICTION of processing, OBJECTION to processing, CONSENT_WITHDRAWAL.',
});
registerEnumType(DataSubjectRequestStatus, {
  name: 'DataSubjectRequestStatus',
  description:
    'OPEN -> IN_PROGRESS (assigned) -> FULFILLED or REFUSED; OPEN may be decided at once. Decisions are final.',
});
registerEnumType(DataSubjectRequestOutcome, {
  name: 'DataSubjectRequestOutcome',
  description: 'The decision on a request.',
});
registerEnumType(DataExportStatus, {
  name: 'DataExportStatus',
  description: 'The one-time link of an access export: WAITING to be opened, DOWNLOADED (once), or EXPIRED unopened.',
});
registerEnumType(DataSubjectRequestVia, {
  name: 'DataSubjectRequestVia',
  description: "SELF_SERVICE: the applicant's own session; STAFF: filed by staff after checking the caller's identity.",
});

@InputType({ description: 'The request queue; all given conditions must hold.' })
export class DataSubjectRequestFilter {
  @Field(() => DataSubjectRequestStatus, { nullable: true, description: 'Only this status.' })
  status?: DataSubjectRequestStatus | null;
  @Field(() => DataSubjectRequestKind, { nullable: true, description: 'Only this kind.' })
  kind?: DataSubjectRequestKind | null;
  @Field(() => Boolean, { nullable: true, description: 'Undecided and past the deadline (true), or not (false).' })
  overdue?: boolean | null;
  @Field(() => ID, { nullable: true, description: 'Assigned to this staff user.' })
  @MaxLen(60)
  assigneeId?: string | null;
  @Field(() => ID, { nullable: true, description: 'About this account.' })
  @MaxLen(60)
  accountId?: string | null;
}

@ObjectType('DataSubjectRequest', {
  description: 'A data-subject request under UU PDP and where it stands against its legal deadline.',
})
export class DataSubjectRequestType {
  @Field(() => ID, { description: 'Request id.' }) id: string;
  @Field(() => String, { description: 'e.g. PDP-2026-000042: what the applicant quotes.' }) number: string;
  @Field(() => DataSubjectRequestKind, { description: 'The right exercised.' }) kind: DataSubjectRequestKind;
  @Field(() => DataSubjectRequestStatus, { description: 'See DataSubjectRequestStatus.' })
  status: DataSubjectRequestStatus;
  @Field(() => String, {
    nullable: true,
    description: "The applicant's words; in clear to the owner, NIK/email/phone in it masked for staff.",
  })
  details?: string | null;
  @Field(() => DataSubjectRequestVia, { description: 'How it was filed.' }) via: DataSubjectRequestVia;
  @Field(() => String, {
    nullable: true,
    description: "Filed by staff: how they checked the caller's identity (null for the applicant).",
  })
  identityCheck?: string | null;
  @Field(() => ID, { nullable: true, description: 'The staff user who filed it for the caller.' })
  filedById?: string | null;
  @Field(() => ID, { nullable: true, description: 'The staff user answering it.' }) assigneeId?: string | null;
  @Field(() => ID, { description: 'The account concerned.' }) accountId: string;
  @Field(() => Date, { description: 'Filed.' }) createdAt: Date;
  @Field(() => Date, {
    description:
      'The legal deadline: createdAt + the hours its kind allows (72 by default, DATA_REQUEST_DEADLINE_HOURS).',
  })
  dueAt: Date;
  @Field(() => Int, {
    nullable: true,
    description: 'Whole seconds until dueAt, negative once past; null once decided.',
  })
  secondsLeft?: number | null;
  @Field(() => Boolean, { description: 'Undecided and past dueAt.' }) overdue: boolean;
  @Field(() => Date, { nullable: true, description: 'When it was fulfilled or refused.' }) decidedAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'What was done, or why it was refused (told to the applicant).' })
  reason?: string | null;
}

@ObjectType('DataExportState', { description: 'The export a fulfilled ACCESS request sent (no token, no content).' })
export class DataExportStateType {
  @Field(() => DataExportStatus, { description: 'See DataExportStatus.' }) status: DataExportStatus;
  @Field(() => Date, { description: 'When the link was sent.' }) sentAt: Date;
  @Field(() => Date, { description: 'When the link stops working.' }) expiresAt: Date;
  @Field(() => Date, { nullable: true, description: 'When it was opened.' }) downloadedAt?: Date | null;
}

export const DataSubjectRequestConnection = Connection(DataSubjectRequestType, 'DataSubjectRequest');
