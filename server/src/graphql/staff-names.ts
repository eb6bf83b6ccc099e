import type { Context } from './context';
import { loader } from './loaders';
import { isUuid } from '../shared/ids';
import type { StaffUser } from '../modules/staff/staff.entity';
import type { StaffService } from '../modules/staff/staff.service';

/**
 * Staff users by id, batched per request (one query for a whole complaint
 * history or audit page). Shared by every field that names a staff user.
 */
export function staffById(ctx: Context, staff: StaffService) {
  return loader<string, StaffUser | undefined>(ctx, 'staffUsers', (ids) => staff.byIds(ctx.em, ids));
}

/** The username of a staff id, or null (no id, not a staff id, or unknown). */
export async function staffUsername(ctx: Context, staff: StaffService, id?: string | null): Promise<string | null> {
  if (!id || !isUuid(id)) return null;
  return (await staffById(ctx, staff).load(id))?.username ?? null;
}
