import { BreachIncident } from './breach.entity';
import { BreachResolver } from './breach.resolver';
export { BreachService } from './breach.service';
export const entities = [BreachIncident];
export const resolvers: Function[] = [BreachResolver];
