import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection';
import { MaxLen } from '../../shared/validation';
import { AccountStatusEnum, ActorType, BusinessScale, EntityType, GenderEnum, NonUmkKind } from '../../domain/enums';

@ObjectType({ description: 'Business-entity details from the registration form.' })
export class CompanyProfile {
  @Field(() => String, { description: 'Without the legal-form prefix, e.g. FURNITUR JAYA.' }) name: string;
  @Field(() => String, { description: 'Digits only (15 or 16).' }) npwp: string;
  @Field(() => String, { nullable: true, description: 'SK pengesahan number.' }) legalizationNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'Nomor Induk Koperasi.' }) cooperativeNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'Founding letter/regulation number.' })
  establishmentLetterNumber?: string | null;
  @Field(() => String, { description: 'E.164; masked unless the account is read in clear.' }) phone: string;
}

@ObjectType({ description: 'The person responsible for a business entity.' })
export class DirectorProfile {
  @Field(() => String, { description: 'Masked unless the account is read in clear.' }) nik: string;
  @Field(() => String, { description: 'Upper case.' }) fullName: string;
  @Field(() => String, { description: 'e.g. Direktur Utama.' }) position: string;
  @Field(() => GenderEnum, {
    nullable: true,
    description: 'As stated in the profile; null unless the account is read in clear (it is part of the NIK).',
  })
  gender?: GenderEnum | null;
  @Field(() => String, {
    nullable: true,
    description: 'YYYY-MM-DD; null unless the account is read in clear (it is part of the NIK).',
  })
  birthDate?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Without RT/RW and postcode; only its first word unless read in clear. Null where the profile has none ' +
      '(some imported and synthetic profiles).',
  })
  address?: string | null;
  @Field(() => String, { nullable: true, description: '10-digit village code; null where the profile has none.' })
  villageCode?: string | null;
}

@ObjectType({
  description:
    'Passport of a foreign individual applicant; only in a clear read (the owner, or an audited staff or pii:read read).',
})
export class PassportProfile {
  @Field(() => String, { description: 'Passport number (upper case).' }) number: string;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2.' }) issuingCountry: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) issueDate: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) expiryDate: string;
  @Field(() => String, { description: 'Issuing office.' }) issuingOffice: string;
  @Field(() => GenderEnum, { description: 'As in the passport.' }) gender: GenderEnum;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2.' }) nationality: string;
  @Field(() => String, { description: 'As in the passport.' }) placeOfBirth: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) birthDate: string;
}

export enum ConsentChannelEnum {
  SELF_SERVICE = 'SELF_SERVICE',
  OUTREACH = 'OUTREACH',
  LEGACY_REPLACEMENT = 'LEGACY_REPLACEMENT',
}
registerEnumType(ConsentChannelEnum, {
  name: 'ConsentChannel',
  description:
    'How the terms and privacy notice were accepted: SELF_SERVICE (the applicant registering); OUTREACH and ' +
    'LEGACY_REPLACEMENT are reserved for outreach registrations and the replacement of OSS 1.1 accounts.',
});

@ObjectType('ConsentRecord', {
  description: 'Which version of the terms and privacy notice the account accepted, when and how (UU PDP).',
})
export class ConsentRecordType {
  @Field(() => Int, { description: 'Version of the terms and privacy notice (PRIVACY_NOTICE_VERSION at the time).' })
  version: number;
  @Field(() => Date, { description: 'When it was accepted.' }) acceptedAt: Date;
  @Field(() => ConsentChannelEnum, { description: 'Through which channel.' }) channel: ConsentChannelEnum;
  @Field(() => Date, {
    nullable: true,
    description:
      'When the applicant withdrew this consent (a fulfilled CONSENT_WITHDRAWAL request; processing is then ' +
      'restricted); null while it stands. Accepting the notice again (acceptTerms) clears it.',
  })
  withdrawnAt?: Date | null;
}

