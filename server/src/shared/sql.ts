/**
 * A PostgreSQL array literal for one bound parameter (`= any(?::text[])`):
 * the query builder would otherwise spread a JavaScript array into a list.
 */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
