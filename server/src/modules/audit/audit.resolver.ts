import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { ConnectionShape, toConnection } from '../../graphql/connection';
import { JSONObjectResolver } from 'graphql-scalars';
import { loader } from '../../graphql/loaders';
import { isUuid } from '../../shared/ids';
import { maskDetails } from '../../domain/mask';
import type { RequestContext } from '../../shared/request-context';
import { staffActor } from '../../shared/request-context';
import { AccountType } from '../account/account.types';
import { StaffService } from '../staff/staff.service';
import { staffUsername } from '../../graphql/staff-names';
import { AuditQueries, AuditRow } from './audit-query.service';
import { AuditEventConnection, AuditEventFilter, AuditEventType } from './audit.types';

/** An audit row as every reader sees it: personal data in its details masked, no hashes (shared/pii-policy.ts). */
function auditView(row: AuditRow): AuditRow {
  return { ...row, details: maskDetails(row.details) as Record<string, unknown> };
}

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditQueries) {}

  @Authorized('SUPERVISOR')
  @Query(() => AuditEventConnection, { description: 'The audit log, newest first [SUPERVISOR+]; first is 1-100.' })
  async auditEvents(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => AuditEventFilter, { nullable: true }) filter?: AuditEventFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ConnectionShape<AuditRow>> {
    const page = await this.audit.list(ctx.em, filter ?? {}, first, after, staffActor(ctx)?.unitScope ?? null);
    return toConnection({ ...page, nodes: page.rows.map(auditView) });
  }
}

@Resolver(() => AccountType)
export class AccountAuditTrailResolver {
  constructor(private readonly audit: AuditQueries) {}

  @Authorized('HELPDESK')
  @FieldResolver(() => [AuditEventType], { description: 'What happened to this account, newest first [HELPDESK+].' })
  async auditTrail(@Root() account: AccountType, @Ctx() ctx: Context): Promise<AuditRow[]> {
    const rows = await loader(ctx, 'auditTrail', (ids: readonly string[]) =>
      this.audit.trailsFor(ctx.em, ids, staffActor(ctx)?.unitScope ?? null),
    ).load(account.id);
    return rows.map(auditView);
  }
}

/** The staff actor's username, one batched query per request. */
@Resolver(() => AuditEventType)
export class AuditActorNameResolver {
  constructor(private readonly staff: StaffService) {}

  @FieldResolver(() => String, { nullable: true })
  actorName(@Root() e: AuditEventType, @Ctx() ctx: Context): Promise<string | null> {
    return e.actorType === 'STAFF' ? staffUsername(ctx, this.staff, e.actorId) : Promise.resolve(null);
  }

  @FieldResolver(() => JSONObjectResolver)
  async staffNames(@Root() e: AuditEventType, @Ctx() ctx: Context): Promise<Record<string, string>> {
    const ids = [...new Set(uuidsIn(e.details))];
    const names = await Promise.all(ids.map((id) => staffUsername(ctx, this.staff, id)));
    return Object.fromEntries(ids.flatMap((id, i) => (names[i] ? [[id, names[i]]] : [])));
  }
}

/** Every UUID among the string values of `v`, at any depth. */
function uuidsIn(v: unknown): string[] {
  if (typeof v === 'string') return isUuid(v) ? [v] : [];
  if (Array.isArray(v)) return v.flatMap(uuidsIn);
  if (v && typeof v === 'object') return Object.values(v).flatMap(uuidsIn);
  return [];
}
