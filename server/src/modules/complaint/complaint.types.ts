import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection';
import { MaxLen } from '../../shared/validation';

export enum ComplaintChannel {
  DROP_BOX = 'DROP_BOX',
  EMAIL = 'EMAIL',
  WEBSITE = 'WEBSITE',
  SP4N_LAPOR = 'SP4N_LAPOR',
  PHONE = 'PHONE',
  WHATSAPP = 'WHATSAPP',
  WALK_IN = 'WALK_IN',
}
export enum ComplaintCategory {
  CODE_NOT_RECEIVED = 'CODE_NOT_RECEIVED',
  CANNOT_REGISTER = 'CANNOT_REGISTER',
  LOST_ACCOUNT = 'LOST_ACCOUNT',
  INACTIVE_EMAIL = 'INACTIVE_EMAIL',
  ACCESS_CANCELLED = 'ACCESS_CANCELLED',
  LOGIN_LOCKED = 'LOGIN_LOCKED',
  OTHER = 'OTHER',
}
export enum ComplaintStatusEnum {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}
registerEnumType(ComplaintChannel, {
  name: 'ComplaintChannel',
  description: 'How the complaint arrived (SP4N-LAPOR! included).',
});
registerEnumType(ComplaintCategory, {
  name: 'ComplaintCategory',
  description: 'What the complaint is about; sets its due time.',
});
registerEnumType(ComplaintStatusEnum, {
  name: 'ComplaintStatus',
  description:
    'OPEN -> IN_PROGRESS -> RESOLVED -> CLOSED; RESOLVED -> IN_PROGRESS (reopen); OPEN -> RESOLVED on the spot.',
});

@InputType({ description: 'A complaint as the helpdesk logs it.' })
export class ComplaintInput {
  @Field(() => ComplaintChannel, { description: 'How it arrived.' }) channel: ComplaintChannel;
  @Field(() => ComplaintCategory, { description: 'What it is about.' }) category: ComplaintCategory;
  @Field(() => String, { description: 'What the reporter says (5-5000 characters).' })
  @MaxLen(5000)
  description: string;
  @Field(() => String, { description: 'Who reports it.' })
  @MaxLen(100)
  reporterName: string;
  @Field(() => String, { nullable: true, description: 'Email or phone for the answer and the satisfaction survey.' })
  @MaxLen(254)
  reporterContact?: string | null;
  @Field(() => ID, { nullable: true, description: 'The account concerned (find it with accounts(filter: {nik})).' })
  @MaxLen(60)
  accountId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      "The service unit to handle it; default: the unit of the account's region, else the logging officer's unit. " +
      'A regional officer logs complaints for their own unit only.',
  })
  @MaxLen(60)
  unitId?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "SP4N_LAPOR only: LAPOR!'s tracking id of the report (4-32 letters, digits or dashes; a leading # is dropped).",
  })
  @MaxLen(40)
  laporTrackingId?: string | null;
}

@InputType({ description: 'Complaint search; all given conditions must hold.' })
export class ComplaintFilter {
  @Field(() => String, {
    nullable: true,
    description:
      "Number (exact), the reporter's whole contact (an email, or a phone in any written form; counted against the " +
      "officer's identifier-search budget), or 3+ letters of the reporter's name or the description.",
  })
  @MaxLen(200)
  q?: string | null;
  @Field(() => ComplaintStatusEnum, { nullable: true, description: 'Only this status.' })
  status?: ComplaintStatusEnum | null;
  @Field(() => ComplaintCategory, { nullable: true, description: 'Only this category.' })
  category?: ComplaintCategory | null;
  @Field(() => ID, { nullable: true, description: 'Assigned to this staff user.' })
  @MaxLen(60)
  assigneeId?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'The unassigned queue: no assignee (true), or some assignee (false). Not together with assigneeId or mine.',
  })
  unassigned?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Followed by the signed-in officer (true: their "Diikuti" list), or not (false).',
  })
  followed?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Past the due time and not resolved (true), or not (false).' })
  overdue?: boolean | null;
  @Field(() => ID, { nullable: true, description: 'About this account.' })
  @MaxLen(60)
  accountId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Handled by this service unit (regional officers always see only their own unit).',
  })
  @MaxLen(60)
  unitId?: string | null;
}

@ObjectType({ description: "The reporter's answers to the SKM questionnaire." })
export class Satisfaction {
  @Field(() => [Int], { description: 'Nine scores 1-4, in the order of the SKM elements.' }) scores: number[];
  @Field(() => Float, { description: 'IKM = mean score × 25.' }) ikm: number;
  @Field(() => String, { description: 'A (88.31-100), B (76.61-88.30), C (65.00-76.60), D (25.00-64.99).' })
  grade: string;
  @Field(() => String, { nullable: true, description: 'Free comment.' }) comment?: string | null;
  @Field(() => Date, { description: 'When answered.' }) submittedAt: Date;
}

@ObjectType({ description: "One step in a complaint's history." })
export class ComplaintHistoryEntry {
  @Field(() => Date, { description: 'When.' }) at: Date;
  @Field(() => String, {
    description:
      'CREATED, ASSIGNED, NOTE, REPLIED, RESOLVED, REOPENED, CLOSED, REMINDER, SURVEY, MERGED (another complaint ' +
      'was merged into this one; note: its number and the reason) or MERGED_INTO (this one was merged into the ' +
      'complaint the note names).',
  })
  kind: string;
  @Field(() => ID, { nullable: true, description: 'The staff user who did it (none for the system or the reporter).' })
  actorId?: string | null;
  @Field(() => String, { nullable: true, description: 'Note, resolution, reason or assignee.' }) note?: string | null;
  @Field(() => String, { nullable: true, description: 'Username of the staff user who did it.' })
  actorName?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'ASSIGNED and REMINDER: username of the assignee (whose id is the note).',
  })
  assigneeName?: string | null;
}

