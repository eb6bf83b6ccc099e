import type { AuthChecker } from 'type-graphql';
import { forbidden, rateLimited, unauthenticated } from '../shared/errors';
import { RequestContext, STAFF_ROLE_RANK, StaffRole } from '../shared/request-context';

/** `@Authorized(...)` entry that lets an API key with this scope in. */
export const scope = (name: string) => `scope:${name}`;

/**
 * `@Authorized('HELPDESK')` means that role or higher; `'ACCOUNT'` an
 * applicant session; `scope('accounts:read')` an API key holding that scope.
 * Throws our coded errors so that clients get UNAUTHENTICATED / FORBIDDEN /
 * RATE_LIMITED with an Indonesian message.
 */
export const authChecker: AuthChecker<RequestContext> = ({ context }, roles) => {
  const a = context.actor;
  if (a.kind === 'ANONYMOUS' || a.kind === 'SYSTEM') throw unauthenticated();
  if (a.kind === 'API_KEY' && a.throttledForSeconds > 0) {
    throw rateLimited(a.throttledForSeconds, 'Batas permintaan kunci API per menit tercapai.');
  }
  if (roles.length === 0) return true;
  switch (a.kind) {
    case 'ACCOUNT':
      if (roles.includes('ACCOUNT')) return true;
      break;
    case 'API_KEY':
      if (a.scopes.some((s) => roles.includes(scope(s)))) return true;
      break;
    case 'STAFF': {
      const needed = roles.filter((r): r is StaffRole => r in STAFF_ROLE_RANK);
      if (needed.some((r) => STAFF_ROLE_RANK[a.role] >= STAFF_ROLE_RANK[r])) return true;
    }
  }
  throw forbidden();
};
