import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { newCodeKey } from './code-mac';

/** Server secrets that production requires and the embedded single-machine install can make for itself. */
const LOCAL_SECRETS: Record<string, () => string> = {
  CAPTCHA_HMAC_KEY: () => randomBytes(32).toString('base64url'),
  CODE_HMAC_KEYS: () => newCodeKey('k1'),
};

/**
 * With the embedded PostgreSQL (no DATABASE_URL: one machine, `npm start`),
 * a secret the operator did not set is generated once and kept beside the
 * database in `<DATA_DIR>/secrets.json` (mode 0600), so a fresh install runs in
 * production mode and keeps its keys across restarts. With DATABASE_URL
 * (possibly several instances) nothing is generated: every instance must be
 * given the same values, and the configuration says which are missing.
 */
export function withLocalSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.DATABASE_URL?.trim()) return env;
  const missing = Object.keys(LOCAL_SECRETS).filter((name) => !env[name]?.trim());
  if (!missing.length) return env;
  const dir = path.resolve(env.DATA_DIR?.trim() || '.data');
  const file = path.join(dir, 'secrets.json');
  const stored: Record<string, string> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  let changed = false;
  for (const name of missing) {
    if (!stored[name]) {
      stored[name] = LOCAL_SECRETS[name]();
      changed = true;
    }
  }
  if (changed) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return { ...env, ...Object.fromEntries(missing.map((name) => [name, stored[name]])) };
}
