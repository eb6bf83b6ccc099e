import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection';
import { MaxLen } from '../../shared/validation';

export enum EmailChangeStatusEnum {
  OPEN = 'OPEN',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  CONFIRMED = 'CONFIRMED',
  EXPIRED = 'EXPIRED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(EmailChangeStatusEnum, {
  name: 'EmailChangeStatus',
  description:
    'OPEN -> APPROVED (staff) -> CONFIRMED (link opened at the new address); OPEN -> REJECTED; APPROVED -> ' +
    'EXPIRED; OPEN or APPROVED -> CANCELLED (by staff, or replaced by a newer request). An account has at most ' +
    'one OPEN or APPROVED request.',
});

@ObjectType('EmailChangeRequest', {
  description: 'A request to replace an account email; the email changes only after the new address confirms.',
})
export class EmailChangeRequestType {
  @Field(() => ID, { description: 'Request id.' }) id: string;
  @Field(() => EmailChangeStatusEnum, { description: 'See EmailChangeStatus.' }) status: EmailChangeStatusEnum;
  @Field(() => String, {
    description: 'Masked for everyone, e.g. ba****@gmail.com: the confirmation link goes to it, nobody reads it.',
  })
  newEmail: string;
  @Field(() => Date, { description: 'When the request was made.' }) createdAt: Date;
  @Field(() => ID, { nullable: true, description: 'Staff only: the account (null when no live account held the NIK).' })
  accountId?: string | null;
  @Field(() => String, { nullable: true, description: 'Staff only: SELF_SERVICE or STAFF.' }) source?: string | null;
  @Field(() => String, { nullable: true, description: 'Staff only: why the applicant or officer asked.' })
  reason?: string | null;
  @Field(() => Date, { nullable: true, description: 'Staff only: when approved or rejected.' }) decidedAt?: Date | null;
  @Field(() => ID, { nullable: true, description: 'Staff only: who decided.' }) decidedBy?: string | null;
  @Field(() => String, { nullable: true, description: 'Staff only: approval note or rejection reason.' })
  decisionNote?: string | null;
  @Field(() => Date, { nullable: true, description: 'Staff only: when the new address confirmed.' })
  confirmedAt?: Date | null;
}

@InputType({ description: 'Email-change queue filter.' })
export class EmailChangeRequestFilter {
  @Field(() => EmailChangeStatusEnum, { nullable: true, description: 'Only this status (OPEN for the queue).' })
  status?: EmailChangeStatusEnum | null;
  @Field(() => ID, { nullable: true, description: 'Only requests for this account.' })
  @MaxLen(60)
  accountId?: string | null;
}

export const EmailChangeRequestConnection = Connection(EmailChangeRequestType, 'EmailChangeRequest');
