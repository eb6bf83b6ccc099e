import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum EmailChangeStatusEnum {
  OPEN = 'OPEN',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  CONFIRMED = 'CONFIRMED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(EmailChangeStatusEnum, {
  name: 'EmailChangeStatus',
  description:
    'OPEN -> APPROVED (staff) -> CONFIRMED (link opened at the new address); OPEN -> REJECTED; APPROVED -> EXPIRED',
});

@ObjectType('EmailChangeRequest', {
  description: 'A request to replace an account email; the email changes only after the new address confirms.',
})
export class EmailChangeRequestType {
  @Field(() => ID, { description: 'Request id.' }) id: string;
  @Field(() => EmailChangeStatusEnum, { description: 'See EmailChangeStatus.' }) status: EmailChangeStatusEnum;
  @Field(() => String, { description: 'Masked for applicants, e.g. ba****@gmail.com.' }) newEmail: string;
  @Field(() => Date, { description: 'When the request was made.' }) createdAt: Date;
}
