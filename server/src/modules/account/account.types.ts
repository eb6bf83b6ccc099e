import { Field, ID, ObjectType } from 'type-graphql';
import { AccountStatusEnum, ActorType, BusinessScale, EntityType, GenderEnum, NonUmkKind } from '../../graphql/enums';

@ObjectType({ description: 'Business-entity details from the registration form.' })
export class CompanyProfile {
  @Field(() => String, { description: 'Without the legal-form prefix, e.g. FURNITUR JAYA.' }) name: string;
  @Field(() => String, { description: 'Digits only (15 or 16).' }) npwp: string;
  @Field(() => String, { nullable: true, description: 'SK pengesahan number.' }) legalizationNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'Nomor Induk Koperasi.' }) cooperativeNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'Founding letter/regulation number.' }) establishmentLetterNumber?: string | null;
  @Field(() => String, { description: 'E.164.' }) phone: string;
}

@ObjectType({ description: 'The person responsible for a business entity.' })
export class DirectorProfile {
  @Field(() => String, { description: 'Masked like the account NIK.' }) nik: string;
  @Field(() => String) fullName: string;
  @Field(() => String) position: string;
  @Field(() => GenderEnum) gender: GenderEnum;
  @Field(() => String, { description: 'YYYY-MM-DD' }) birthDate: string;
  @Field(() => String) address: string;
  @Field(() => String) villageCode: string;
}

@ObjectType({ description: 'Passport of a foreign individual applicant (owner and staff only).' })
export class PassportProfile {
  @Field(() => String) number: string;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2.' }) issuingCountry: string;
  @Field(() => String) issueDate: string;
  @Field(() => String) expiryDate: string;
  @Field(() => String) issuingOffice: string;
  @Field(() => GenderEnum) gender: GenderEnum;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2.' }) nationality: string;
  @Field(() => String) placeOfBirth: string;
  @Field(() => String) birthDate: string;
}

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
  @Field(() => String, { nullable: true, description: 'Business entities: NPWP, digits only.' }) npwp?: string | null;
  @Field(() => String, { nullable: true, description: 'Foreign individuals; masked for others.' }) passportNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2.' }) passportCountry?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 (ID for citizens).' }) nationality?: string | null;
  @Field(() => CompanyProfile, { nullable: true }) company?: CompanyProfile | null;
  @Field(() => DirectorProfile, { nullable: true }) director?: DirectorProfile | null;
  @Field(() => PassportProfile, { nullable: true }) passport?: PassportProfile | null;
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
