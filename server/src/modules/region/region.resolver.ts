import { Arg, Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';

@ObjectType({ description: 'An administrative region from the official data (Kepmendagri).' })
export class Region {
  @Field(() => String, { description: 'Digits only: province 2, regency 4, district 6, village 10.' })
  code: string;

  @Field(() => String, { description: 'Official name.' })
  name: string;
}

@Resolver()
export class RegionResolver {
  @Query(() => [Region], { description: 'All provinces.' })
  provinces(@Ctx() ctx: Context): Region[] {
    return ctx.services.regions.provinces();
  }

  @Query(() => [Region], { description: 'Regencies and cities of a province (code with or without dots).' })
  regencies(@Ctx() ctx: Context, @Arg('provinceCode', () => String) provinceCode: string): Region[] {
    return ctx.services.regions.children(provinceCode, 2);
  }

  @Query(() => [Region], { description: 'Districts (kecamatan) of a regency.' })
  districts(@Ctx() ctx: Context, @Arg('regencyCode', () => String) regencyCode: string): Region[] {
    return ctx.services.regions.children(regencyCode, 4);
  }

  @Query(() => [Region], { description: 'Villages (kelurahan/desa) of a district.' })
  villages(@Ctx() ctx: Context, @Arg('districtCode', () => String) districtCode: string): Region[] {
    return ctx.services.regions.children(districtCode, 6);
  }
}
