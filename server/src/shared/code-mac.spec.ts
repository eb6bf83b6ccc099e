import { hashSecret } from './crypto';
import { CodeMac, newCodeKey, parseCodeKeys } from './code-mac';

const K1 = { id: 'k1', secret: 'a'.repeat(32) };
const K2 = { id: 'k2', secret: 'b'.repeat(32) };
const FLOW = '0123456789abcdef0123456789abcdef';

describe('verification codes as a keyed HMAC with a key id', () => {
  it('stores HMAC-SHA256 under the first key, tagged with its id; only the same code of the same flow matches', async () => {
    const mac = new CodeMac([K2, K1]);
    const stored = mac.sign(FLOW, '012345');
    expect(stored).toMatch(/^hmac-sha256\$k2\$[\w-]{43}$/);
    expect(stored).not.toContain('012345');
    expect(await mac.check(stored, FLOW, '012345')).toBe('match');
    expect(await mac.check(stored, FLOW, '012346')).toBe('mismatch');
    expect(await mac.check(stored, FLOW.replace('0', '1'), '012345')).toBe('mismatch');
    // Another server secret with the same id gives another MAC.
    expect(new CodeMac([{ id: 'k2', secret: 'c'.repeat(32) }]).sign(FLOW, '012345')).not.toBe(stored);
  });

  it('after rotation a code made under the previous key still verifies; without that key it is unusable', async () => {
    const old = new CodeMac([K1]).sign(FLOW, '999999');
    expect(await new CodeMac([K2, K1]).check(old, FLOW, '999999')).toBe('match');
    expect(await new CodeMac([K2, K1]).check(old, FLOW, '999998')).toBe('mismatch');
    expect(await new CodeMac([K2]).check(old, FLOW, '999999')).toBe('unusable');
  });

  it('answers unusable for a form it does not know, and mismatch for a truncated MAC', async () => {
    const mac = new CodeMac([K1]);
    const stored = mac.sign(FLOW, '111111');
    expect(await mac.check(stored.replace('hmac-sha256', 'hmac-md5'), FLOW, '111111')).toBe('unusable');
    expect(await mac.check(`${stored}$x`, FLOW, '111111')).toBe('unusable');
    expect(await mac.check('hmac-sha256$k1$', FLOW, '111111')).toBe('unusable');
    expect(await mac.check(stored.slice(0, -2), FLOW, '111111')).toBe('mismatch');
  });

  it('still verifies argon2id hashes written before the HMAC', async () => {
    const legacy = await hashSecret('424242');
    const mac = new CodeMac([K1]);
    expect(await mac.check(legacy, FLOW, '424242')).toBe('match');
    expect(await mac.check(legacy, FLOW, '424243')).toBe('mismatch');
  });

  it('parses id:secret lists and makes fresh keys that parse', () => {
    expect(parseCodeKeys(newCodeKey('k7'))[0].id).toBe('k7');
    expect(parseCodeKeys(`k2:${K2.secret},k1:${K1.secret}`)).toEqual([K2, K1]);
    expect(() => parseCodeKeys(' , ')).toThrow(/no key/);
    expect(() => parseCodeKeys(`${'x'.repeat(17)}:${K1.secret}`)).toThrow(/id:secret/);
    expect(() => parseCodeKeys(`${'x'.repeat(16)}:${K1.secret}`)).not.toThrow();
    expect(newCodeKey()).toMatch(/^k1:[\w-]{43}$/);
  });

  it('says which key is wrong without printing its secret', () => {
    expect(() => parseCodeKeys(`k1:${'s'.repeat(31)}`)).toThrow('key "k1": the secret needs at least 32 characters');
    expect(() => parseCodeKeys(`k1:${K1.secret},k1:${K2.secret}`)).toThrow('key "k1" is listed twice');
    expect(() => parseCodeKeys(`k1:${K1.secret},k2:${K2.secret}`)).not.toThrow();
    // no id: the first 8 characters only, never the whole (secret) text
    expect(() => parseCodeKeys(`rahasia-sekali-${'z'.repeat(32)}`)).toThrow(
      '"rahasia-…": expected id:secret with an id of 1-16 letters, digits, - or _',
    );
    expect(() => parseCodeKeys(`:${K1.secret}`)).toThrow(/^"/);
    expect(() => new CodeMac([])).toThrow('CodeMac needs a key');
  });
});

describe('keyed digests of link tokens', () => {
  it('stores under the current key, finds under every key, and separates purposes', () => {
    const token = 'aBc-123_token';
    const [stored] = new CodeMac([K1]).tokenDigests('data-export', token);
    expect(stored).toMatch(/^hmac-sha256\$k1\$[\w-]{43}$/);
    expect(stored).not.toContain(token);
    // After a rotation the new key signs, and the old digest is still among those a lookup tries.
    const rotated = new CodeMac([K2, K1]).tokenDigests('data-export', token);
    expect(rotated[0]).toMatch(/^hmac-sha256\$k2\$/);
    expect(rotated).toContain(stored);
    expect(new CodeMac([K1]).tokenDigests('other', token)[0]).not.toBe(stored);
    expect(new CodeMac([K1]).tokenDigests('data-export', `${token}x`)[0]).not.toBe(stored);
  });
});
