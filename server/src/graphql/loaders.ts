import DataLoader from 'dataloader';
import type { Context } from './context';

/**
 * A per-request DataLoader: nested fields of many accounts (a list of 25 with
 * their messages, flows …) cost one query per field, not one per account.
 */
export function loader<K, V>(
  ctx: Context,
  name: string,
  batch: (keys: readonly K[]) => Promise<V[]>,
): DataLoader<K, V> {
  let l = ctx.loaders.get(name) as DataLoader<K, V> | undefined;
  if (!l) {
    l = new DataLoader<K, V>(batch);
    ctx.loaders.set(name, l);
  }
  return l;
}
