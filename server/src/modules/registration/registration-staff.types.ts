import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { VerificationChannel } from '../../domain/enums';
import { Connection } from '../../graphql/connection';
import { AccountType } from '../account/account.types';

@InputType({ description: 'Which registration flows to list; every field narrows the result.' })
export class RegistrationFilter {
  @Field(() => String, {
    nullable: true,
    description:
      'NIK, passport number, email, or a phone number in any written form (0813…, +62 813-…, 62813…) or any ' +
      "part of one (at least 8 digits; counted against each officer's identifier-search budget).",
  })
  q?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Only flows at this step: VERIFY_CODE, SET_PASSWORD, COMPLETE_PROFILE, DONE or EXPIRED.',
  })
  step?: string | null;
  @Field(() => VerificationChannel, { nullable: true, description: 'Only flows verifying by this channel.' })
  channel?: VerificationChannel | null;
  @Field(() => Date, { nullable: true, description: 'Started at or after.' }) createdFrom?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Started before.' }) createdTo?: Date | null;
}

@ObjectType({ description: 'A message of a registration flow: its fate, never its text or code.' })
export class FlowMessage {
  @Field(() => ID, { description: 'Outbox message id.' }) id: string;
  @Field(() => String, { description: 'registration_code or registration_exists.' }) template: string;
  @Field(() => String, { description: 'EMAIL or WHATSAPP.' }) channel: string;
  @Field(() => String, { description: 'PENDING, SENT, FAILED, DEAD or HELD.' }) status: string;
  @Field(() => String, {
    nullable: true,
    description: 'What the provider reported after accepting it: SENT, DELIVERED, READ or FAILED; null until then.',
  })
  providerStatus?: string | null;
  @Field(() => Int, { description: 'Delivery attempts so far.' }) attempts: number;
  @Field(() => Date, { description: 'Queued.' }) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'Accepted by the provider.' }) sentAt?: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'What the last failure means, in Bahasa Indonesia, with what to do; null when nothing failed.',
  })
  explanation?: string | null;
}

@ObjectType({
  description:
    'A registration flow as the helpdesk sees it, finished or not. `reference` is what staff act on; the flow id ' +
    '(the applicant’s credential) is never shown.',
})
export class StaffRegistration {
  @Field(() => ID, { description: 'Pass to resendRegistrationCode / changeRegistrationDestination as `reference`.' })
  reference: string;
  @Field(() => String, {
    description: 'VERIFY_CODE, SET_PASSWORD, COMPLETE_PROFILE, DONE, or EXPIRED (not finished within 24 hours).',
  })
  step: string;
  @Field(() => VerificationChannel, { description: 'Where codes go.' }) channel: string;
  @Field(() => String, { description: 'The email or phone codes go to, masked.' }) maskedDestination: string;
  @Field(() => Date, { description: 'Started.' }) createdAt: Date;
  @Field(() => Date, { description: 'Deadline of the flow.' }) expiresAt: Date;
  @Field(() => [FlowMessage], { description: 'Its messages, newest first (up to 20).' }) messages: FlowMessage[];
  /** Loaded by a field resolver. */
  accountId: string | null;
  @Field(() => AccountType, { nullable: true, description: 'The account the flow created, if it finished (masked).' })
  account?: AccountType | null;
}

@ObjectType({ description: 'A page of registration flows.' })
export class RegistrationConnection extends Connection(StaffRegistration, 'StaffRegistration') {}
