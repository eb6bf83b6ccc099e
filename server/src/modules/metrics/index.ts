import { MetricsResolver } from './metrics.resolver';
export { MetricsService } from './metrics.service';
export const entities: Function[] = [];
export const resolvers: Function[] = [MetricsResolver];
