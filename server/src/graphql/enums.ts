import { registerEnumType } from 'type-graphql';

/** Enums of the public contract (shared/API.md), shared by several modules. */
export enum BusinessScale { UMK = 'UMK', NON_UMK = 'NON_UMK' }
export enum NonUmkKind { MENENGAH = 'MENENGAH', BESAR = 'BESAR', KANTOR_PERWAKILAN = 'KANTOR_PERWAKILAN', BADAN_USAHA_LUAR_NEGERI = 'BADAN_USAHA_LUAR_NEGERI' }
export enum ActorType { INDIVIDUAL = 'INDIVIDUAL', BUSINESS_ENTITY = 'BUSINESS_ENTITY' }
export enum EntityType {
  PT = 'PT', PT_PERORANGAN = 'PT_PERORANGAN', CV = 'CV', FIRMA = 'FIRMA', PERSEKUTUAN_PERDATA = 'PERSEKUTUAN_PERDATA',
  PERUM = 'PERUM', PERUMDA = 'PERUMDA', BADAN_HUKUM_LAINNYA = 'BADAN_HUKUM_LAINNYA', KOPERASI = 'KOPERASI',
  PERKUMPULAN = 'PERKUMPULAN', YAYASAN = 'YAYASAN', BADAN_LAYANAN_UMUM = 'BADAN_LAYANAN_UMUM',
  BENTUK_USAHA_TETAP = 'BENTUK_USAHA_TETAP', BUMDES = 'BUMDES',
}
export enum VerificationChannel { EMAIL = 'EMAIL', WHATSAPP = 'WHATSAPP' }
export enum RegistrationStepEnum { VERIFY_CODE = 'VERIFY_CODE', SET_PASSWORD = 'SET_PASSWORD', COMPLETE_PROFILE = 'COMPLETE_PROFILE', DONE = 'DONE' }
export enum GenderEnum { MALE = 'MALE', FEMALE = 'FEMALE' }
export enum AccountStatusEnum { ACTIVE = 'ACTIVE', CANCELLED = 'CANCELLED', SUSPENDED = 'SUSPENDED' }

registerEnumType(BusinessScale, { name: 'BusinessScale', description: 'UMK: capital up to Rp5 billion excluding land and buildings, Indonesian only.' });
registerEnumType(NonUmkKind, { name: 'NonUmkKind', description: 'Kind of a NON_UMK applicant.' });
registerEnumType(ActorType, { name: 'ActorType', description: 'Individual (orang perseorangan) or business entity (badan usaha).' });
registerEnumType(EntityType, { name: 'EntityType', description: 'Legal form of a business entity.' });
registerEnumType(VerificationChannel, { name: 'VerificationChannel', description: 'Where the verification code is sent.' });
registerEnumType(RegistrationStepEnum, { name: 'RegistrationStep', description: 'VERIFY_CODE -> SET_PASSWORD -> COMPLETE_PROFILE -> DONE' });
registerEnumType(GenderEnum, { name: 'Gender', description: 'As on the KTP or passport.' });
registerEnumType(AccountStatusEnum, { name: 'AccountStatus', description: 'A temporary login lock is not a status.' });
