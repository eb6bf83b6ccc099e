import type { EntityManager } from '@mikro-orm/postgresql';
import type { StaffRole } from '../modules/staff/staff.entity';
import type { Services } from '../services';

export type Principal =
  | { kind: 'ANONYMOUS' }
  | { kind: 'ACCOUNT'; accountId: string; sessionId: string }
  | { kind: 'STAFF'; staffId: string; role: StaffRole; sessionId: string };

/** Per request (HTTP) or per operation (WebSocket). */
export interface Context {
  em: EntityManager;
  principal: Principal;
  ip: string | null;
  services: Services;
}
