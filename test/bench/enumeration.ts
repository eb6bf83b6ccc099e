/**
 * npm run bench:enumeration — does a login with an unknown identifier take as
 * long as one with a known identifier and a wrong password? Prints the median
 * of each and their ratio (baseline: the wrong-password login, same run).
 * Uses DATABASE_URL when set, else an embedded PostgreSQL under .bench-data/enumeration.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { startApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { hashSecret } from '../../server/src/shared/crypto';
import { makeNik } from '../support/factories';
import { systemContext } from '../../server/src/shared/request-context';
import { applicantKind } from '../../server/src/modules/account/applicant-kind';

const ROUNDS = Number(process.env.ROUNDS ?? 60);

async function main() {
  const dataDir = path.resolve('.bench-data/enumeration');
  if (!process.env.DATABASE_URL) fs.rmSync(dataDir, { recursive: true, force: true });
  const app = await startApp(
    loadConfig({
      ...process.env,
      PORT: '0',
      CAPTCHA: 'off',
      LOG_LEVEL: 'error',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: process.env.EMBEDDED_PG_PORT ?? '54339',
    }),
  );
  try {
    const em = app.orm.em.fork();
    const account = await em.transactional((tem) =>
      app.services.accountLifecycle
        .createActive(systemContext(tem, 'bench'), tem, {
          kind: applicantKind({ scale: 'UMK', actorType: 'INDIVIDUAL' }),
          nik: makeNik(),
          email: `bench.${Date.now()}@example.co.id`,
          emailVerifiedAt: new Date(),
          fullName: 'BENCH USER',
          passwordHash: '',
          warnings: [],
        })
        .then(async (a) => {
          a.passwordHash = await hashSecret('Bench#Kuat2026x');
          return a;
        }),
    );
    const login = async (identifier: string): Promise<number> => {
      await app.orm.em.fork().execute('delete from login_throttle');
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($i: String!) { login(identifier: $i, password: "Salah#2026x") { token } }',
          variables: { i: identifier },
        }),
      });
      const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (body.errors?.[0]?.extensions?.code !== 'UNAUTHENTICATED')
        throw new Error(`unexpected answer ${JSON.stringify(body)}`);
      return ms;
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) await login(account.username); // warm-up
    for (let i = 0; i < ROUNDS; i++) {
      // Interleaved, so drift on the machine hits both equally.
      wrong.push(await login(account.username));
      unknown.push(await login(`tidakada${i}x`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const mw = median(wrong);
    const mu = median(unknown);
    console.log(`rounds: ${ROUNDS}`);
    console.log(`wrong password (baseline): median ${mw.toFixed(2)} ms`);
    console.log(`unknown identifier:        median ${mu.toFixed(2)} ms`);
    console.log(`ratio unknown/wrong: ${(mu / mw).toFixed(3)}`);

    // Password reset: a known identifier against an unknown one.
    // Each timed request starts on a quiet machine: the queued work of the previous one is done.
    const quiet = async () => {
      for (;;) {
        const [{ n }] = await app.orm.em.fork().execute(`select count(*)::int as n from graphile_worker.jobs`);
        if (n === 0) return;
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const reset = async (identifier: string): Promise<number> => {
      await quiet();
      await app.orm.em.fork().execute('delete from rate_limit_hit');
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($i: String!) { requestPasswordReset(identifier: $i) }',
          variables: { i: identifier },
        }),
      });
      const body = (await res.json()) as { data?: { requestPasswordReset?: boolean } };
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (body.data?.requestPasswordReset !== true) throw new Error(`unexpected answer ${JSON.stringify(body)}`);
      return ms;
    };
    const known: number[] = [];
    const stranger: number[] = [];
    for (let i = 0; i < 5; i++) await reset(account.email!);
    for (let i = 0; i < ROUNDS; i++) {
      known.push(await reset(account.email!));
      stranger.push(await reset(`tidakada${i}@example.co.id`));
    }
    const mk = median(known);
    const ms = median(stranger);
    console.log(`reset, known email (baseline): median ${mk.toFixed(2)} ms`);
    console.log(`reset, unknown email:          median ${ms.toFixed(2)} ms`);
    console.log(
      `ratio known/unknown: ${(mk / ms).toFixed(3)} (target ≤ 1.05 either way: ${Math.max(mk / ms, ms / mk).toFixed(3)})`,
    );
  } finally {
    await app.close();
    if (!process.env.DATABASE_URL) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
