import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/postgresql';
import { ValidationError } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { checkPage, decodeCursor, encodeCursor, isKeyset, KeysetCursor, Page } from '../shared/pagination';

/**
 * One page of a small table, newest first, continued by keyset cursor
 * (creation time, id). For tables that stay small (queues, complaints); the
 * account search has its own capped counts.
 */
export async function newestFirst<T extends { id: string; createdAt: Date }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  first?: number | null,
  after?: string | null,
): Promise<Page<T>> {
  const n = checkPage(first);
  let pageWhere = where;
  if (after) {
    const [at, id] = decodeCursor<KeysetCursor>(after, isKeyset);
    const t = new Date(at);
    if (!isUuid(id) || isNaN(t.getTime())) throw new ValidationError({ after: 'Kursor halaman tidak valid.' });
    const before = { $or: [{ createdAt: { $lt: t } }, { createdAt: t, id: { $lt: id } }] };
    pageWhere = { $and: [where, before] } as FilterQuery<T>;
  }
  const rows = await em.find(entity, pageWhere, {
    orderBy: { createdAt: 'desc', id: 'desc' } as never,
    limit: n + 1,
  });
  const totalCount = await em.count(entity, where);
  const page = rows.slice(0, n) as T[];
  return {
    rows: page,
    cursors: page.map((r) => encodeCursor([r.createdAt.toISOString(), r.id])),
    hasNextPage: rows.length > n,
    totalCount,
    totalCountIsEstimate: false,
  };
}
