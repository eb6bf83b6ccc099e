import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { ConnectionShape, toConnection } from '../../graphql/connection';
import { loader } from '../../graphql/loaders';
import type { RequestContext } from '../../shared/request-context';
import { AccountType } from '../account/account.types';
import { AuditQueries, AuditRow } from './audit-query.service';
import { AuditEventConnection, AuditEventFilter, AuditEventType } from './audit.types';

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
    const page = await this.audit.list(ctx.em, filter ?? {}, first, after);
    return toConnection({ ...page, nodes: page.rows });
  }
}

@Resolver(() => AccountType)
export class AccountAuditTrailResolver {
  constructor(private readonly audit: AuditQueries) {}

  @Authorized('HELPDESK')
  @FieldResolver(() => [AuditEventType], { description: 'What happened to this account, newest first [HELPDESK+].' })
  auditTrail(@Root() account: AccountType, @Ctx() ctx: Context): Promise<AuditRow[]> {
    return loader(ctx, 'auditTrail', (ids: readonly string[]) => this.audit.trailsFor(ctx.em, ids)).load(account.id);
  }
}
