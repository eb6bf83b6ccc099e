import { ValidateNested } from 'class-validator';
import { MaxLen } from '../../shared/validation';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import {
  ActorType,
  BusinessScale,
  EntityType,
  GenderEnum,
  NonUmkKind,
  RegistrationStepEnum,
  VerificationChannel,
} from '../../domain/enums';
import { CaptchaAnswer } from '../captcha/captcha.resolver';

@InputType({
  description: 'Passport of an individual foreign applicant (WNA; never UMK): the fields of the OSS passport form.',
})
export class PassportInput {
  @Field(() => String, { description: 'Passport number.' }) @MaxLen(30) number: string;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2 or alpha-3 code of the issuing country.' })
  @MaxLen(3)
  issuingCountry: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) @MaxLen(10) issueDate: string;
  @Field(() => String, { description: 'YYYY-MM-DD; must be after the issue date and not passed.' })
  @MaxLen(10)
  expiryDate: string;
  @Field(() => String, { description: 'Issuing office (kantor penerbit).' }) @MaxLen(100) issuingOffice: string;
  @Field(() => GenderEnum, { description: 'As in the passport.' }) gender: GenderEnum;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2 or alpha-3 code; not ID.' }) @MaxLen(3) nationality: string;
  @Field(() => String, { description: 'As in the passport.' }) @MaxLen(100) placeOfBirth: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) @MaxLen(10) birthDate: string;
}

@InputType({ description: 'Business-entity details; which document numbers apply depends on the entity type.' })
export class CompanyInput {
  @Field(() => String, {
    nullable: true,
    description: 'Without the legal-form prefix: "FURNITUR JAYA", not "PT FURNITUR JAYA".',
  })
  @MaxLen(200)
  name?: string;
  @Field(() => String, { nullable: true, description: '15 digits (XX.XXX.XXX.X-XXX.XXX) or 16 digits.' })
  @MaxLen(30)
  npwp?: string;
  @Field(() => String, { nullable: true, description: 'SK pengesahan number: PT … BENTUK_USAHA_TETAP and KOPERASI.' })
  @MaxLen(100)
  legalizationNumber?: string;
  @Field(() => String, { nullable: true, description: 'Nomor Induk Koperasi: KOPERASI only.' })
  @MaxLen(100)
  cooperativeNumber?: string;
  @Field(() => String, {
    nullable: true,
    description: 'Founding letter/regulation: YAYASAN, PERKUMPULAN, BADAN_LAYANAN_UMUM, BUMDES.',
  })
  @MaxLen(100)
  establishmentLetterNumber?: string;
  @Field(() => String, { nullable: true, description: 'Company phone (mobile or landline).' })
  @MaxLen(30)
  phone?: string;
}

@InputType({ description: 'The person responsible for the entity (one director).' })
export class DirectorInput {
  @Field(() => String, { nullable: true, description: '16-digit NIK of the director.' }) @MaxLen(40) nik?: string;
  @Field(() => String, { nullable: true, description: 'Full name as on the KTP.' }) @MaxLen(200) fullName?: string;
  @Field(() => String, { nullable: true, description: 'e.g. Direktur Utama, Ketua, Pengurus.' })
  @MaxLen(100)
  position?: string;
  @Field(() => GenderEnum, { nullable: true, description: 'As on the KTP.' }) gender?: GenderEnum;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @MaxLen(10) birthDate?: string;
  @Field(() => String, { nullable: true, description: 'Without RT/RW and postcode.' }) @MaxLen(300) address?: string;
  @Field(() => String, { nullable: true, description: '10-digit village code of the address.' })
  @MaxLen(20)
  villageCode?: string;
}

@InputType({ description: 'First step of a registration.' })
export class StartRegistrationInput {
  @Field(() => BusinessScale, { description: 'UMK (WNI only) or NON_UMK.' }) scale: BusinessScale;
  @Field(() => NonUmkKind, { nullable: true, description: 'Required when scale = NON_UMK.' }) nonUmkKind?: NonUmkKind;
  @Field(() => ActorType, { description: 'Individual or business entity.' }) actorType: ActorType;
  @Field(() => EntityType, { nullable: true, description: 'Required when actorType = BUSINESS_ENTITY.' })
  entityType?: EntityType;
  @Field(() => String, { nullable: true, description: '16-digit NIK of an Indonesian individual.' })
  @MaxLen(40)
  nik?: string;
  @Field(() => PassportInput, { nullable: true, description: 'Passport of a foreign individual.' })
  @ValidateNested()
  passport?: PassportInput;
  @Field(() => VerificationChannel, { description: 'EMAIL or WHATSAPP (entities: EMAIL).' })
  channel: VerificationChannel;
  @Field(() => String, { nullable: true, description: 'Required for EMAIL; the company email for entities.' })
  @MaxLen(254)
  email?: string;
  @Field(() => String, { nullable: true, description: 'Required for WHATSAPP; accepts 08…, 8…, 62…, +62….' })
  @MaxLen(30)
  phone?: string;
  @Field(() => CaptchaAnswer, { nullable: true, description: 'Required when the server runs with CAPTCHA=on.' })
  captcha?: CaptchaAnswer;
}

@InputType({
  description:
    'Profile of the applicant. Individuals: fullName, birthDate, gender, address, villageCode (a passport applicant may leave birthDate and gender to the passport). Entities: company and director.',
})
export class ProfileInput {
  @Field(() => String, { nullable: true, description: 'Full name as on the KTP or passport.' })
  @MaxLen(200)
  fullName?: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @MaxLen(10) birthDate?: string;
  @Field(() => GenderEnum, {
    nullable: true,
    description: 'Individuals (a passport applicant may leave it to the passport).',
  })
  gender?: GenderEnum;
  @Field(() => String, { nullable: true, description: 'Street address without RT/RW and postcode.' })
  @MaxLen(300)
  address?: string;
  @Field(() => String, { nullable: true, description: '10-digit village (kelurahan/desa) code from `villages`.' })
  @MaxLen(20)
  villageCode?: string;
  @Field(() => CompanyInput, { nullable: true, description: 'Business entities only.' })
  @ValidateNested()
  company?: CompanyInput;
  @Field(() => DirectorInput, { nullable: true, description: 'Business entities only.' })
  @ValidateNested()
  director?: DirectorInput;
}

@ObjectType({ description: 'A registration flow; its id is the capability to continue it.' })
export class Registration {
  @Field(() => ID, {
    description:
      'The flow id: keep it secret, it is the capability to continue. In the answer to a staff action (called ' +
      'with `reference`) it is that reference: staff never see the flow id.',
  })
  id: string;
  @Field(() => RegistrationStepEnum, { description: 'The next step to do.' }) step: RegistrationStepEnum;
  @Field(() => VerificationChannel, { description: 'Where codes are sent.' }) channel: VerificationChannel;
  @Field(() => String, { description: 'e.g. "wi****@gmail.com" or "+62 812****5678".' }) maskedDestination: string;
  @Field(() => Date, { description: 'The earliest moment a new code may be requested (3-minute countdown).' })
  resendAvailableAt: Date;
  @Field(() => Date, { description: 'The flow expires 24 hours after it started.' }) expiresAt: Date;
}
