import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { TOTP, URI } from 'otpauth';
import { ensureDatabase } from '../../server/src/db/database';
import { gqlOk } from '../support/graphql';
import { STAFF_LOGIN } from '../support/flows';

export const ROOT = path.resolve(__dirname, '../..');

/** One row of the benchmark table. */
export interface BenchRow {
  id: string;
  measure: string;
  value: number;
  unit: string;
  baseline?: number;
  baselineLabel?: string;
  /** value / baseline (or as the target reads it). */
  ratio?: number;
  target: string;
  met: boolean;
  notes?: string;
}

export const percentile = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
export const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** A child process that prints one line `READY <url>` on stdout once it listens. */
export function startChild(args: string[], env: Record<string, string | undefined> = {}): Promise<Child> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start:\n${out}`)), 120_000);
    const check = () => {
      const m = /READY (\S+)/.exec(out) ?? /"graphql":"(http:\/\/localhost:\d+)\/graphql"/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.stderr!.off('data', check);
      resolve(new Child(child, m[1], () => out));
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited ${code}:\n${out}`));
    });
  });
}

export class Child {
  constructor(
    readonly process: ChildProcess,
    readonly url: string,
    readonly log: () => string,
  ) {}

  async stop(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise((r) => this.process.once('exit', r));
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The server's production build (`npm run build`), in its own process, on the given database. */
export function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<Child> {
  const main = path.join(ROOT, 'dist/server/src/main.js');
  if (!fs.existsSync(main)) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does).');
  // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" to profile the servers of a run.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return startChild([...nodeArgs, main], {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: '0',
    CAPTCHA: 'off',
    LOG_LEVEL: 'info',
    API_KEY_REQUESTS_PER_MINUTE: '100000000',
    REGISTRATION_SENDS_PER_IP_PER_HOUR: '100000000',
    SEED_DEMO: 'off',
    CODE_HMAC_KEYS: `bench:${'b'.repeat(43)}`,
    ...env,
  });
}

/** A database on the bench's PostgreSQL (created when missing). */
export async function databaseUrl(baseUrl: string, name: string): Promise<string> {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  await ensureDatabase(url.toString(), name);
  return url.toString();
}

export async function sql<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Credentials the benchmarks use: an API key with every scope, a helpdesk and a supervisor token. */
export interface Credentials {
  apiKey: string;
  helpdesk: string;
  supervisor: string;
}

/** Runs one of the project's command-line tools on a database, as an operator would; returns its stdout. */
function cli(script: string, args: string[], dbUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `server/src/cli/${script}.ts`, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d));
    child.stderr!.on('data', (d: Buffer) => (err += d));
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${script} ${args.join(' ')}: ${err}`)),
    );
  });
}

export async function credentials(dbUrl: string, serverUrl: string): Promise<Credentials> {
  const tag = Date.now().toString(36);
  const scopes = 'accounts:read,pii:read,licensing:write,metrics:read';
  const keyOut = await cli('apikey', ['create', '--name', `bench-${tag}`, '--scopes', scopes], dbUrl);
  const login = async (role: 'HELPDESK' | 'SUPERVISOR') => {
    const username = `bench.${role.toLowerCase()}.${tag}`;
    const out = await cli('staff', ['create', '--username', username, '--role', role], dbUrl);
    const password = /^password: (.+)$/m.exec(out)![1];
    const uri = /^totp: (.+)$/m.exec(out)?.[1];
    const totp = uri ? (URI.parse(uri) as TOTP).generate() : undefined;
    const r = await gqlOk(serverUrl, STAFF_LOGIN, { u: username, p: password, t: totp });
    return r.staffLogin.token as string;
  };
  return {
    apiKey: /^key: (.+)$/m.exec(keyOut)![1],
    helpdesk: await login('HELPDESK'),
    supervisor: await login('SUPERVISOR'),
  };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

/**
 * autocannon against one URL: POST bodies taken in turn from `bodies`.
 * Throws when any request failed, so a figure never hides errors.
 */
export async function load(
  url: string,
  opts: { bodies: string[]; connections: number; seconds: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  let i = 0;
  const result = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({ ...req, body: opts.bodies[i++ % opts.bodies.length] }),
      },
    ],
    headers: { 'content-type': 'application/json', ...opts.headers },
  });
  // No answer in the whole run gives an empty histogram, whose p99 reads as 0 ms: a figure of nothing.
  if (result.requests.total === 0) {
    throw new Error(`${url}: no request was answered in ${opts.seconds} s (${result.timeouts} timed out)`);
  }
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

/** GraphQL body as autocannon sends it. */
export const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

/** Checks one answer of a load's request shape before timing it: a benchmark of errors measures nothing. */
export async function checkAnswer(url: string, bodyText: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: bodyText,
  });
  const json = (await res.json()) as { errors?: unknown[]; data?: unknown };
  if (res.status !== 200 || json.errors) throw new Error(`bench request failed: ${res.status} ${JSON.stringify(json)}`);
  return json.data;
}
