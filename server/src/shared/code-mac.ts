import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { verifySecret } from './crypto';

/** One key of the verification-code MAC: `id` is stored with every hash it makes. */
export interface CodeKey {
  id: string;
  secret: string;
}

const PREFIX = 'hmac-sha256';
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;

/**
 * Parses `CODE_HMAC_KEYS`: comma-separated `id:secret` pairs, the first one
 * signs new codes, the others only verify codes made under them (rotation).
 * Throws a plain message for the configuration error.
 */
export function parseCodeKeys(raw: string): CodeKey[] {
  const keys: CodeKey[] = [];
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const sep = part.indexOf(':');
    const id = sep > 0 ? part.slice(0, sep) : '';
    const secret = sep > 0 ? part.slice(sep + 1) : '';
    if (!KEY_ID.test(id))
      throw new Error(`"${id || part.slice(0, 8)}…": expected id:secret with an id of 1-16 letters, digits, - or _`);
    if (secret.length < 32) throw new Error(`key "${id}": the secret needs at least 32 characters`);
    if (keys.some((k) => k.id === id)) throw new Error(`key "${id}" is listed twice`);
    keys.push({ id, secret });
  }
  if (!keys.length) throw new Error('no key');
  return keys;
}

/** A fresh `id:secret` pair (embedded installs and the per-process fallback). */
export function newCodeKey(id = 'k1'): string {
  return `${id}:${randomBytes(32).toString('base64url')}`;
}

/**
 * Verification codes are 6 digits: what protects them is the attempt limit,
 * the 10-minute expiry and a server secret, not a slow hash. Each code is kept
 * as HMAC-SHA256(key, flow id ‖ code), tagged with the key's id
 * (`hmac-sha256$<id>$<mac>`), so a key can be rotated while codes made under
 * the previous one still verify. Comparison is constant-time.
 *
 * Hashes written before the HMAC (argon2id, `$argon2id$…`) still verify with
 * argon2 until they expire on their own (10 minutes after they were sent).
 */
export class CodeMac {
  private readonly keys: Map<string, Buffer>;
  private readonly current: CodeKey;

  constructor(keys: CodeKey[]) {
    if (!keys.length) throw new Error('CodeMac needs a key');
    this.current = keys[0];
    this.keys = new Map(keys.map((k) => [k.id, Buffer.from(k.secret, 'utf8')]));
  }

  private mac(key: Buffer, flowId: string, code: string): Buffer {
    return createHmac('sha256', key).update(`${flowId}\u0000${code}`).digest();
  }

  /** The stored form of `code` for the flow `flowId`, under the current key. */
  sign(flowId: string, code: string): string {
    const mac = this.mac(this.keys.get(this.current.id)!, flowId, code);
    return `${PREFIX}$${this.current.id}$${mac.toString('base64url')}`;
  }

  /**
   * `match` or `mismatch`; `unusable` when the hash was made under a key this
   * server no longer has (or is not a form it knows): no guess can match it,
   * so the caller voids the code instead of counting attempts against it.
   */
  async check(stored: string, flowId: string, code: string): Promise<'match' | 'mismatch' | 'unusable'> {
    if (stored.startsWith('$argon2')) return (await verifySecret(stored, code)) ? 'match' : 'mismatch';
    const [prefix, id, encoded, extra] = stored.split('$');
    const key = this.keys.get(id ?? '');
    if (prefix !== PREFIX || extra !== undefined || !key || !encoded) return 'unusable';
    const expected = Buffer.from(encoded, 'base64url');
    const actual = this.mac(key, flowId, code);
    return expected.length === actual.length && timingSafeEqual(expected, actual) ? 'match' : 'mismatch';
  }

  /**
   * The keyed digest that names a person's identifier (NIK, email, phone,
   * username) in a rate-limit or lockout key, under the current key. A plain
   * SHA-256 of a NIK is undone by hashing every possible NIK (a few seconds
   * for one birth date and region); without the server's secret this is not.
   * Windows are short (a day at most), so a key rotation only restarts them.
   */
  subjectDigest(value: string): string {
    return this.mac(this.keys.get(this.current.id)!, 'subject', value).toString('base64url');
  }

  /**
   * Keyed digests of a link token (`purpose` separates their uses), under
   * every key, the current one first: the first is what is stored, all of
   * them are what a lookup looks for, so a link made before a key rotation
   * still opens while its key is kept.
   */
  tokenDigests(purpose: string, token: string): string[] {
    return [...this.keys].map(
      ([id, key]) => `${PREFIX}$${id}$${this.mac(key, `token:${purpose}`, token).toString('base64url')}`,
    );
  }
}
