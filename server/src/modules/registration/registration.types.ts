import { MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ActorType, BusinessScale, EntityType, GenderEnum, NonUmkKind, RegistrationStepEnum, VerificationChannel } from '../../graphql/enums';
import { CaptchaAnswer } from '../captcha/captcha.resolver';

@InputType({ description: 'Passport of an individual foreign applicant (WNA; never UMK).' })
export class PassportInput {
  @Field(() => String) @MaxLength(20) number: string;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2 code of the issuing country.' }) @MaxLength(2) issuingCountry: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @MaxLength(10) issueDate?: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @MaxLength(10) expiryDate?: string;
}

@InputType({ description: 'First step of a registration.' })
export class StartRegistrationInput {
  @Field(() => BusinessScale) scale: BusinessScale;
  @Field(() => NonUmkKind, { nullable: true, description: 'Required when scale = NON_UMK.' }) nonUmkKind?: NonUmkKind;
  @Field(() => ActorType) actorType: ActorType;
  @Field(() => EntityType, { nullable: true, description: 'Required when actorType = BUSINESS_ENTITY.' }) entityType?: EntityType;
  @Field(() => String, { nullable: true, description: '16-digit NIK of an Indonesian individual.' }) @MaxLength(40) nik?: string;
  @Field(() => PassportInput, { nullable: true, description: 'Passport of a foreign individual.' }) passport?: PassportInput;
  @Field(() => VerificationChannel) channel: VerificationChannel;
  @Field(() => String, { nullable: true, description: 'Required for EMAIL; the company email for entities.' }) @MaxLength(254) email?: string;
  @Field(() => String, { nullable: true, description: 'Required for WHATSAPP; accepts 08…, 8…, 62…, +62….' }) @MaxLength(30) phone?: string;
  @Field(() => CaptchaAnswer, { nullable: true, description: 'Required when the server runs with CAPTCHA=on.' }) captcha?: CaptchaAnswer;
}

@InputType({ description: 'Profile of the applicant (individual fields for now).' })
export class ProfileInput {
  @Field(() => String, { nullable: true }) @MaxLength(200) fullName?: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @MaxLength(10) birthDate?: string;
  @Field(() => GenderEnum, { nullable: true }) gender?: GenderEnum;
  @Field(() => String, { nullable: true, description: 'Street address without RT/RW and postcode.' }) @MaxLength(300) address?: string;
  @Field(() => String, { nullable: true, description: '10-digit village (kelurahan/desa) code from `villages`.' }) @MaxLength(20) villageCode?: string;
}

@ObjectType({ description: 'A registration flow; its id is the capability to continue it.' })
export class Registration {
  @Field(() => ID) id: string;
  @Field(() => RegistrationStepEnum) step: RegistrationStepEnum;
  @Field(() => VerificationChannel) channel: VerificationChannel;
  @Field(() => String, { description: 'e.g. "wi****@gmail.com" or "+62 812****5678".' }) maskedDestination: string;
  @Field(() => Date, { description: 'The earliest moment a new code may be requested (3-minute countdown).' }) resendAvailableAt: Date;
  @Field(() => Date, { description: 'The flow expires 24 hours after it started.' }) expiresAt: Date;
}
