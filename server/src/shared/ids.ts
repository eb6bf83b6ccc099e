import { type FieldErrors, ValidationError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` has the shape of a UUID: checked before an id reaches PostgreSQL, so a bad one is not a 500. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/** A caller-supplied id that must be a UUID: VALIDATION_FAILED on its field otherwise. */
export function requireUuid(id: string, field = 'id'): string {
  if (!isUuid(id)) throw new ValidationError({ [field]: 'ID tidak valid.' });
  return id.toLowerCase();
}

/**
 * The id filters of a list (`assigneeId`, `accountId`…): each one given is
 * lower-cased into `where`, or becomes a field error in `errors`.
 */
export function uuidFilters<K extends string>(
  filter: Partial<Record<K, string | null>>,
  keys: readonly K[],
  where: Partial<Record<K, unknown>>,
  errors: FieldErrors,
): void {
  for (const key of keys) {
    const v = filter[key];
    if (v == null) continue;
    if (isUuid(v)) where[key] = v.toLowerCase();
    else errors[key] = 'ID tidak valid.';
  }
}
