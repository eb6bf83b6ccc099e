import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withLocalSecrets } from './local-secrets';

describe('withLocalSecrets: a fresh embedded install makes and keeps its own keys', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hak-akses-secrets-'));

  it('generates a missing key once, keeps it private, and returns the same one on the next start', () => {
    const d = dir();
    const first = withLocalSecrets({ DATA_DIR: d });
    expect(first.CAPTCHA_HMAC_KEY).toMatch(/^[\w-]{43}$/);
    expect(first.CODE_HMAC_KEYS).toMatch(/^k1:[\w-]{43}$/);
    const file = path.join(d, 'secrets.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = withLocalSecrets({ DATA_DIR: d });
    expect(second.CAPTCHA_HMAC_KEY).toBe(first.CAPTCHA_HMAC_KEY);
    expect(second.CODE_HMAC_KEYS).toBe(first.CODE_HMAC_KEYS);
  });

  it('leaves a key the operator set, and generates nothing for an external database', () => {
    const d = dir();
    const set = { CAPTCHA_HMAC_KEY: 'x'.repeat(40), CODE_HMAC_KEYS: `k3:${'y'.repeat(40)}` };
    expect(withLocalSecrets({ DATA_DIR: d, ...set })).toMatchObject(set);
    expect(fs.existsSync(path.join(d, 'secrets.json'))).toBe(false);
    const external = withLocalSecrets({ DATA_DIR: d, DATABASE_URL: 'postgres://db/hak' });
    expect(external.CAPTCHA_HMAC_KEY).toBeUndefined();
    expect(external.CODE_HMAC_KEYS).toBeUndefined();
    expect(fs.existsSync(path.join(d, 'secrets.json'))).toBe(false);
  });
});
