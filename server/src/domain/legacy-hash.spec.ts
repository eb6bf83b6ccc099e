import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import {
  BCRYPT_MAX_COST,
  checkDigestTemplate,
  parseLegacyHash,
  PBKDF2_MAX_ITERATIONS,
  verifyLegacyHash,
} from './legacy-hash';

const PW = 'rahasia-lama-2014';
const TEMPLATE = '{SALT}{PASSWORD}';

const pbkdf2Hash = (digest: string, iterations: number, salt: Buffer, pw = PW) =>
  `pbkdf2$${digest}$${iterations}$${salt.toString('base64')}$${pbkdf2Sync(pw, salt, iterations, 32, digest).toString('base64')}`;
const digestHash = (algo: string, salt: string, input: string, enc: 'hex' | 'base64' = 'hex') =>
  `${algo}$${salt}$${createHash(algo).update(input).digest(enc)}`;

describe('legacy password hashes', () => {
  describe('bcrypt', () => {
    const b = bcrypt.hashSync(PW, 4); // $2b$
    it.each([
      ['$2b$', b],
      ['$2a$', `$2a$${b.slice(4)}`],
      ['$2y$', `$2y$${b.slice(4)}`],
    ])('%s: right password only', async (_p, stored) => {
      expect(parseLegacyHash(stored)).toEqual({ ok: true, scheme: 'bcrypt' });
      expect(await verifyLegacyHash(stored, PW)).toBe(true);
      expect(await verifyLegacyHash(stored, `${PW}x`)).toBe(false);
      expect(await verifyLegacyHash(stored, '')).toBe(false);
    });

    it('refuses a bcrypt hash one character short, another prefix or a cost out of range', () => {
      expect(parseLegacyHash(b.slice(0, -1)).ok).toBe(false);
      expect(parseLegacyHash(`$2x$${b.slice(4)}`).ok).toBe(false);
      expect(parseLegacyHash(`$2b$03$${b.slice(7)}`)).toEqual({ ok: false, error: expect.stringContaining('04-14') });
      expect(parseLegacyHash(`$2b$04$${b.slice(7)}`).ok).toBe(true);
      expect(parseLegacyHash(`$2b$${BCRYPT_MAX_COST}$${b.slice(7)}`).ok).toBe(true);
      expect(parseLegacyHash(`$2b$${BCRYPT_MAX_COST + 1}$${b.slice(7)}`).ok).toBe(false);
    });
  });

  describe('PBKDF2', () => {
    const salt = randomBytes(16);
    it.each(['sha1', 'sha256', 'sha512'])('%s: right password only', async (digest) => {
      const stored = pbkdf2Hash(digest, 1000, salt);
      expect(parseLegacyHash(stored)).toEqual({ ok: true, scheme: 'pbkdf2' });
      expect(await verifyLegacyHash(stored, PW)).toBe(true);
      expect(await verifyLegacyHash(stored, PW.toUpperCase())).toBe(false);
    });

    it('accepts base64 without padding and url-safe', async () => {
      const stored = pbkdf2Hash('sha256', 10, salt).replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');
      expect(await verifyLegacyHash(stored, PW)).toBe(true);
    });

    it('refuses missing parts, other digests, iterations at the edges and short hashes', () => {
      const ok = pbkdf2Hash('sha256', 1, salt);
      expect(parseLegacyHash(ok).ok).toBe(true);
      expect(parseLegacyHash(ok.replace('$1$', '$0$')).ok).toBe(false);
      expect(parseLegacyHash(ok.replace('$1$', `$${PBKDF2_MAX_ITERATIONS}$`)).ok).toBe(true);
      expect(parseLegacyHash(ok.replace('$1$', `$${PBKDF2_MAX_ITERATIONS + 1}$`)).ok).toBe(false);
      expect(parseLegacyHash(ok.replace('sha256', 'md5')).ok).toBe(false);
      expect(parseLegacyHash(ok.split('$').slice(0, 4).join('$')).ok).toBe(false);
      expect(
        parseLegacyHash(`pbkdf2$sha256$1$${salt.toString('base64')}$${randomBytes(15).toString('base64')}`).ok,
      ).toBe(false);
      expect(parseLegacyHash(`pbkdf2$sha256$1$***$${randomBytes(32).toString('base64')}`).ok).toBe(false);
    });
  });

  describe('salted digests by the configured template', () => {
    it.each(['md5', 'sha1', 'sha256'])('%s, hex or base64: right password only', async (algo) => {
      for (const enc of ['hex', 'base64'] as const) {
        const stored = digestHash(algo, 'gR4m', `gR4m${PW}`, enc);
        expect(parseLegacyHash(stored, TEMPLATE)).toEqual({ ok: true, scheme: algo });
        expect(await verifyLegacyHash(stored, PW, TEMPLATE)).toBe(true);
        expect(await verifyLegacyHash(stored, `${PW} `, TEMPLATE)).toBe(false);
      }
    });

    it('follows the template: password first, or a separator', async () => {
      const stored = digestHash('sha256', 'abc', `${PW}--abc`);
      expect(await verifyLegacyHash(stored, PW, '{PASSWORD}--{SALT}')).toBe(true);
      expect(await verifyLegacyHash(stored, PW, TEMPLATE)).toBe(false);
    });

    it('is refused without a template, and with a digest of the wrong length', async () => {
      const stored = digestHash('md5', 's', `s${PW}`);
      expect(parseLegacyHash(stored)).toEqual({ ok: false, error: expect.stringContaining('LEGACY_HASH_TEMPLATE') });
      expect(await verifyLegacyHash(stored, PW)).toBe(false);
      expect(parseLegacyHash(`${stored}0`, TEMPLATE).ok).toBe(false);
      expect(parseLegacyHash(`md5$$${stored.split('$')[2]}`, TEMPLATE).ok).toBe(false);
    });

    it('checks templates', () => {
      expect(checkDigestTemplate('{SALT}{PASSWORD}')).toBeUndefined();
      expect(checkDigestTemplate('{PASSWORD}')).toContain('{SALT}');
      expect(checkDigestTemplate('{SALT}')).toContain('{PASSWORD}');
      expect(checkDigestTemplate('{SALT}{PASSWORD}{PEPPER}')).toContain('{PEPPER}');
    });
  });

  it.each([
    ['argon2 (a current hash, not a legacy one)', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA'],
    ['plain text', 'password123'],
    ['an unknown algorithm', 'sha512$salt$abcdef'],
    ['empty', ''],
    ['md5 without salt (unsalted)', createHash('md5').update(PW).digest('hex')],
  ])('refuses %s as an unknown format, and never verifies it', async (_what, stored) => {
    expect(parseLegacyHash(stored, TEMPLATE).ok).toBe(false);
    expect(await verifyLegacyHash(stored, PW, TEMPLATE)).toBe(false);
  });
});
