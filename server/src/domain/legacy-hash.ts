import { createHash, pbkdf2, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';

/**
 * Password hashes carried over from OSS 1.1 (docs/domain.md, "OSS 1.1
 * accounts"). Three families are understood:
 *
 * - bcrypt: `$2a$`, `$2b$` or `$2y$` + cost + 53 characters (checked with bcryptjs);
 * - PBKDF2: `pbkdf2$<digest>$<iterations>$<salt>$<hash>`, digest `sha1`,
 *   `sha256` or `sha512`, salt and hash in base64 (padding optional);
 * - salted digests: `<md5|sha1|sha256>$<salt>$<digest>`, the digest in hex or
 *   base64, of the text the configured template makes of salt and password
 *   (LEGACY_HASH_TEMPLATE, e.g. `{SALT}{PASSWORD}`), as Ory Kratos describes
 *   imported salted hashes. Without a template these are refused: the import
 *   cannot know how the old system combined them.
 *
 * Anything else is an unknown format. Every comparison of derived bytes is
 * constant-time.
 */
export type LegacyScheme = 'bcrypt' | 'pbkdf2' | 'md5' | 'sha1' | 'sha256';

export type LegacyHashResult = { ok: true; scheme: LegacyScheme } | { ok: false; error: string };

const DIGEST_BYTES: Record<'md5' | 'sha1' | 'sha256' | 'sha512', number> = {
  md5: 16,
  sha1: 20,
  sha256: 32,
  sha512: 64,
};
const BCRYPT = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
/** More would let one imported row make every login attempt against it slow. */
export const PBKDF2_MAX_ITERATIONS = 2_000_000;
/** bcrypt's cost is exponential; 14 is already about a second in bcryptjs. */
export const BCRYPT_MAX_COST = 14;

/** A template must name both parts, and nothing else in braces. */
export function checkDigestTemplate(template: string): string | undefined {
  if (!template.includes('{PASSWORD}')) return 'template harus memuat {PASSWORD}';
  if (!template.includes('{SALT}')) return 'template harus memuat {SALT}';
  const other = template.replace(/\{SALT\}|\{PASSWORD\}/g, '').match(/\{[^}]*\}/);
  if (other) return `penanda ${other[0]} tidak dikenal (hanya {SALT} dan {PASSWORD})`;
  return undefined;
}

function decodeDigest(text: string, bytes: number): Buffer | undefined {
  if (/^[0-9a-f]+$/i.test(text) && text.length === bytes * 2) return Buffer.from(text, 'hex');
  if (!BASE64.test(text)) return undefined;
  const buf = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return buf.length === bytes ? buf : undefined;
}

function decodeBase64(text: string): Buffer | undefined {
  if (!text || !BASE64.test(text)) return undefined;
  const buf = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return buf.length ? buf : undefined;
}

interface Parsed {
  scheme: LegacyScheme;
  check: (password: string) => Promise<boolean>;
}

function parse(stored: string, template: string | undefined): Parsed | { error: string } {
  const m = BCRYPT.exec(stored);
  if (m) {
    const cost = Number(m[1]);
    if (cost < 4 || cost > BCRYPT_MAX_COST) return { error: `biaya bcrypt di luar 04-${BCRYPT_MAX_COST}` };
    // $2y$ (PHP) is the same algorithm as $2b$; bcryptjs knows it by the latter name.
    const normal = stored.startsWith('$2y$') ? `$2b$${stored.slice(4)}` : stored;
    return { scheme: 'bcrypt', check: (pw) => bcrypt.compare(pw, normal) };
  }
  const parts = stored.split('$');
  if (parts[0] === 'pbkdf2') {
    if (parts.length !== 5) return { error: 'bentuk pbkdf2$<digest>$<iterasi>$<salt>$<hash> tidak lengkap' };
    const [, digest, iterText, saltText, hashText] = parts;
    if (digest !== 'sha1' && digest !== 'sha256' && digest !== 'sha512')
      return { error: `digest PBKDF2 "${digest}" tidak didukung (sha1, sha256, sha512)` };
    if (!/^\d{1,7}$/.test(iterText) || Number(iterText) < 1 || Number(iterText) > PBKDF2_MAX_ITERATIONS)
      return { error: `jumlah iterasi PBKDF2 harus 1-${PBKDF2_MAX_ITERATIONS}` };
    const salt = decodeBase64(saltText);
    const expected = decodeBase64(hashText);
    if (!salt || !expected || expected.length < 16) return { error: 'salt atau hash PBKDF2 bukan base64 yang sah' };
    const iterations = Number(iterText);
    return {
      scheme: 'pbkdf2',
      check: (pw) =>
        new Promise((resolve, reject) =>
          pbkdf2(pw, salt, iterations, expected.length, digest, (err, key) =>
            err ? reject(err) : resolve(timingSafeEqual(key, expected)),
          ),
        ),
    };
  }
  if (parts[0] === 'md5' || parts[0] === 'sha1' || parts[0] === 'sha256') {
    const algo = parts[0];
    if (parts.length !== 3 || !parts[1]) return { error: `bentuk ${algo}$<salt>$<digest> tidak lengkap` };
    if (!template) return { error: `hash ${algo} bergaram butuh LEGACY_HASH_TEMPLATE` };
    const expected = decodeDigest(parts[2], DIGEST_BYTES[algo]);
    if (!expected) return { error: `digest ${algo} harus ${DIGEST_BYTES[algo] * 2} digit heksadesimal atau base64` };
    const salt = parts[1];
    return {
      scheme: algo,
      check: async (pw) => {
        const input = template.replace(/\{SALT\}|\{PASSWORD\}/g, (t) => (t === '{SALT}' ? salt : pw));
        return timingSafeEqual(createHash(algo).update(input, 'utf8').digest(), expected);
      },
    };
  }
  return { error: 'format hash tidak dikenal' };
}

/** Whether `stored` is a hash this module can check (with `template` for salted digests). */
export function parseLegacyHash(stored: string, template?: string): LegacyHashResult {
  const p = parse(stored.trim(), template);
  return 'error' in p ? { ok: false, error: `Hash kata sandi: ${p.error}.` } : { ok: true, scheme: p.scheme };
}

/** True only when `password` is the one `stored` was made from; false for a wrong password or a hash it cannot read. */
export async function verifyLegacyHash(stored: string, password: string, template?: string): Promise<boolean> {
  const p = parse(stored.trim(), template);
  if ('error' in p) return false;
  try {
    return await p.check(password);
  } catch {
    return false;
  }
}
