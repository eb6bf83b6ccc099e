import type { FieldErrors } from '../shared/errors';

/** One parsed value, or the message for its field. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
export type FieldRule<T> = (raw: string) => Parsed<T>;
type ValueOf<R> = R extends FieldRule<infer T> ? T : never;
export type ParsedFields<R extends Record<string, FieldRule<unknown>>> = { [K in keyof R]: ValueOf<R[K]> };

export const REQUIRED = 'Wajib diisi.';
export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = (error: string): Parsed<never> => ({ ok: false, error });

/** A rule from a check that returns a message or nothing, and the clean-up of an accepted value. */
export function checked<T = string>(
  check: (v: string) => string | undefined,
  clean: (v: string) => T = (v) => v.trim() as T,
): FieldRule<T> {
  return (v) => {
    const error = check(v);
    return error ? fail(error) : ok(clean(v));
  };
}

/**
 * Parses every field of `input` by its rule, once. An empty field is
 * "Wajib diisi."; messages land in `errors` under `prefix` + field name.
 * Returns the parsed values when every field passed, else undefined.
 */
export function parseFields<R extends Record<string, FieldRule<unknown>>>(
  input: Partial<Record<keyof R, unknown>>,
  rules: R,
  errors: FieldErrors,
  prefix = '',
): ParsedFields<R> | undefined {
  const out: Partial<Record<keyof R, unknown>> = {};
  let failed = false;
  for (const [name, rule] of Object.entries(rules) as [keyof R & string, FieldRule<unknown>][]) {
    const raw = input[name];
    const r = typeof raw === 'string' && raw.trim() ? rule(raw) : fail(REQUIRED);
    if (r.ok) out[name] = r.value;
    else {
      errors[prefix + name] = r.error;
      failed = true;
    }
  }
  return failed ? undefined : (out as ParsedFields<R>);
}

/** Collapses runs of spaces and upper-cases: how names are stored. */
export const upperName = (v: string) => v.trim().replace(/\s+/g, ' ').toUpperCase();
