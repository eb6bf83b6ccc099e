import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { loader } from '../../graphql/loaders';
import type { RegionIndex } from '../../domain/wilayah';
import type { RequestContext } from '../../shared/request-context';
import { ComplaintType } from '../complaint/complaint.types';
import { staffView, StaffUserType } from '../staff/staff.resolver';
import type { ServiceUnit } from './service-unit.entity';
import { ServiceUnitService } from './service-unit.service';
import { ServiceUnitType } from './service-unit.types';

export const unitView =
  (regions: RegionIndex) =>
  (u: ServiceUnit): ServiceUnitType => ({
    id: u.id,
    name: u.name,
    regionCode: u.regionCode,
    regionName: u.regionCode ? (regions.get(u.regionCode)?.name ?? null) : null,
    national: u.national,
  });

@Resolver()
export class ServiceUnitResolver {
  private readonly view: (u: ServiceUnit) => ServiceUnitType;
  constructor(
    private readonly units: ServiceUnitService,
    regions: RegionIndex,
  ) {
    this.view = unitView(regions);
  }

  @Authorized('HELPDESK')
  @Query(() => [ServiceUnitType], { description: 'Every service unit, the national helpdesk first [HELPDESK+].' })
  async serviceUnits(@Ctx() ctx: RequestContext): Promise<ServiceUnitType[]> {
    return (await this.units.list(ctx.em)).map(this.view);
  }

  @Authorized('ADMIN')
  @Mutation(() => ServiceUnitType, {
    description:
      'Creates a regional unit for a province (2 digits) or regency (4 digits) code [ADMIN]; CONFLICT when the ' +
      'region has one already.',
  })
  async createServiceUnit(
    @Ctx() ctx: RequestContext,
    @Arg('name', () => String) name: string,
    @Arg('regionCode', () => String) regionCode: string,
  ): Promise<ServiceUnitType> {
    return this.view(await this.units.create(ctx, name, regionCode));
  }

  @Authorized('ADMIN')
  @Mutation(() => StaffUserType, {
    description: 'Moves a staff user to a service unit [ADMIN]; their view of complaints changes with their next call.',
  })
  async setStaffUnit(
    @Ctx() ctx: RequestContext,
    @Arg('staffId', () => ID) staffId: string,
    @Arg('unitId', () => ID) unitId: string,
  ): Promise<StaffUserType> {
    return staffView(await this.units.assignStaff(ctx, staffId, unitId));
  }
}

/** The unit of a staff user and of a complaint, one batched query per request. */
@Resolver(() => StaffUserType)
export class StaffUnitResolver {
  private readonly view: (u: ServiceUnit) => ServiceUnitType;
  constructor(
    private readonly units: ServiceUnitService,
    regions: RegionIndex,
  ) {
    this.view = unitView(regions);
  }

  @FieldResolver(() => ServiceUnitType, { description: 'The service unit the staff user works in.' })
  async unit(@Root() s: StaffUserType, @Ctx() ctx: Context): Promise<ServiceUnitType> {
    return this.view(await unitsById(ctx, this.units).load(s.unitId));
  }
}

@Resolver(() => ComplaintType)
export class ComplaintUnitResolver {
  private readonly view: (u: ServiceUnit) => ServiceUnitType;
  constructor(
    private readonly units: ServiceUnitService,
    regions: RegionIndex,
  ) {
    this.view = unitView(regions);
  }

  @FieldResolver(() => ServiceUnitType, { description: 'The service unit handling the complaint.' })
  async unit(@Root() c: ComplaintType, @Ctx() ctx: Context): Promise<ServiceUnitType> {
    return this.view(await unitsById(ctx, this.units).load(c.unitId));
  }
}

function unitsById(ctx: Context, units: ServiceUnitService) {
  return loader(ctx, 'serviceUnits', async (ids: readonly string[]) => {
    const all = await units.list(ctx.em);
    return ids.map((id) => all.find((u) => u.id === id)!);
  });
}
