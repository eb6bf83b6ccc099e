import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('ServiceUnit', {
  description: 'A service unit: the national OSS helpdesk or a regional DPMPTSP office (by province or regency).',
})
export class ServiceUnitType {
  @Field(() => ID, { description: 'Unit id.' }) id: string;
  @Field(() => String, { description: 'Name, e.g. "DPMPTSP Kabupaten Mojokerto".' }) name: string;
  @Field(() => String, {
    nullable: true,
    description: 'Province (2 digits) or regency (4 digits) code; null for the national unit.',
  })
  regionCode: string | null;
  @Field(() => String, { nullable: true, description: 'Official name of that region.' })
  regionName: string | null;
  @Field(() => Boolean, { description: 'The national helpdesk: its officers see every unit.' }) national: boolean;
}
