import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ActorType, VerificationChannel } from '../../domain/enums';
import { MaxLen } from '../../shared/validation';

export enum ReplacementStepEnum {
  CONFIRM_DATA = 'CONFIRM_DATA',
  VERIFY_CODE = 'VERIFY_CODE',
  SET_PASSWORD = 'SET_PASSWORD',
  DONE = 'DONE',
}
registerEnumType(ReplacementStepEnum, {
  name: 'ReplacementStep',
  description: 'Replacement of OSS 1.1 credentials: CONFIRM_DATA -> VERIFY_CODE -> SET_PASSWORD -> DONE',
});

@ObjectType({
  description:
    'The replacement of an OSS 1.1 account ("penggantian hak akses"), opened by login with the old password ' +
    '(REPLACEMENT_REQUIRED, extensions.replacementId). Its id is the capability; it expires after 24 hours or at ' +
    'the claim deadline (CODE_EXPIRED).',
})
export class Replacement {
  @Field(() => ID, { description: 'The capability: whoever holds it continues the replacement.' }) id: string;
  @Field(() => ReplacementStepEnum, { description: 'The step the replacement waits for.' }) step: ReplacementStepEnum;
  @Field(() => ActorType, { description: 'A company confirms its director’s NIK and name and the company NPWP.' })
  actorType: ActorType;
  @Field(() => Boolean, { description: 'Whether the NPWP the old account held must be confirmed too.' })
  npwpRequired: boolean;
  @Field(() => VerificationChannel, { nullable: true, description: 'Null until the data is confirmed.' })
  channel?: VerificationChannel | null;
  @Field(() => String, { nullable: true, description: 'Where the code went, masked.' })
  maskedDestination?: string | null;
  @Field(() => Date, { nullable: true, description: 'When a new code may be requested.' })
  resendAvailableAt?: Date | null;
  @Field(() => Date, { description: '24 hours after the login, or the claim deadline if sooner.' }) expiresAt: Date;
}

@InputType({
  description:
    'The data OSS 1.1 held, to confirm (a mismatch answers and counts like a wrong password), and where the ' +
    'code goes. A company gives its director’s NIK and name, the company NPWP and the company’s own email.',
})
export class ConfirmReplacementDataInput {
  @Field(() => String, { description: 'NIK (the director’s, for a company).' }) @MaxLen(30) nik: string;
  @Field(() => String, { description: 'Name as OSS 1.1 held it (case and punctuation do not matter).' })
  @MaxLen(200)
  fullName: string;
  @Field(() => String, { nullable: true, description: 'Required when npwpRequired.' }) @MaxLen(30) npwp?: string;
  @Field(() => VerificationChannel, { description: 'Where the code goes (a company: EMAIL).' })
  channel: VerificationChannel;
  @Field(() => String, { nullable: true, description: 'Required for EMAIL.' }) @MaxLen(254) email?: string;
  @Field(() => String, { nullable: true, description: 'Required for WHATSAPP; 08…, 8…, 62…, +62….' })
  @MaxLen(30)
  phone?: string;
}
