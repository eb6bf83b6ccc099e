import { randomUUID } from 'node:crypto';
import { Embedded, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { EntityProfile } from '../../domain/entity-profile';
import type { Passport } from '../../domain/passport';
import { ApplicantKind } from './applicant-kind';
import type { RequiredEntityData } from '@mikro-orm/core';

/** LEGACY: imported from OSS 1.1 and not yet replaced by its holder (docs/domain.md, "OSS 1.1 accounts"). */
export type AccountStatus = 'ACTIVE' | 'CANCELLED' | 'SUSPENDED' | 'LEGACY';

/**
 * How the applicant accepted the terms and privacy notice: on their own
 * (SELF_SERVICE); OUTREACH and LEGACY_REPLACEMENT are reserved for the
 * outreach desk and the replacement of OSS 1.1 accounts.
 */
export type ConsentChannel = 'SELF_SERVICE' | 'OUTREACH' | 'LEGACY_REPLACEMENT';

export interface AccountProfile {
  passport?: Passport;
  company?: EntityProfile['company'];
  director?: EntityProfile['director'];
}

/**
 * An OSS access right. Uniqueness among non-cancelled accounts (NIK per
 * scale for individuals, email, phone, username) is enforced by partial unique
 * indexes in the migration, so concurrent registrations cannot both win.
 */
@Entity({ tableName: 'account' })
export class Account {
  [OptionalProps]?:
    'createdAt' | 'status' | 'warnings' | 'profile' | 'searchName' | 'extendedDays' | 'processingRestricted';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', unique: true })
  username: string;

  @Property({ type: 'string' })
  status: AccountStatus = 'ACTIVE';

  @Embedded(() => ApplicantKind, { prefix: false })
  kind: ApplicantKind;

  @Property({ type: 'string', nullable: true })
  nik?: string | null;

  @Property({ type: 'string', nullable: true })
  email?: string | null;

  @Property({ type: 'string', nullable: true })
  phone?: string | null;

  @Property({ type: 'string', nullable: true })
  fullName?: string | null;

  @Property({ type: 'string', nullable: true })
  companyName?: string | null;

  @Property({ type: 'date', nullable: true })
  birthDate?: string | null;

  @Property({ type: 'string', nullable: true })
  gender?: string | null;

  @Property({ type: 'string', nullable: true })
  address?: string | null;

  @Property({ type: 'string', nullable: true })
  villageCode?: string | null;

  @Property({ type: 'string', nullable: true })
  provinceCode?: string | null;

  @Property({ type: 'string', nullable: true })
  npwp?: string | null;

  @Property({ type: 'string', nullable: true })
  passportNumber?: string | null;

  /** ISO 3166-1 alpha-2 */
  @Property({ type: 'string', nullable: true })
  passportCountry?: string | null;

  /** ISO 3166-1 alpha-2; ID for citizens. */
  @Property({ type: 'string', nullable: true })
  nationality?: string | null;

  /** Full name and company name with accents and case folded, for the trigram name search. */
  @Property({ type: 'text' })
  searchName: string = '';

  /** The rest of the form: passport details, company documents, director. */
  @Property({ type: 'json' })
  profile: AccountProfile = {};

  @Property({ type: 'string', hidden: true })
  passwordHash: string;

  /** A LEGACY account's OSS 1.1 hash (domain/legacy-hash.ts); deleted when the holder sets a new password. */
  @Property({ type: 'string', nullable: true, hidden: true })
  legacyPasswordHash?: string | null;

  /** Things the helpdesk should know, e.g. a birth date that disagrees with the NIK. */
  @Property({ type: 'json' })
  warnings: string[] = [];

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  activatedAt?: Date | null;

  /** When the 30-day rule cancels the account if no licensing activity is recorded. */
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  expiresAt?: Date | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  licensingStartedAt?: Date | null;

  /** Days supervisors added to the 30-day expiry (at most 90 in all). */
  @Property({ type: 'integer' })
  extendedDays: number = 0;

  @Property({ type: 'string', nullable: true })
  nib?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  emailVerifiedAt?: Date | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  phoneVerifiedAt?: Date | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  cancelledAt?: Date | null;

  /** The version of the terms and privacy notice accepted (UU PDP consent record; docs/domain.md). */
  @Property({ type: 'integer', nullable: true })
  consentVersion?: number | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  consentAt?: Date | null;

  @Property({ type: 'string', nullable: true })
  consentChannel?: ConsentChannel | null;

  /** A fulfilled CONSENT_WITHDRAWAL request: the consent above no longer stands (processing is restricted too). */
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  consentWithdrawnAt?: Date | null;

  /** A fulfilled RESTRICTION request: processing other than storage stops (docs/security.md). */
  @Property({ type: 'boolean' })
  processingRestricted: boolean = false;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  processingRestrictedAt?: Date | null;

  /** A fulfilled DELETION request removed its personal fields; the id stays as a pseudonym (docs/security.md). */
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  anonymisedAt?: Date | null;
}

/**
 * The applicant data an account is created from: the one list of fields,
 * filled by the registration flow and its validated profile.
 */
export type NewAccountData = Omit<
  RequiredEntityData<Account>,
  | 'id'
  | 'username'
  | 'status'
  | 'createdAt'
  | 'activatedAt'
  | 'expiresAt'
  | 'licensingStartedAt'
  | 'nib'
  | 'cancelledAt'
  | 'searchName'
  | 'extendedDays'
  | 'processingRestricted'
  | 'processingRestrictedAt'
> & { kind: ApplicantKind; passwordHash: string };

/** What a validated profile adds to the flow's data. */
export type ProfileData = Pick<
  NewAccountData,
  | 'fullName'
  | 'companyName'
  | 'birthDate'
  | 'gender'
  | 'address'
  | 'villageCode'
  | 'provinceCode'
  | 'npwp'
  | 'passportNumber'
  | 'passportCountry'
  | 'nationality'
  | 'profile'
> & { warnings: string[] };