@ObjectType('Account', {
  description:
    'An OSS access right. Personal data (NIK, passport, email, phone, birth date, gender, director) is masked for ' +
    'anyone but the owner, unless staff or a pii:read key read one account in clear; that read is audited.',
})
export class AccountType {
  @Field(() => ID, { description: 'Account id (UUID).' }) id: string;
  @Field(() => String, { description: 'Generated at registration, e.g. wildan4711a.' }) username: string;
  @Field(() => AccountStatusEnum, { description: 'ACTIVE, CANCELLED, SUSPENDED or LEGACY.' }) status: AccountStatusEnum;
  @Field(() => BusinessScale, { description: 'UMK or NON_UMK.' }) scale: BusinessScale;
  @Field(() => NonUmkKind, { nullable: true, description: 'Kind of a NON_UMK applicant.' })
  nonUmkKind?: NonUmkKind | null;
  @Field(() => ActorType, { description: 'Individual or business entity.' }) actorType: ActorType;
  @Field(() => EntityType, { nullable: true, description: 'Legal form, for business entities.' })
  entityType?: EntityType | null;
  @Field(() => String, {
    nullable: true,
    description: 'NIK of an individual WNI; masked unless read in clear or typed exactly in the search.',
  })
  nik?: string | null;
  @Field(() => String, { nullable: true, description: 'Business entities: NPWP, digits only.' }) npwp?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Foreign individuals; masked unless read in clear or typed exactly in the search.',
  })
  passportNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2.' }) passportCountry?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 (ID for citizens).' }) nationality?:
    string | null;
  @Field(() => CompanyProfile, { nullable: true, description: 'Business-entity details.' })
  company?: CompanyProfile | null;
  @Field(() => DirectorProfile, { nullable: true, description: 'The responsible person of a business entity.' })
  director?: DirectorProfile | null;
  @Field(() => PassportProfile, {
    nullable: true,
    description: 'Passport details of a foreign individual; null unless the account is read in clear.',
  })
  passport?: PassportProfile | null;
  @Field(() => String, {
    nullable: true,
    description: 'Verified or registration email; masked unless read in clear or typed exactly in the search.',
  })
  email?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'E.164, e.g. +6281234567890; masked unless read in clear or typed exactly in the search.',
  })
  phone?: string | null;
  @Field(() => String, { nullable: true, description: 'Individual: the applicant; entity: the director (upper case).' })
  fullName?: string | null;
  @Field(() => String, { nullable: true, description: 'Business entities: the name without the legal-form prefix.' })
  companyName?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'ISO date YYYY-MM-DD; null beside a masked NIK (it is the hidden part of the NIK).',
  })
  birthDate?: string | null;
  @Field(() => GenderEnum, {
    nullable: true,
    description: 'From the profile (or passport); null beside a masked NIK (it is encoded in the NIK).',
  })
  gender?: GenderEnum | null;
  @Field(() => String, { nullable: true, description: '10-digit village code of the address.' }) villageCode?:
    string | null;
  @Field(() => String, { nullable: true, description: '2-digit province code of the address.' }) provinceCode?:
    string | null;
  @Field(() => [String], {
    description:
      'Warnings for the helpdesk, e.g. a birth date that disagrees with the NIK (dates masked beside a masked NIK).',
  })
  warnings: string[];
  @Field(() => Date, { description: 'When the account was created.' }) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the account became ACTIVE.' }) activatedAt?: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: 'When the 30-day rule cancels the account without licensing activity.',
  })
  expiresAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'When licensing activity was recorded (stops the 30-day rule).' })
  licensingStartedAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'NIB (Nomor Induk Berusaha), once issued.' }) nib?: string | null;
  @Field(() => Int, { description: 'Days supervisors added to the 30-day expiry (at most 90).' }) extendedDays: number;
  @Field(() => Date, { nullable: true, description: 'When the email was proven by a code or link.' })
  emailVerifiedAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the phone was proven by a WhatsApp code.' })
  phoneVerifiedAt?: Date | null;
  @Field(() => ConsentRecordType, {
    nullable: true,
    description: 'The terms and privacy notice the account accepted (not personal data: shown to staff unmasked).',
  })
  consent?: ConsentRecordType | null;
  @Field(() => Boolean, {
    description:
      'The applicant restricted processing (UU PDP): only storage continues; staff edits need an explicit override.',
  })
  processingRestricted: boolean;
  @Field(() => Date, { nullable: true, description: 'Since when processing is restricted.' })
  processingRestrictedAt?: Date | null;
}