export enum ComplaintMessageDirection {
  IN = 'IN',
  OUT = 'OUT',
}
registerEnumType(ComplaintMessageDirection, {
  name: 'ComplaintMessageDirection',
  description: 'IN: from the reporter; OUT: a reply from the helpdesk.',
});

@ObjectType('ComplaintMessage', {
  description:
    "One message of a complaint's conversation with its reporter (staff only). The reporter's number or address is " +
    'never repeated here: it is the masked reporterContact of the complaint.',
})
export class ComplaintMessageType {
  @Field(() => ID, { description: 'Message id.' }) id: string;
  @Field(() => ComplaintMessageDirection, { description: 'From the reporter (IN) or to them (OUT).' })
  direction: ComplaintMessageDirection;
  @Field(() => ComplaintChannel, { description: 'The channel it travelled on.' }) channel: ComplaintChannel;
  @Field(() => String, { nullable: true, description: 'The text, or the caption of an image or document.' })
  body?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'image or document (only the provider media id is stored; the file stays with the provider).',
  })
  mediaType?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'An inbound WhatsApp image or document: the path that streams it from the Cloud API with the staff bearer ' +
      'token (GET, HELPDESK+, audited; files over 10 MB are refused with 413 and reason MEDIA_TOO_LARGE).',
  })
  mediaUrl?: string | null;
  @Field(() => Date, { description: 'When it was sent (inbound: as the provider reports it).' }) at: Date;
  @Field(() => ID, { nullable: true, description: 'OUT: the staff user who wrote it.' }) actorId?: string | null;
  @Field(() => String, { nullable: true, description: 'OUT: username of the staff user who wrote it.' })
  actorName?: string | null;
}

@ObjectType('Complaint', { description: 'A complaint (pengaduan) and where it stands against its service standard.' })
export class ComplaintType {
  @Field(() => ID, { description: 'Complaint id.' }) id: string;
  @Field(() => String, { description: 'e.g. ADU-2026-000042.' }) number: string;
  @Field(() => ComplaintStatusEnum, { description: 'See ComplaintStatus.' }) status: ComplaintStatusEnum;
  @Field(() => ComplaintChannel, { description: 'How it arrived.' }) channel: ComplaintChannel;
  @Field(() => String, { nullable: true, description: "SP4N_LAPOR: LAPOR!'s tracking id of the report." })
  laporTrackingId?: string | null;
  @Field(() => ComplaintCategory, { description: 'What it is about.' }) category: ComplaintCategory;
  @Field(() => String, { description: 'What the reporter said.' }) description: string;
  @Field(() => String, { description: 'Who reported it.' }) reporterName: string;
  @Field(() => String, {
    nullable: true,
    description: 'Email or E.164 phone of the reporter; masked unless complaint(id, reveal: true) read it (audited).',
  })
  reporterContact?: string | null;
  @Field(() => ID, { nullable: true, description: 'The account concerned.' }) accountId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The staff user handling it.' }) assigneeId?: string | null;
  @Field(() => Date, { description: 'Due by the service standard of its category (working days).' }) dueAt: Date;
  @Field(() => Boolean, { description: 'Not resolved and past dueAt.' }) overdue: boolean;
  @Field(() => String, { nullable: true, description: 'How it was resolved.' }) resolution?: string | null;
  @Field(() => Satisfaction, { nullable: true, description: 'The SKM answers, once given.' })
  satisfaction?: Satisfaction | null;
  @Field(() => Date, { description: 'Logged.' }) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'Resolved.' }) resolvedAt?: Date | null;
  /** For the `unit` field. */
  unitId: string;
  /** For the `mergedInto` field. */
  mergedIntoId?: string | null;
}

@ObjectType({ description: 'Complaints in a period, for the supervisor dashboard.' })
export class ComplaintFiguresType {
  @Field(() => Int, { description: 'Logged in the period.' }) opened: number;
  @Field(() => Int, { description: 'Resolved in the period.' }) resolved: number;
  @Field(() => Int, { description: 'Not resolved now.' }) open: number;
  @Field(() => Int, { description: 'Not resolved and past due now.' }) overdue: number;
  @Field(() => Int, { description: 'Surveys answered in the period.' }) surveys: number;
  @Field(() => Float, { nullable: true, description: 'IKM of the surveys answered in the period.' }) ikm?:
    number | null;
  @Field(() => String, { nullable: true, description: 'Grade of that IKM.' }) grade?: string | null;
}

export const ComplaintConnection = Connection(ComplaintType, 'Complaint');

@ObjectType({ description: 'Something happened to a complaint; open it to read (no personal data here).' })
export class ComplaintUpdateEvent {
  @Field(() => ID, { description: 'Complaint id.' }) complaintId: string;
  @Field(() => String, { description: 'e.g. ADU-2026-000042.' }) number: string;
  @Field(() => String, {
    description:
      'CREATED, MESSAGE (the reporter wrote), REMINDER (past its due time), or the step taken: ASSIGNED, NOTE, ' +
      'REPLIED, RESOLVED, REOPENED, CLOSED, MERGED (another was merged into it), MERGED_INTO (it was merged).',
  })
  kind: string;
  @Field(() => ComplaintStatusEnum, { description: 'Its status after the change.' }) status: ComplaintStatusEnum;
  @Field(() => ID, { description: 'The service unit handling it.' }) unitId: string;
  @Field(() => Date, { description: 'When.' }) at: Date;
  @Field(() => [ID], {
    description:
      'Staff ids of the officers following it: a console whose officer is among them highlights the change. ' +
      '(The event is the same for every subscriber of a unit: it names the followers rather than saying "you".)',
  })
  followerIds: string[];
}
