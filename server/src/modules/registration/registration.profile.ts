import { EntityType, validateEntityProfile } from '../../domain/entity-profile';
import { nikProfileMismatches, parseNik } from '../../domain/nik';
import { validateIndividualProfile } from '../../domain/profile';
import type { RegionLookup } from '../../domain/wilayah';
import type { FieldErrors } from '../../shared/errors';
import type { ProfileData } from '../account/account.entity';
import type { RegistrationFlow } from './registration.entity';
import type { ProfileInput } from './registration.types';

/** The profile rules for the flow's kind of applicant: WNI individual, WNA individual or business entity. */
export function validateProfile(
  regions: RegionLookup,
  flow: Pick<RegistrationFlow, 'kind' | 'nik' | 'passport'>,
  p: ProfileInput,
  now: Date,
): { ok: true; data: ProfileData } | { ok: false; fields: FieldErrors } {
  if (flow.kind.actorType === 'BUSINESS_ENTITY') {
    const stray: FieldErrors = {};
    for (const k of ['fullName', 'birthDate', 'gender', 'address', 'villageCode'] as const) {
      if (p[k]) stray[k] = 'Untuk badan usaha, isi data perusahaan (company) dan direktur (director).';
    }
    const r = validateEntityProfile(flow.kind.entityType as EntityType, p.company, p.director, regions, now);
    if (!r.ok || Object.keys(stray).length) return { ok: false, fields: { ...stray, ...(r.ok ? {} : r.fields) } };
    const { company, director } = r.profile;
    return {
      ok: true,
      data: {
        fullName: director.fullName,
        companyName: company.name,
        npwp: company.npwp,
        villageCode: director.villageCode,
        provinceCode: r.profile.provinceCode,
        nationality: 'ID',
        profile: { company, director },
        warnings: r.profile.warnings,
      },
    };
  }
  if (p.company || p.director) {
    return {
      ok: false,
      fields: {
        ...(p.company ? { company: 'Hanya untuk badan usaha.' } : {}),
        ...(p.director ? { director: 'Hanya untuk badan usaha.' } : {}),
      },
    };
  }
  const passport = flow.passport ?? null;
  // A passport applicant's birth date and gender come from the passport unless the profile says otherwise.
  const r = validateIndividualProfile(
    passport ? { ...p, birthDate: p.birthDate ?? passport.birthDate, gender: p.gender ?? passport.gender } : p,
    regions,
    now,
  );
  if (!r.ok) return r;
  const profile = r.profile;
  let warnings: string[] = [];
  if (flow.nik) {
    const nikInfo = parseNik(flow.nik, regions, now);
    if (nikInfo.ok) warnings = nikProfileMismatches(nikInfo.info, profile);
  } else if (passport) {
    if (profile.birthDate !== passport.birthDate)
      warnings.push(`Tanggal lahir profil (${profile.birthDate}) berbeda dengan paspor (${passport.birthDate}).`);
    if (profile.gender !== passport.gender)
      warnings.push(`Jenis kelamin profil (${profile.gender}) berbeda dengan paspor (${passport.gender}).`);
  }
  return {
    ok: true,
    data: {
      fullName: profile.fullName,
      birthDate: profile.birthDate,
      gender: profile.gender,
      address: profile.address,
      villageCode: profile.villageCode,
      provinceCode: profile.provinceCode,
      nationality: passport ? passport.nationality : 'ID',
      passportNumber: passport?.number ?? null,
      passportCountry: passport?.issuingCountry ?? null,
      profile: passport ? { passport } : {},
      warnings,
    },
  };
}
