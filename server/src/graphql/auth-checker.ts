import type { AuthChecker } from 'type-graphql';
import { forbidden, unauthenticated } from '../shared/errors';
import { STAFF_ROLE_RANK, RequestContext, StaffRole } from '../shared/request-context';

/**
 * `@Authorized('HELPDESK')` means that role or higher; `@Authorized('ACCOUNT')`
 * means an applicant session. Throws our coded errors so that clients get
 * UNAUTHENTICATED / FORBIDDEN with an Indonesian message.
 */
export const authChecker: AuthChecker<RequestContext> = ({ context }, roles) => {
  const p = context.actor;
  if (p.kind === 'ANONYMOUS' || p.kind === 'SYSTEM') throw unauthenticated();
  if (roles.length === 0) return true;
  if (p.kind === 'ACCOUNT') {
    if (roles.includes('ACCOUNT')) return true;
    throw forbidden();
  }
  const needed = roles.filter((r): r is StaffRole => r in STAFF_ROLE_RANK);
  if (needed.length && needed.some((r) => STAFF_ROLE_RANK[p.role] >= STAFF_ROLE_RANK[r])) return true;
  throw forbidden();
};
