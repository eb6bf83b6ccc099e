import type { EntityManager } from '@mikro-orm/postgresql';
import { FieldErrors, assertNoFieldErrors } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import { withDates } from '../../shared/rows';
import { pgArray } from '../../shared/sql';
import { checkPage, decodeCursor, encodeCursor, isTimeKeyset, KeysetCursor, Page } from '../../shared/pagination';

export interface AuditRow {
  id: string;
  at: Date;
  action: string;
  actorType: string;
  actorId: string | null;
  accountId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilterInput {
  accountId?: string | null;
  actorId?: string | null;
  action?: string | null;
  from?: Date | null;
  to?: Date | null;
}

const COLUMNS = `e.id, e.at, e.action, e.actor_type as "actorType", e.actor_id as "actorId",
  coalesce(case when e.target_type = 'account' then e.target_id end, e.details->>'accountId') as "accountId",
  e.ip, e.details`;

/**
 * What an officer of a regional service unit may read of the log: everything
 * about applicants (account data is national), but of complaints and staff
 * only those of their own unit, and nothing of the breach register (the
 * national helpdesk's). `alias` is the audit_event alias; two parameters:
 * the unit id twice.
 */
function unitCondition(alias: string): string {
  return `(${alias}.target_type is distinct from 'complaint'
      or exists (select 1 from complaint c where c.id::text = ${alias}.target_id and c.unit_id = ?::uuid))
    and (${alias}.target_type is distinct from 'staff_user'
      or exists (select 1 from staff_user s where s.id::text = ${alias}.target_id and s.unit_id = ?::uuid))
    and ${alias}.target_type is distinct from 'breach_incident'`;
}

/** Reads of the append-only audit log, newest first. */
export class AuditQueries {
  /** `unitScope`: the regional unit of the officer asking (null: national, every row). */
  async list(
    em: EntityManager,
    filter: AuditFilterInput,
    first?: number | null,
    after?: string | null,
    unitScope: string | null = null,
  ): Promise<Page<AuditRow>> {
    const n = checkPage(first);
    const f: FieldErrors = {};
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.accountId != null) {
      if (isUuid(filter.accountId)) {
        where.push(`((e.target_type = 'account' and e.target_id = ?) or e.details->>'accountId' = ?)`);
        params.push(filter.accountId.toLowerCase(), filter.accountId.toLowerCase());
      } else f.accountId = 'ID akun tidak valid.';
    }
    for (const k of ['actorId', 'action'] as const) {
      if (filter[k]?.includes('\u0000')) f[k] = 'Berisi karakter yang tidak diizinkan.';
    }
    if (filter.actorId) {
      where.push('e.actor_id = ?');
      params.push(filter.actorId);
    }
    if (filter.action) {
      where.push('e.action = ?');
      params.push(filter.action.trim().toUpperCase());
    }
    if (filter.from) {
      where.push('e.at >= ?');
      params.push(filter.from);
    }
    if (filter.to) {
      where.push('e.at < ?');
      params.push(filter.to);
    }
    if (filter.from && filter.to && filter.from > filter.to) f.to = 'Waktu akhir harus sesudah waktu awal.';
    assertNoFieldErrors(f);
    if (unitScope) {
      where.push(unitCondition('e'));
      params.push(unitScope, unitScope);
    }
    const pageWhere = [...where];
    const pageParams = [...params];
    if (after) {
      const [at, id] = decodeCursor<KeysetCursor>(after, isTimeKeyset);
      pageWhere.push('(e.at, e.id) < (?::timestamptz, ?::uuid)');
      pageParams.push(at, id);
    }
    const cond = (w: string[]) => (w.length ? `where ${w.join(' and ')}` : '');
    const rows = await em.execute<(AuditRow & { sort_key: string })[]>(
      `select ${COLUMNS}, e.at::text as sort_key from audit_event e ${cond(pageWhere)}
        order by e.at desc, e.id desc limit ?`,
      [...pageParams, n + 1],
    );
    const [{ c }] = await em.execute<{ c: number }[]>(
      `select count(*)::int as c from (select 1 from audit_event e ${cond(where)} limit 10001) x`,
      params,
    );
    const page = rows.slice(0, n);
    return {
      rows: withDates(page, 'at'),
      cursors: page.map((r) => encodeCursor([r.sort_key, r.id])),
      hasNextPage: rows.length > n,
      totalCount: c,
      totalCountIsEstimate: c > 10_000,
    };
  }

  /**
   * The newest events about each account (up to 100 each), one query for any
   * number of accounts; `unitScope` as in `list`.
   */
  async trailsFor(
    em: EntityManager,
    accountIds: readonly string[],
    unitScope: string | null = null,
  ): Promise<AuditRow[][]> {
    const rows = await em.execute<(AuditRow & { forAccount: string })[]>(
      `select a.id as "forAccount", ${COLUMNS} from unnest(?::text[]) as a(id)
         cross join lateral (select * from audit_event x
                             where ((x.target_type = 'account' and x.target_id = a.id) or x.details->>'accountId' = a.id)
                               ${unitScope ? `and ${unitCondition('x')}` : ''}
                             order by x.at desc limit 100) e`,
      unitScope ? [pgArray(accountIds), unitScope, unitScope] : [pgArray(accountIds)],
    );
    const by = new Map<string, AuditRow[]>(accountIds.map((id) => [id, []]));
    for (const { forAccount, ...r } of withDates(rows, 'at')) by.get(forAccount)?.push(r);
    return accountIds.map((id) => by.get(id)!);
  }
}
