/** The vocabulary of the public contract, shared by several modules (registered for GraphQL in graphql/enums.ts). */
export enum BusinessScale {
  UMK = 'UMK',
  NON_UMK = 'NON_UMK',
}
export enum NonUmkKind {
  MENENGAH = 'MENENGAH',
  BESAR = 'BESAR',
  KANTOR_PERWAKILAN = 'KANTOR_PERWAKILAN',
  BADAN_USAHA_LUAR_NEGERI = 'BADAN_USAHA_LUAR_NEGERI',
}
export enum ActorType {
  INDIVIDUAL = 'INDIVIDUAL',
  BUSINESS_ENTITY = 'BUSINESS_ENTITY',
}
export enum EntityType {
  PT = 'PT',
  PT_PERORANGAN = 'PT_PERORANGAN',
  CV = 'CV',
  FIRMA = 'FIRMA',
  PERSEKUTUAN_PERDATA = 'PERSEKUTUAN_PERDATA',
  PERUM = 'PERUM',
  PERUMDA = 'PERUMDA',
  BADAN_HUKUM_LAINNYA = 'BADAN_HUKUM_LAINNYA',
  KOPERASI = 'KOPERASI',
  PERKUMPULAN = 'PERKUMPULAN',
  YAYASAN = 'YAYASAN',
  BADAN_LAYANAN_UMUM = 'BADAN_LAYANAN_UMUM',
  BENTUK_USAHA_TETAP = 'BENTUK_USAHA_TETAP',
  BUMDES = 'BUMDES',
}
export enum VerificationChannel {
  EMAIL = 'EMAIL',
  WHATSAPP = 'WHATSAPP',
}
export enum RegistrationStepEnum {
  VERIFY_CODE = 'VERIFY_CODE',
  SET_PASSWORD = 'SET_PASSWORD',
  COMPLETE_PROFILE = 'COMPLETE_PROFILE',
  DONE = 'DONE',
}
export enum GenderEnum {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}
export enum AccountStatusEnum {
  ACTIVE = 'ACTIVE',
  CANCELLED = 'CANCELLED',
  SUSPENDED = 'SUSPENDED',
  LEGACY = 'LEGACY',
}
/** What staff can do about one message, as the server judges it can work. */
export enum MessageAction {
  REDELIVER = 'REDELIVER',
  RESEND_REGISTRATION_CODE = 'RESEND_REGISTRATION_CODE',
  CHANGE_REGISTRATION_DESTINATION = 'CHANGE_REGISTRATION_DESTINATION',
}
