import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: '"Lupa Akun": only masked data, enough for the owner to recognise the account.' })
export class LostAccountResult {
  @Field(() => Boolean, { description: 'Whether a live account holds the NIK.' }) found: boolean;
  @Field(() => String, { nullable: true, description: 'e.g. wi****a' }) maskedUsername?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. wi****@gmail.com' }) maskedEmail?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. +62 812****5678' }) maskedPhone?: string | null;
}
