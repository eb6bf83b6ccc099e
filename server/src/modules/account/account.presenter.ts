import { maskEmail, maskNik, maskPhone, maskText } from '../../domain/mask';
import type { GenderEnum } from '../../domain/enums';
import type { RequestContext } from '../../shared/request-context';
import type { Account } from './account.entity';
import type { AccountType } from './account.types';

/** Who sees personal data in clear: the owner and staff (staff reads are audited by the service that reads). */
export function seesClearData(ctx: RequestContext, accountId: string): boolean {
  const a = ctx.actor;
  return (a.kind === 'ACCOUNT' && a.accountId === accountId) || a.kind === 'STAFF';
}

/** The personal-data fields a clear view shows, for the audit record of a staff read. */
export const PII_FIELDS = ['nik', 'email', 'phone', 'passportNumber'] as const;

/**
 * The GraphQL shape of an account: chosen fields, never the password hash.
 * NIK, passport, email and phone are masked unless `clear` (all of them, or
 * the named ones).
 */
export function toAccountView(a: Account, clearFields: boolean | ReadonlySet<string>): AccountType {
  const { profile } = a;
  const clearAll = clearFields === true;
  const show = (f: (typeof PII_FIELDS)[number]) => clearAll || (clearFields instanceof Set && clearFields.has(f));
  const clear = clearAll;
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
    company: profile.company ?? null,
    director: profile.director
      ? {
          ...profile.director,
          gender: profile.director.gender as GenderEnum,
          nik: clear ? profile.director.nik : maskNik(profile.director.nik),
        }
      : null,
    passport: profile.passport && clear ? { ...profile.passport, gender: profile.passport.gender as GenderEnum } : null,
    email: a.email && (show('email') ? a.email : maskEmail(a.email)),
    phone: a.phone && (show('phone') ? a.phone : maskPhone(a.phone)),
    fullName: a.fullName,
    companyName: a.companyName,
    birthDate: a.birthDate,
    gender: a.gender as AccountType['gender'],
    villageCode: a.villageCode,
    provinceCode: a.provinceCode,
    warnings: a.warnings,
    createdAt: a.createdAt,
    activatedAt: a.activatedAt,
    expiresAt: a.expiresAt,
    licensingStartedAt: a.licensingStartedAt,
    nib: a.nib,
    extendedDays: a.extendedDays,
    emailVerifiedAt: a.emailVerifiedAt,
    phoneVerifiedAt: a.phoneVerifiedAt,
  };
}
