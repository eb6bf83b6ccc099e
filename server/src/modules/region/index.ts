import { RegionResolver } from './region.resolver';
export { RegionService, loadRegions } from './region.service';
export const entities: Function[] = [];
export const resolvers: Function[] = [RegionResolver];
