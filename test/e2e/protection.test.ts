import { spawn, ChildProcess } from 'node:child_process';
import { createChallenge, solveChallenge } from 'altcha-lib';
import type { Challenge, Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import path from 'node:path';
import * as cryptoModule from '../../server/src/shared/crypto';
import { TestApp, useStack } from '../support/stack';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { makeEmail, makeNik, STRONG_PASSWORD } from '../support/factories';
import { startSmtpReceiver } from '../support/receivers';
import { createTestDatabase, startTestApp } from '../support/app';
import { individualInput, LOGIN, registerByEmail } from '../support/flows';

/** The payload the ALTCHA widget sends once it has solved a challenge (base64 of JSON). */
function altchaPayload(challenge: Challenge, solution: Solution): string {
  const { parameters, signature } = challenge;
  return Buffer.from(JSON.stringify({ challenge: { parameters, signature }, solution })).toString('base64');
}
const pick = (c: { id: string; answer: string }) => ({ id: c.id, answer: c.answer });

describe('CAPTCHA=on', () => {
  // A small proof-of-work keeps the suite fast; the default (cost 5000, max 1000) is measured in docs/security.md.
  const stack = useStack({
    captcha: true,
    env: { CAPTCHA_COST: '100', CAPTCHA_MAX_NUMBER: '50', CAPTCHA_HMAC_KEY: 'k'.repeat(40) },
  });
  let app: TestApp;
  beforeAll(() => ({ app } = stack));
  const sql = stack.sql;

  /** A real captcha from the API, solved as the ALTCHA widget does (altcha-lib's solver), as the widget's payload. */
  async function captcha() {
    const { captcha: c } = await gqlOk(app.url, '{ captcha { id svg altcha expiresAt } }');
    const ttl = Date.parse(c.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(290_000);
    expect(ttl).toBeLessThanOrEqual(300_000);
    const challenge = JSON.parse(c.altcha) as Challenge;
    const solution = await solveChallenge({ challenge, deriveKey });
    expect(solution).not.toBeNull();
    return { id: c.id as string, answer: altchaPayload(challenge, solution!), challenge, solution: solution! };
  }

  // Each operation with what a right captcha leads to: its own answer (no error), or its own error.
  const ops: Array<[string, string, (c?: unknown) => Record<string, unknown>, string | undefined]> = [
    [
      'startRegistration',
      'mutation($input: StartRegistrationInput!) { startRegistration(input: $input) { id } }',
      (c) => ({ input: individualInput({ captcha: c }) }),
      undefined,
    ],
    [
      'login',
      'mutation($c: CaptchaAnswer) { login(identifier: "siapa", password: "Salah#123x", captcha: $c) { token } }',
      (c) => ({ c }),
      'UNAUTHENTICATED',
    ],
    [
      'requestPasswordReset',
      'mutation($c: CaptchaAnswer) { requestPasswordReset(identifier: "siapa@example.co.id", captcha: $c) }',
      (c) => ({ c }),
      undefined,
    ],
    [
      'lookupLostAccount',
      'mutation($nik: String!, $c: CaptchaAnswer) { lookupLostAccount(nik: $nik, hasNib: false, captcha: $c) { found } }',
      (c) => ({ nik: makeNik(), c }),
      undefined,
    ],
    [
      'requestEmailChange',
      'mutation($nik: String!, $c: CaptchaAnswer) { requestEmailChange(nik: $nik, newEmail: "baru@example.co.id", reason: "email mati", captcha: $c) { id } }',
      (c) => ({ nik: makeNik(), c }),
      undefined,
    ],
  ];

  it.each(ops)(
    '%s needs a captcha: missing, wrong, reused and expired ones are CAPTCHA_INVALID',
    async (_name, query, vars, outcome) => {
      expect(errorCode(await gql(app.url, query, vars(undefined)))).toBe('CAPTCHA_INVALID');
      const wrong = await captcha();
      expect(errorCode(await gql(app.url, query, vars({ id: wrong.id, answer: 'salah' })))).toBe('CAPTCHA_INVALID');
      // Any attempt uses the captcha up: no second guess.
      expect(errorCode(await gql(app.url, query, vars(pick(wrong))))).toBe('CAPTCHA_INVALID');
      const good = await captcha();
      const first = await gql(app.url, query, vars(pick(good)));
      expect(errorCode(first)).toBe(outcome);
      if (!outcome) expect(first.data).toBeTruthy();
      expect(errorCode(await gql(app.url, query, vars(pick(good))))).toBe('CAPTCHA_INVALID');
      const old = await captcha();
      await sql(`update captcha_challenge set expires_at = now() - interval '1 second' where id = ?`, [old.id]);
      expect(errorCode(await gql(app.url, query, vars(pick(old))))).toBe('CAPTCHA_INVALID');
    },
  );

  const RESET = 'mutation($c: CaptchaAnswer) { requestPasswordReset(identifier: "siapa@example.co.id", captcha: $c) }';

  it('is a proof-of-work the script must compute at the configured difficulty; the image is only a label now', async () => {
    const c = await captcha();
    expect(c.challenge.parameters).toMatchObject({ algorithm: 'PBKDF2/SHA-256', cost: 100, data: { id: c.id } });
    // The secret counter lies in [max/2, max]: the solver had to try at least 25 keys.
    expect(c.solution.counter).toBeGreaterThanOrEqual(25);
    expect(c.solution.counter).toBeLessThanOrEqual(50);
    const { captcha: shown } = await gqlOk(app.url, '{ captcha { svg } }');
    expect(shown.svg).toMatch(/^<svg[\s\S]*Verifikasi otomatis \(ALTCHA\)[\s\S]*<\/svg>$/);
    expect(await gqlOk(app.url, RESET, { c: pick(c) })).toEqual({ requestPasswordReset: true });
  });

  it('refuses forged and mismatched payloads with CAPTCHA_INVALID, and each try uses the captcha up', async () => {
    const forged: Array<[string, (c: Awaited<ReturnType<typeof captcha>>) => Promise<string> | string]> = [
      [
        'a wrong counter and key',
        (c) =>
          altchaPayload(c.challenge, { ...c.solution, counter: c.solution.counter + 1, derivedKey: 'ab'.repeat(32) }),
      ],
      [
        'an easier prefix under the old signature',
        async (c) => {
          const easy = {
            ...c.challenge,
            parameters: { ...c.challenge.parameters, keyPrefix: '0', keySignature: undefined },
          };
          return altchaPayload(easy, (await solveChallenge({ challenge: easy, deriveKey }))!);
        },
      ],
      [
        'a challenge signed with another key',
        async (c) => {
          const own = await createChallenge({
            algorithm: 'PBKDF2/SHA-256',
            cost: 1,
            keyPrefix: '0',
            deriveKey,
            data: { id: c.id },
            hmacSignatureSecret: 'bukan-kunci-server',
          });
          return altchaPayload(own, (await solveChallenge({ challenge: own, deriveKey }))!);
        },
      ],
      [
        "the widget's test-mode payload",
        () => Buffer.from(JSON.stringify({ challenge: null, solution: null, test: true })).toString('base64'),
      ],
      ['not base64 JSON at all', () => '%%%'],
    ];
    for (const [what, make] of forged) {
      const c = await captcha();
      const r = await gql(app.url, RESET, { c: { id: c.id, answer: await make(c) } });
      expect([what, errorCode(r)]).toEqual([what, 'CAPTCHA_INVALID']);
      // The honest payload for that captcha is refused after the forged try.
      expect([what, errorCode(await gql(app.url, RESET, { c: pick(c) }))]).toEqual([what, 'CAPTCHA_INVALID']);
    }
    // A solved payload of one captcha does not answer another.
    const [a, b] = [await captcha(), await captcha()];
    expect(errorCode(await gql(app.url, RESET, { c: { id: b.id, answer: a.answer } }))).toBe('CAPTCHA_INVALID');
    expect(await gqlOk(app.url, RESET, { c: pick(a) })).toEqual({ requestPasswordReset: true });
  });
});

describe('login lockout and enumeration', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let child: ChildProcess | undefined;
  const sql = (q: string, params: unknown[] = []) => app.orm.em.fork().execute(q, params);

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    app = await startTestApp({ smtpUrl: smtp.url });
  });
  afterAll(async () => {
    child?.kill('SIGTERM');
    await app?.close();
    await app?.dropDatabase();
    await smtp?.close();
  });

  /** A second server as a separate OS process on the same database. */
  async function startServerProcess(databaseUrl: string): Promise<string> {
    const root = path.resolve(__dirname, '../..');
    child = spawn(process.execPath, [require.resolve('tsx/cli'), 'server/src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: '0',
        CAPTCHA: 'off',
        LOG_LEVEL: 'info',
        SMTP_URL: smtp.url,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`server process did not start:\n${out}`)), 30_000);
      child!.stderr!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /"graphql":"(http:\/\/localhost:\d+)\/graphql"/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child!.on('exit', (code) => reject(new Error(`server process exited ${code}:\n${out}`)));
    });
  }

  it('does one argon2 verification for an unknown identifier and for a wrong password, with byte-identical errors', async () => {
    const { account } = await registerByEmail(app, smtp);
    const spy = jest.spyOn(cryptoModule, 'verifySecret');
    try {
      spy.mockClear();
      const wrong = await gql(app.url, LOGIN, { identifier: account.username, password: 'Salah#2026x' });
      const wrongCalls = spy.mock.calls.length;
      spy.mockClear();
      const unknown = await gql(app.url, LOGIN, { identifier: 'tidakada1234z', password: 'Salah#2026x' });
      const unknownCalls = spy.mock.calls.length;
      expect(wrongCalls).toBe(1);
      expect(unknownCalls).toBe(1);
      expect(Buffer.from(JSON.stringify(unknown))).toEqual(Buffer.from(JSON.stringify(wrong)));
      // The unknown identifier is checked against a real argon2id hash, not skipped.
      expect(spy.mock.calls[0][0]).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    } finally {
      spy.mockRestore();
    }
  });

  it('locks after 5 failures with a growing delay; the lock survives a restart and holds in another server process', async () => {
    const { account } = await registerByEmail(app, smtp);
    for (let i = 0; i < 5; i++) {
      expect(errorCode(await gql(app.url, LOGIN, { identifier: account.username, password: `Salah#${i}abc` }))).toBe(
        'UNAUTHENTICATED',
      );
    }
    const sixth = await gql(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });
    expect(errorCode(sixth)).toBe('RATE_LIMITED');
    const first = sixth.errors![0].extensions!.retryAfterSeconds as number;
    expect(first).toBeGreaterThan(50);
    expect(first).toBeLessThanOrEqual(60);

    // Restart: a new instance on the same database still refuses.
    const dbUrl = app.databaseUrl;
    await app.close();
    app = Object.assign(await startTestApp({ smtpUrl: smtp.url, databaseUrl: dbUrl }), {
      dropDatabase: app.dropDatabase,
    });
    expect(errorCode(await gql(app.url, LOGIN, { identifier: account.email, password: STRONG_PASSWORD }))).toBe(
      'RATE_LIMITED',
    );
    // And so does a separate server process.
    const otherUrl = await startServerProcess(dbUrl);
    expect(errorCode(await gql(otherUrl, LOGIN, { identifier: account.username, password: STRONG_PASSWORD }))).toBe(
      'RATE_LIMITED',
    );

    // When the lock runs out, the next failure locks for 2 minutes, then 4.
    for (const [minutes, url] of [
      [2, otherUrl],
      [4, app.url],
    ] as const) {
      await sql(`update login_throttle set locked_until = now() - interval '1 second' where key = ?`, [
        `acct:${account.id}`,
      ]);
      expect(errorCode(await gql(url, LOGIN, { identifier: account.username, password: 'Salah#lagi1' }))).toBe(
        'UNAUTHENTICATED',
      );
      const r = await gql(url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });
      expect(errorCode(r)).toBe('RATE_LIMITED');
      const s = r.errors![0].extensions!.retryAfterSeconds as number;
      expect(s).toBeGreaterThan((minutes - 1) * 60);
      expect(s).toBeLessThanOrEqual(minutes * 60);
    }
    // Never more than 15 minutes.
    await sql(`update login_throttle set failures = 30, locked_until = now() - interval '1 second' where key = ?`, [
      `acct:${account.id}`,
    ]);
    await gql(app.url, LOGIN, { identifier: account.username, password: 'Salah#lagi2' });
    const capped = await gql(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });
    expect(capped.errors![0].extensions!.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(capped.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(14 * 60);

    // A successful login resets the account counter.
    await sql(`update login_throttle set locked_until = now() - interval '1 second' where key = ?`, [
      `acct:${account.id}`,
    ]);
    await gqlOk(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });
    expect(await sql('select * from login_throttle where key = ?', [`acct:${account.id}`])).toEqual([]);
  }, 90_000);

  it('locks an IP after 20 failures, whatever accounts they named', async () => {
    const { account } = await registerByEmail(app, smtp);
    await sql(`delete from login_throttle where key like 'ip:%'`);
    for (let i = 0; i < 20; i++) {
      expect(errorCode(await gql(app.url, LOGIN, { identifier: makeEmail('acak'), password: 'Salah#2026x' }))).toBe(
        'UNAUTHENTICATED',
      );
    }
    const r = await gql(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });
    expect(errorCode(r)).toBe('RATE_LIMITED');
    await sql(`delete from login_throttle where key like 'ip:%'`);
    await gqlOk(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });
  });
});

