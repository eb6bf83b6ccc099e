import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/postgresql';
import { ValidationError } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { checkPage, decodeCursor, encodeCursor, isKeyset, KeysetCursor, Page } from '../shared/pagination';

/**
 * One page of a small table, newest first, continued by keyset cursor
 * (creation time, id). For tables that stay small (queues, complaints); the
 * account search has its own capped counts.
 */
export function newestFirst<T extends { id: string; createdAt: Date }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  first?: number | null,
  after?: string | null,
): Promise<Page<T>> {
  return byTime(em, entity, where, 'createdAt', 'desc', first, after);
}

/** One page of a small queue, soonest deadline first, continued by keyset cursor (due time, id). */
export function dueFirst<T extends { id: string; dueAt: Date }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  first?: number | null,
  after?: string | null,
): Promise<Page<T>> {
  return byTime(em, entity, where, 'dueAt', 'asc', first, after);
}

async function byTime<T extends { id: string }, K extends string>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  field: K,
  direction: 'asc' | 'desc',
  first?: number | null,
  after?: string | null,
): Promise<Page<T>> {
  const n = checkPage(first);
  let pageWhere = where;
  if (after) {
    const [at, id] = decodeCursor<KeysetCursor>(after, isKeyset);
    const t = new Date(at);
    if (!isUuid(id) || isNaN(t.getTime())) throw new ValidationError({ after: 'Kursor halaman tidak valid.' });
    const op = direction === 'desc' ? '$lt' : '$gt';
    const beyond = { $or: [{ [field]: { [op]: t } }, { [field]: t, id: { [op]: id } }] };
    pageWhere = { $and: [where, beyond] } as FilterQuery<T>;
  }
  const rows = await em.find(entity, pageWhere, {
    orderBy: { [field]: direction, id: direction } as never,
    limit: n + 1,
  });
  const totalCount = await em.count(entity, where);
  const page = rows.slice(0, n) as T[];
  return {
    rows: page,
    cursors: page.map((r) => encodeCursor([(r as unknown as Record<K, Date>)[field].toISOString(), r.id])),
    hasNextPage: rows.length > n,
    totalCount,
    totalCountIsEstimate: false,
  };
}
