import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sha256 } from '../../shared/crypto';
import { AppError, ValidationError } from '../../shared/errors';
import type { Actor } from '../../shared/request-context';
import { ApiKey } from './api-key.entity';

/** What a key may be allowed to do. */
export const API_SCOPES = ['accounts:read', 'pii:read', 'licensing:write', 'metrics:read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Keys are recognisable in logs and secret scanners by this prefix. */
export const API_KEY_PREFIX = 'hak_';

export function isApiKeyToken(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

/**
 * The key behind a token hash (`?`), counting the request in the key's
 * per-minute window: one statement per request.
 */
export const API_KEY_RESOLVE_SQL = `with k as (
     update api_key set last_used_at = now() where key_hash = ? and revoked_at is null
     returning id, name, scopes
   ), u as (
     insert into api_key_usage as u (api_key_id, window_start, hits)
     select id, date_trunc('minute', now()), 1 from k
     on conflict (api_key_id, window_start) do update set hits = u.hits + 1
     returning hits
   )
   select k.id, k.name, k.scopes, u.hits,
          ceil(extract(epoch from date_trunc('minute', now()) + interval '1 minute' - now())) as retry
     from k, u`;

/** API keys: created and revoked from the command line, checked on every request that presents one. */
export class ApiKeyService {
  /** @param perMinute requests one key may make per minute (fixed window, counted in PostgreSQL). */
  constructor(private readonly perMinute: number) {}

  async create(em: EntityManager, name: string, scopes: string[]): Promise<{ key: string; apiKey: ApiKey }> {
    const n = name.trim();
    if (!/^[a-z0-9][a-z0-9._-]{1,63}$/i.test(n)) {
      throw new ValidationError({ name: 'Nama kunci 2-64 karakter: huruf, angka, titik, garis bawah atau strip.' });
    }
    const unknown = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
    if (!scopes.length || unknown.length) {
      throw new ValidationError({ scopes: `Cakupan yang dikenal: ${API_SCOPES.join(', ')}.` });
    }
    if (await em.findOne(ApiKey, { name: n, revokedAt: null })) {
      throw new AppError('CONFLICT', `Kunci API bernama ${n} sudah ada.`);
    }
    const key = `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
    const apiKey = em.create(ApiKey, { name: n, keyHash: sha256(key), scopes: [...new Set(scopes)] });
    await em.flush();
    return { key, apiKey };
  }

  list(em: EntityManager): Promise<ApiKey[]> {
    return em.find(ApiKey, {}, { orderBy: { createdAt: 'asc' } });
  }

  async revoke(em: EntityManager, name: string): Promise<boolean> {
    const n = await em.nativeUpdate(ApiKey, { name: name.trim(), revokedAt: null }, { revokedAt: new Date() });
    return n > 0;
  }

  /**
   * The actor behind a presented key, counting this request against the
   * key's per-minute budget (one statement: count and last use together).
   */
  async resolve(em: EntityManager, token: string): Promise<Actor> {
    const rows = await em.execute<{ id: string; name: string; scopes: string[]; hits: number; retry: string }[]>(
      API_KEY_RESOLVE_SQL,
      [sha256(token)],
    );
    const k = rows[0];
    if (!k) return { kind: 'ANONYMOUS' };
    return {
      kind: 'API_KEY',
      apiKeyId: k.id,
      name: k.name,
      scopes: k.scopes,
      throttledForSeconds: k.hits > this.perMinute ? Math.max(1, Number(k.retry)) : 0,
    };
  }

  /**
   * The actor behind a key without counting a call: the server's own check of
   * an open WebSocket (revoked? scopes changed?) is not a request of the tool.
   */
  async check(em: EntityManager, token: string): Promise<Actor> {
    const rows = await em.execute<{ id: string; name: string; scopes: string[] }[]>(
      'select id, name, scopes from api_key where key_hash = ? and revoked_at is null',
      [sha256(token)],
    );
    const k = rows[0];
    if (!k) return { kind: 'ANONYMOUS' };
    return { kind: 'API_KEY', apiKeyId: k.id, name: k.name, scopes: k.scopes, throttledForSeconds: 0 };
  }
}
