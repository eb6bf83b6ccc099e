import { OutreachEvent } from './outreach-event.entity';
import { MetricsOutreachResolver, OutreachEventResolver } from './outreach.resolver';
export { OutreachEvents } from './outreach.service';
export { OutreachDesk } from './outreach-desk.service';
export const entities = [OutreachEvent];
export const resolvers: Function[] = [OutreachEventResolver, MetricsOutreachResolver];
