/**
 * Raw SQL rows carry timestamps as text; GraphQL's DateTime wants dates.
 * Converts the named columns of every row in place and returns the rows.
 */
export function withDates<T extends object>(rows: T[], ...keys: (keyof T)[]): T[] {
  for (const r of rows) {
    for (const k of keys) {
      const v = r[k] as unknown;
      if (typeof v === 'string') (r as Record<keyof T, unknown>)[k] = new Date(v);
    }
  }
  return rows;
}
