import { Field, ID, ObjectType } from 'type-graphql';
import { AccountStatusEnum, ActorType, BusinessScale, EntityType, GenderEnum, NonUmkKind } from '../../graphql/enums';

@ObjectType('Account', {
  description:
    'An OSS access right. NIK, email and phone are masked for anyone but the owner and staff; staff reads of them are audited.',
})
export class AccountType {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'Generated at registration, e.g. wildan4711a.' }) username: string;
  @Field(() => AccountStatusEnum) status: AccountStatusEnum;
  @Field(() => BusinessScale) scale: BusinessScale;
  @Field(() => NonUmkKind, { nullable: true }) nonUmkKind?: NonUmkKind | null;
  @Field(() => ActorType) actorType: ActorType;
  @Field(() => EntityType, { nullable: true }) entityType?: EntityType | null;
  @Field(() => String, { nullable: true }) nik?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true, description: 'E.164, e.g. +6281234567890.' }) phone?: string | null;
  @Field(() => String, { nullable: true }) fullName?: string | null;
  @Field(() => String, { nullable: true }) companyName?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO date YYYY-MM-DD.' }) birthDate?: string | null;
  @Field(() => GenderEnum, { nullable: true }) gender?: GenderEnum | null;
  @Field(() => String, { nullable: true }) villageCode?: string | null;
  @Field(() => String, { nullable: true }) provinceCode?: string | null;
  @Field(() => [String], { description: 'Warnings for the helpdesk, e.g. a birth date that disagrees with the NIK.' })
  warnings: string[];
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true }) activatedAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the 30-day rule cancels the account without licensing activity.' })
  expiresAt?: Date | null;
  @Field(() => Date, { nullable: true }) licensingStartedAt?: Date | null;
  @Field(() => String, { nullable: true }) nib?: string | null;
  @Field(() => Date, { nullable: true }) emailVerifiedAt?: Date | null;
  @Field(() => Date, { nullable: true }) phoneVerifiedAt?: Date | null;
}

@ObjectType({ description: 'An applicant bearer session.' })
export class Session {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`.' }) token: string;
  @Field(() => Date) expiresAt: Date;
  @Field(() => AccountType) account: AccountType;
}

@ObjectType({ description: 'An account changed status (e.g. became ACTIVE at registration, or was cancelled).' })
export class AccountStatusEvent {
  @Field(() => ID) accountId: string;
  @Field(() => AccountStatusEnum) status: AccountStatusEnum;
  @Field(() => AccountStatusEnum, { nullable: true, description: 'Null when the account was just created.' })
  previousStatus?: AccountStatusEnum | null;
  @Field(() => Date, { nullable: true }) activatedAt?: Date | null;
  @Field(() => Date, { nullable: true }) expiresAt?: Date | null;
  @Field(() => Date) at: Date;
  @Field(() => String, { nullable: true }) reason?: string | null;
}
