import { Arg, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { RegionService } from './region.service';

@ObjectType({ description: 'An administrative region from the official data (Kepmendagri).' })
export class Region {
  @Field(() => String, { description: 'Digits only: province 2, regency 4, district 6, village 10.' })
  code: string;

  @Field(() => String, { description: 'Official name.' })
  name: string;
}

@Resolver()
export class RegionResolver {
  constructor(private readonly regions: RegionService) {}

  @Query(() => [Region], { description: 'All provinces.' })
  provinces(): Region[] {
    return this.regions.provinces();
  }

  @Query(() => [Region], { description: 'Regencies and cities of a province (code with or without dots).' })
  regencies(@Arg('provinceCode', () => String) provinceCode: string): Region[] {
    return this.regions.children(provinceCode, 2);
  }

  @Query(() => [Region], { description: 'Districts (kecamatan) of a regency.' })
  districts(@Arg('regencyCode', () => String) regencyCode: string): Region[] {
    return this.regions.children(regencyCode, 4);
  }

  @Query(() => [Region], { description: 'Villages (kelurahan/desa) of a district.' })
  villages(@Arg('districtCode', () => String) districtCode: string): Region[] {
    return this.regions.children(districtCode, 6);
  }
}
