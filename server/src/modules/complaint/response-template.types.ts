import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('ResponseTemplate', {
  description: 'A canned response (balasan siap pakai): Indonesian text with {nama} and {nomor} placeholders.',
})
export class ResponseTemplateType {
  @Field(() => ID, { description: 'Template id (replyToComplaint templateId).' }) id: string;
  @Field(() => String, { description: 'Short title officers pick it by.' }) title: string;
  @Field(() => String, {
    description: "The text; {nama} becomes the reporter's name and {nomor} the complaint number when sent.",
  })
  body: string;
  @Field(() => Boolean, { description: 'Offered to officers; inactive ones are kept but not offered.' })
  active: boolean;
  @Field(() => Date, { description: 'Last changed.' }) updatedAt: Date;
}