@ObjectType({ description: 'An applicant bearer session.' })
export class Session {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`.' }) token: string;
  @Field(() => Date, { description: 'After this instant the token is refused.' }) expiresAt: Date;
  @Field(() => AccountType, { description: 'The logged-in account.' }) account: AccountType;
  @Field(() => ConsentRequirementType, {
    nullable: true,
    description:
      'Set when the terms and privacy notice changed in a way that needs fresh consent: until `acceptTerms(version)`, ' +
      'the session answers FORBIDDEN (extensions.consentRequired) to everything but me, acceptTerms, logout and the ' +
      "applicant's data-subject requests.",
  })
  consentRequired?: ConsentRequirementType | null;
}

@ObjectType('ConsentRequirement', {
  description: 'The terms and privacy notice version the applicant must accept before using the session.',
})
export class ConsentRequirementType {
  @Field(() => Int, { description: 'The version in force, to pass to acceptTerms.' }) version: number;
  @Field(() => String, { nullable: true, description: 'Where to read it (null when not configured).' })
  summaryUrl: string | null;
}

@ObjectType({ description: 'An account changed status (e.g. became ACTIVE at registration, or was cancelled).' })
export class AccountStatusEvent {
  @Field(() => ID, { description: 'The account that changed.' }) accountId: string;
  @Field(() => AccountStatusEnum, { description: 'The new status.' }) status: AccountStatusEnum;
  @Field(() => AccountStatusEnum, { nullable: true, description: 'Null when the account was just created.' })
  previousStatus?: AccountStatusEnum | null;
  @Field(() => Date, { nullable: true, description: 'When the account became ACTIVE.' }) activatedAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the 30-day rule would cancel it.' }) expiresAt?: Date | null;
  @Field(() => Date, { description: 'When the change happened.' }) at: Date;
  @Field(() => String, { nullable: true, description: 'Why, in Bahasa Indonesia (e.g. "Pendaftaran selesai").' })
  reason?: string | null;
}

export enum AccountSortField {
  CREATED_AT = 'CREATED_AT',
  EXPIRES_AT = 'EXPIRES_AT',
  USERNAME = 'USERNAME',
  RELEVANCE = 'RELEVANCE',
}
export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(AccountSortField, {
  name: 'AccountSortField',
  description: 'RELEVANCE only with a name search in q (the default there); otherwise CREATED_AT.',
});
registerEnumType(SortDirection, { name: 'SortDirection', description: 'Ascending or descending.' });

@InputType({ description: 'How to order accounts.' })
export class AccountSort {
  @Field(() => AccountSortField, { description: 'The sort key.' }) field: AccountSortField;
  @Field(() => SortDirection, {
    nullable: true,
    description: 'Default DESC (USERNAME, and EXPIRES_AT with expiringWithinDays: ASC).',
  })
  direction?: SortDirection | null;
}

@InputType({ description: 'Account search; all given conditions must hold.' })
export class AccountFilter {
  @Field(() => String, {
    nullable: true,
    description:
      "One box for everything: a 16-digit NIK (a person's or a company director's), an NPWP (15 or 16 digits, " +
      'dotted or not), passport number, username, email or phone (exact after normalising), ' +
      'or 3+ letters of a name or company name (accent- and case-insensitive, typo-tolerant, ranked).',
  })
  @MaxLen(200)
  q?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "Exact NIK: a person's own, or a company's director's (shown unmasked in the results).",
  })
  @MaxLen(40)
  nik?: string | null;
  @Field(() => String, { nullable: true, description: 'Exact email (shown unmasked in the results).' })
  @MaxLen(254)
  email?: string | null;
  @Field(() => String, { nullable: true, description: 'Exact phone in any written form (shown unmasked).' })
  @MaxLen(40)
  phone?: string | null;
  @Field(() => String, { nullable: true, description: 'Exact username.' })
  @MaxLen(60)
  username?: string | null;
  @Field(() => AccountStatusEnum, { nullable: true, description: 'Only this status.' })
  status?: AccountStatusEnum | null;
  @Field(() => BusinessScale, { nullable: true, description: 'Only this scale.' }) scale?: BusinessScale | null;
  @Field(() => ActorType, { nullable: true, description: 'Individuals or business entities.' })
  actorType?: ActorType | null;
  @Field(() => String, { nullable: true, description: '2-digit province code of the address.' })
  @MaxLen(10)
  provinceCode?: string | null;
  @Field(() => Date, { nullable: true, description: 'Created at or after.' }) createdFrom?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Created before.' }) createdTo?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Cancelled (by the 30-day rule) at or after.' })
  cancelledFrom?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Cancelled before.' }) cancelledTo?: Date | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'ACTIVE accounts whose 30-day expiry falls within this many days; without a sort, soonest expiry first.',
  })
  expiringWithinDays?: number | null;
}

export const AccountConnection = Connection(AccountType, 'Account');
