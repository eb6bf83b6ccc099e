import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MaxLen } from '../../shared/validation';
import { BusinessScale, RegistrationStepEnum, VerificationChannel } from '../../domain/enums';

@InputType({ description: 'An outreach ("jemput bola") event as a supervisor plans it.' })
export class OutreachEventInput {
  @Field(() => String, { description: '10-digit kelurahan/desa code (from `villages`), inside the office’s region.' })
  @MaxLen(20)
  villageCode: string;
  @Field(() => String, { description: 'YYYY-MM-DD; not in the past when created.' }) @MaxLen(10) date: string;
  @Field(() => String, { description: 'HH:MM local time of the kelurahan (WIB, WITA or WIT).' })
  @MaxLen(5)
  startTime: string;
  @Field(() => String, { description: 'HH:MM, after startTime; the desk closes at the end of this minute.' })
  @MaxLen(5)
  endTime: string;
  @Field(() => [ID], { description: '1-20 active OUTREACH officers of the organising office.' })
  officerIds: string[];
  @Field(() => [String], {
    description: 'What applicants bring (0-20 items of 2-200 characters); empty: KTP, email, WhatsApp, NPWP if any.',
  })
  requirements: string[];
  @Field(() => Int, { description: 'Registrations aimed for, 1-10000.' }) targetCount: number;
}

@ObjectType({ description: 'Registrations started at outreach desks on one channel, by what became of them.' })
export class OutreachChannelCountsType {
  @Field(() => VerificationChannel, { description: 'Where the code went.' }) channel: VerificationChannel;
  @Field(() => Int, { description: 'Flows started at the desk.' }) started: number;
  @Field(() => Int, { description: 'Flows that became an account.' }) completed: number;
  @Field(() => Int, { description: 'Flows that expired (24 hours) before the account existed.' }) abandoned: number;
  @Field(() => Int, { description: 'Flows neither completed nor expired yet.' }) inProgress: number;
}

@ObjectType('OutreachCounts', { description: 'Registrations started at outreach desks, by what became of them.' })
export class OutreachCountsType {
  @Field(() => Int, { description: 'Flows started at the desk.' }) started: number;
  @Field(() => Int, { description: 'Flows that became an account.' }) completed: number;
  @Field(() => Int, { description: 'Flows that expired (24 hours) before the account existed.' }) abandoned: number;
  @Field(() => Int, { description: 'Flows neither completed nor expired yet.' }) inProgress: number;
  @Field(() => [OutreachChannelCountsType], { description: 'The same per verification channel.' })
  byChannel: OutreachChannelCountsType[];
}

@ObjectType('OutreachEvent', { description: 'An outreach ("jemput bola") day of a service unit at a kelurahan.' })
export class OutreachEventType {
  @Field(() => ID, { description: 'Event id.' }) id: string;
  @Field(() => ID, { description: 'The organising service unit.' }) unitId: string;
  @Field(() => String, { nullable: true, description: 'Its name.' }) unitName: string | null;
  @Field(() => String, { description: '10-digit kelurahan/desa code.' }) villageCode: string;
  @Field(() => String, { nullable: true, description: 'Kelurahan/desa, district, regency and province names.' })
  villageName: string | null;
  @Field(() => String, { description: 'YYYY-MM-DD.' }) date: string;
  @Field(() => String, { description: 'HH:MM local time.' }) startTime: string;
  @Field(() => String, { description: 'HH:MM local time.' }) endTime: string;
  @Field(() => String, { description: 'Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).' })
  timeZone: string;
  @Field(() => Date, { description: 'When the desk opens.' }) startsAt: Date;
  @Field(() => Date, { description: 'The last minute the desk is open.' }) endsAt: Date;
  @Field(() => [ID], { description: 'Staff ids of the assigned OUTREACH officers.' }) officerIds: string[];
  @Field(() => [String], { description: 'Login names of the assigned officers.' }) officerNames: string[];
  @Field(() => [String], { description: 'What applicants bring.' }) requirements: string[];
  @Field(() => Int, { description: 'Registrations aimed for.' }) targetCount: number;
  @Field(() => Boolean, { description: 'Whether the desk is open now.' }) open: boolean;
  /** For the `report` field (filled by list queries in one go). */
  report?: OutreachCountsType;
}

@ObjectType('OutreachVillageReport', { description: 'Outreach figures of one kelurahan over a period.' })
export class OutreachVillageReportType {
  @Field(() => String, { description: '10-digit kelurahan/desa code.' }) villageCode: string;
  @Field(() => String, { nullable: true, description: 'Kelurahan/desa, district, regency and province names.' })
  villageName: string | null;
  @Field(() => Int, { description: 'Events held there.' }) events: number;
  @Field(() => Int, { description: 'Their targets added up.' }) target: number;
  @Field(() => OutreachCountsType, { description: 'Registrations started at those events.' })
  counts: OutreachCountsType;
}

@ObjectType('OutreachReport', { description: 'Outreach figures over a period: per event, per kelurahan, in total.' })
export class OutreachReportType {
  @Field(() => String, { description: 'First day (YYYY-MM-DD).' }) from: string;
  @Field(() => String, { description: 'Last day (YYYY-MM-DD).' }) to: string;
  @Field(() => [OutreachEventType], { description: 'The events of the period, each with its report.' })
  events: OutreachEventType[];
  @Field(() => [OutreachVillageReportType], { description: 'Per kelurahan.' }) villages: OutreachVillageReportType[];
  @Field(() => OutreachCountsType, { description: 'All events together.' }) totals: OutreachCountsType;
}

@InputType({ description: 'The applicant at an outreach desk: their NIK from the KTP and where their code goes.' })
export class OutreachRegistrationInput {
  @Field(() => String, { description: '16-digit NIK from the KTP.' }) @MaxLen(40) nik: string;
  @Field(() => VerificationChannel, { description: "The applicant's own EMAIL or WHATSAPP." })
  channel: VerificationChannel;
  @Field(() => String, { nullable: true, description: "The applicant's email (EMAIL)." })
  @MaxLen(254)
  email?: string;
  @Field(() => String, { nullable: true, description: "The applicant's WhatsApp number (WHATSAPP)." })
  @MaxLen(30)
  phone?: string;
  @Field(() => BusinessScale, { nullable: true, description: 'UMK unless given.' }) scale?: BusinessScale;
}

@ObjectType('OutreachRegistration', {
  description:
    'A registration at an outreach desk as the officer sees it: the reference to continue, never the flow id, ' +
    'the code or the password.',
})
export class OutreachRegistrationType {
  @Field(() => ID, { description: 'What the desk acts on.' }) reference: string;
  @Field(() => ID, { description: 'The event.' }) eventId: string;
  @Field(() => RegistrationStepEnum, { description: 'The next step to do.' }) step: RegistrationStepEnum;
  @Field(() => VerificationChannel, { description: 'Where codes are sent.' }) channel: VerificationChannel;
  @Field(() => String, { description: 'e.g. "wi****@gmail.com" or "+62 812****5678".' }) maskedDestination: string;
  @Field(() => Date, { description: 'The earliest moment a new code may be requested.' }) resendAvailableAt: Date;
  @Field(() => Date, { description: 'The flow expires 24 hours after it started.' }) expiresAt: Date;
}
