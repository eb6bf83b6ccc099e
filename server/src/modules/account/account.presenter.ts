import { maskAddress, maskEmail, maskNik, maskPhone, maskText, maskWarning } from '../../domain/mask';
import type { GenderEnum } from '../../domain/enums';
import { typedBack, type PiiView } from '../../shared/pii-policy';
import type { Account } from './account.entity';
import type { AccountType, ConsentChannelEnum } from './account.types';

/** The personal-data fields a clear view shows, for the `PII_VIEW` audit row of a staff or `pii:read` read. */
export const PII_FIELDS = ['nik', 'email', 'phone', 'passportNumber', 'birthDate', 'gender'] as const;

/** The fields of this account that a clear read discloses (the `fields` of its audit row). */
export function disclosedFields(a: Account): string[] {
  const fields: string[] = PII_FIELDS.filter((f) => a[f]);
  if (a.profile.director) fields.push('director');
  if (a.profile.passport) fields.push('passport');
  return fields;
}

/**
 * The GraphQL shape of an account: chosen fields, never the password hash.
 * Personal data follows `view` (shared/pii-policy.ts): in clear, or masked
 * with the values the caller typed shown back. Outside a clear view the birth
 * date and gender are null and dates in the warnings are masked: they are the
 * hidden digits of a masked NIK (and the profile's own, which a typed NIK does
 * not disclose); so is the gender a warning names (domain/mask.ts, maskWarning).
 */
export function toAccountView(a: Account, view: PiiView): AccountType {
  const { profile } = a;
  const clear = view.clear;
  const show = (f: 'nik' | 'email' | 'phone' | 'passportNumber') => clear || typedBack(view, f, a[f]);
  const director = profile.director;
  return {
    id: a.id,
    username: a.username,
    status: a.status as AccountType['status'],
    scale: a.kind.scale as AccountType['scale'],
    nonUmkKind: a.kind.nonUmkKind as AccountType['nonUmkKind'],
    actorType: a.kind.actorType as AccountType['actorType'],
    entityType: a.kind.entityType as AccountType['entityType'],
    nik: a.nik && (show('nik') ? a.nik : maskNik(a.nik)),
    npwp: a.npwp,
    passportNumber: a.passportNumber && (show('passportNumber') ? a.passportNumber : maskText(a.passportNumber)),
    passportCountry: a.passportCountry,
    nationality: a.nationality,
    company: profile.company
      ? { ...profile.company, phone: clear ? profile.company.phone : maskPhone(profile.company.phone) }
      : null,
    director: director
      ? {
          fullName: director.fullName,
          position: director.position,
          villageCode: director.villageCode,
          nik: clear ? director.nik : maskNik(director.nik),
          gender: clear ? (director.gender as GenderEnum) : null,
          birthDate: clear ? director.birthDate : null,
          // A profile without the director's address (synthetic and some imported ones) must not break a list.
          address: clear || director.address == null ? director.address : maskAddress(director.address),
        }
      : null,
    passport: profile.passport && clear ? { ...profile.passport, gender: profile.passport.gender as GenderEnum } : null,
    email: a.email && (show('email') ? a.email : maskEmail(a.email)),
    phone: a.phone && (show('phone') ? a.phone : maskPhone(a.phone)),
    fullName: a.fullName,
    companyName: a.companyName,
    birthDate: clear ? a.birthDate : null,
    gender: clear ? (a.gender as AccountType['gender']) : null,
    villageCode: a.villageCode,
    provinceCode: a.provinceCode,
    warnings: clear ? a.warnings : a.warnings.map(maskWarning),
    createdAt: a.createdAt,
    activatedAt: a.activatedAt,
    expiresAt: a.expiresAt,
    licensingStartedAt: a.licensingStartedAt,
    nib: a.nib,
    extendedDays: a.extendedDays,
    emailVerifiedAt: a.emailVerifiedAt,
    phoneVerifiedAt: a.phoneVerifiedAt,
    consent:
      a.consentVersion != null && a.consentAt && a.consentChannel
        ? {
            version: a.consentVersion,
            acceptedAt: a.consentAt,
            channel: a.consentChannel as ConsentChannelEnum,
            withdrawnAt: a.consentWithdrawnAt ?? null,
          }
        : null,
    processingRestricted: a.processingRestricted,
    processingRestrictedAt: a.processingRestrictedAt,
  };
}