describe('staff CLI', () => {
  it('creates staff and prints the generated password and the TOTP URI', async () => {
    const db = await createTestDatabase();
    try {
      const run = (args: string[]) =>
        new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
          const p = spawn(process.execPath, [require.resolve('tsx/cli'), 'server/src/cli/staff.ts', ...args], {
            cwd: path.resolve(__dirname, '../..'),
            env: { ...process.env, DATABASE_URL: db.url },
          });
          let out = '';
          let err = '';
          p.stdout.on('data', (d) => (out += d));
          p.stderr.on('data', (d) => (err += d));
          p.on('exit', (code) => resolve({ code, out, err }));
        });
      const admin = await run(['create', '--username', 'ani.admin', '--role', 'ADMIN']);
      expect(admin.code).toBe(0);
      expect(admin.out).toMatch(
        /^Created ADMIN ani\.admin\npassword: \S{12,}\ntotp: otpauth:\/\/totp\/Hak%20Akses:ani\.admin\?.*secret=[A-Z2-7]+/m,
      );
      const help = await run(['create', '--username', 'budi', '--role', 'HELPDESK', '--password', 'Budi#Aman2026x']);
      expect(help.code).toBe(1);
      expect(help.err).toContain('Kata sandi tidak boleh mengandung nama atau nama pengguna.');
      const ok = await run(['create', '--username', 'budi', '--role', 'helpdesk', '--password', 'Kuat#Aman2026x']);
      expect(ok).toMatchObject({ code: 0, out: 'Created HELPDESK budi\n' });
      expect((await run(['create', '--username', 'budi', '--role', 'HELPDESK'])).err).toContain('sudah ada');
      expect((await run(['create', '--username', 'x', '--role', 'BOSS'])).code).toBe(2);
    } finally {
      await db.drop();
    }
  }, 60_000);
});
