import fs from 'node:fs';
import path from 'node:path';
import { WORKER_CONCURRENCY } from '../../server/src/jobs/worker';
import { createTestDatabase, query, startTestApp } from '../support/app';
import { makeEmail } from '../support/factories';
import { individualInput, seedAccount, START } from '../support/flows';
import { gql, gqlOk, waitFor, wsClient } from '../support/graphql';
import { freePort, startDbProxy, startServerProcess } from '../support/process';
import { startSmtpReceiver } from '../support/receivers';

/**
 * Starts requests, sends SIGTERM once every one of them is in flight (the server has started its work:
 * at least one of its registrations is stored, not all eight), and reports how it went. `dbUrl` is where
 * to watch that progress.
 */
async function termUnderLoad(env: Record<string, string>, dbUrl: () => string) {
  const server = await startServerProcess(env);
  // Each request registers 8 applicants (8 code hashes and transactions): a few hundred milliseconds of work.
  const batch = `mutation(${Array.from({ length: 8 }, (_, i) => `$i${i}: StartRegistrationInput!`).join(', ')}) {
    ${Array.from({ length: 8 }, (_, i) => `r${i}: startRegistration(input: $i${i}) { id }`).join(' ')} }`;
  const inFlight = Array.from({ length: 10 }, (_, n) =>
    gql(
      server.url,
      batch,
      Object.fromEntries(
        Array.from({ length: 8 }, (_, i) => [`i${i}`, individualInput({ email: makeEmail(`term${n}`) })]),
      ),
    ).then(
      (r) => (r.errors ? `errors: ${JSON.stringify(r.errors)}` : r.status),
      (e) => `failed: ${e}`,
    ),
  );
  // A request still in the kernel's accept queue is not in flight yet (a load balancer would retry it).
  await waitFor(
    async () => {
      const [r] = await query(
        dbUrl(),
        `select count(distinct split_part(email, '.', 1))::int as n from registration_flow where email like 'term%'`,
      );
      return r.n >= 10 ? true : undefined;
    },
    'every request in flight',
    30_000,
  );
  const sent = Date.now();
  server.child.kill('SIGTERM');
  const statuses = await Promise.all(inFlight);
  const exit = await server.exited;
  if (process.env.DEBUG_FAULTS) console.log(server.log());
  return { statuses, exit, ms: exit.at - sent, log: server.log() };
}

/** Waits (up to a minute) until no outbox message is left unsent. */
function everyMessageSent(dbUrl: string): Promise<true> {
  return waitFor(
    async () => {
      const [r] = await query(dbUrl, `select count(*)::int as n from outbox_message where status <> 'SENT'`);
      return r.n === 0 ? true : undefined;
    },
    'every message SENT',
    60_000,
  );
}

/** The embedded PostgreSQL of a data dir, as its owner. */
function embeddedUrl(dir: string, port: string): string {
  const c = JSON.parse(fs.readFileSync(path.join(dir, 'pg-credentials.json'), 'utf8')) as {
    user: string;
    password: string;
  };
  return `postgres://${c.user}:${encodeURIComponent(c.password)}@127.0.0.1:${port}/hak_akses`;
}

describe('SIGTERM', () => {
  it('with DATABASE_URL: answers the requests in flight, releases jobs and exits 0 within 10 s', async () => {
    const db = await createTestDatabase();
    try {
      const { statuses, exit, ms, log } = await termUnderLoad({ DATABASE_URL: db.url }, () => db.url);
      expect(statuses).toEqual(Array(10).fill(200));
      expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
      expect(ms).toBeLessThan(10_000);
      expect(log).toContain('SIGTERM: shutting down');
      expect(
        await query(
          db.url,
          'select t.identifier, j.locked_by from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where j.locked_by is not null',
        ),
      ).toEqual([]);
    } finally {
      await db.drop();
    }
  }, 90_000);

  it('with the embedded PostgreSQL: the same', async () => {
    const dir = path.resolve('.test-data', `term-${process.pid}-${Date.now()}`);
    try {
      const port = String(await freePort());
      const { statuses, exit, ms } = await termUnderLoad(
        { DATA_DIR: dir, EMBEDDED_PG_PORT: port, DATABASE_URL: '' },
        () => embeddedUrl(dir, port),
      );
      expect(statuses).toEqual(Array(10).fill(200));
      expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
      expect(ms).toBeLessThan(10_000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('kill -9 during delivery', () => {
  it('delivers every message after a restart, at most the in-flight ones twice, each with a stable Message-ID', async () => {
    const db = await createTestDatabase();
    const smtp = await startSmtpReceiver({ delayMs: 400 });
    try {
      const env = { DATABASE_URL: db.url, SMTP_URL: smtp.url };
      const first = await startServerProcess(env);
      const emails = Array.from({ length: 20 }, () => makeEmail('crash'));
      await Promise.all(emails.map((email) => gqlOk(first.url, START, { input: individualInput({ email }) })));
      await waitFor(() => (smtp.mails.length >= 2 ? true : undefined), 'deliveries under way');
      first.child.kill('SIGKILL');
      await first.exited;
      const killedAt = Date.now();
      const second = await startServerProcess(env);
      try {
        await everyMessageSent(db.url);
        expect(Date.now() - killedAt).toBeLessThan(60_000);
        const ids = await query(db.url, 'select id from outbox_message');
        const messageIds = smtp.mails.map((m) => /^Message-ID: (<[^>]+>)/im.exec(m.raw)?.[1]);
        expect(new Set(messageIds)).toEqual(new Set(ids.map((r) => `<${r.id}@hak-akses.outbox>`)));
        // At most the messages in flight (one per job the worker runs at once) go out twice.
        expect(smtp.mails.length).toBeLessThanOrEqual(20 + WORKER_CONCURRENCY);
        for (const e of emails) expect(smtp.mails.some((m) => m.to.includes(e))).toBe(true);
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    } finally {
      await smtp.close();
      await db.drop();
    }
  }, 120_000);
});

describe('database outage', () => {
  it('keeps running, says 503 during, and recovers everything (subscriptions too) within 10 s after', async () => {
    const db = await createTestDatabase();
    const setup = await startTestApp({ databaseUrl: db.url });
    const account = await seedAccount(setup);
    const em = setup.orm.em.fork();
    const helpdesk = await setup.services.staff.create(em, { username: 'piket.outage', role: 'HELPDESK' });
    const supervisor = await setup.services.staff.create(em, { username: 'spv.outage', role: 'SUPERVISOR' });
    const helpdeskToken = (await setup.services.sessions.create(em, 'STAFF', helpdesk.staff.id, null)).token;
    const supervisorToken = (await setup.services.sessions.create(em, 'STAFF', supervisor.staff.id, null)).token;
    await setup.close();
    const proxy = await startDbProxy(new URL(db.url));
    const server = await startServerProcess({ DATABASE_URL: proxy.url });
    const events: any[] = [];
    const client = wsClient(server.url, helpdeskToken);
    try {
      client.subscribe(
        { query: 'subscription { accountStatusChanged { accountId status } }' },
        { next: (v) => events.push(v.data?.accountStatusChanged), error: () => {}, complete: () => {} },
      );
      let load = true;
      const loader = (async () => {
        while (load) {
          await fetch(`${server.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: 'mutation { requestPasswordReset(identifier: "siapa@example.co.id") }' }),
          }).catch(() => undefined);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      await new Promise((r) => setTimeout(r, 500));
      await proxy.cut();
      const health = async () => {
        const r = await fetch(`${server.url}/healthz`);
        return { status: r.status, body: (await r.json()) as any };
      };
      await waitFor(async () => ((await health()).status === 503 ? true : undefined), '503 during the outage', 10_000);
      expect((await health()).body.database).toBe('unavailable');
      await new Promise((r) => setTimeout(r, 3000)); // the outage lasts a while, under load
      await proxy.restore();
      const restoredAt = Date.now();
      await waitFor(
        async () => {
          const h = await health();
          return h.status === 200 && h.body.listener === 'ok' ? true : undefined;
        },
        'healthy again',
        10_000,
      );
      // Subscriptions deliver again: a status change made now reaches the subscriber.
      const SUSPEND = 'mutation($id: ID!) { suspendAccount(id: $id, reason: "Uji gangguan basis data") { status } }';
      await waitFor(
        async () => ((await gql(server.url, SUSPEND, { id: account.id }, supervisorToken)).errors ? undefined : true),
        'suspend works',
        10_000,
      );
      await waitFor(
        () => events.find((e) => e?.accountId === account.id && e.status === 'SUSPENDED'),
        'event after recovery',
        10_000,
      );
      expect(Date.now() - restoredAt).toBeLessThan(10_000);
      load = false;
      await loader;
      expect(server.child.exitCode).toBeNull(); // never crashed
    } finally {
      await client.dispose();
      server.child.kill('SIGTERM');
      await server.exited;
      await proxy.close();
      await db.drop();
    }
  }, 120_000);
});

describe('npm start', () => {
  it('runs the production mode unless NODE_ENV says otherwise: no schema for anonymous callers', async () => {
    const db = await createTestDatabase();
    // The line npm start runs once the builds are done (npm test builds dist/ before the tests).
    const start = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as any).scripts
      .start as string;
    const serve = start.split('&&').at(-1)!.trim();
    expect(serve).toMatch(/node dist\/server\/src\/main\.js$/);
    // Production needs its code key from configuration (only an embedded install generates one).
    const server = await startServerProcess(
      { DATABASE_URL: db.url, NODE_ENV: undefined, CODE_HMAC_KEYS: `k1:${'x'.repeat(40)}` },
      ['sh', '-c', serve],
    );
    try {
      const r = await gql(server.url, '{ __schema { queryType { name } } }');
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // A refusal, not a server error: 403 with the coded error alone.
      expect(r.status).toBe(403);
      expect(r.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
      expect(r.data?.__schema).toBeUndefined();
      expect((await gql(server.url, '{ provinces { code } }')).data.provinces.length).toBe(38);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await db.drop();
    }
  }, 90_000);
});

describe('database outage during delivery', () => {
  it('finishes the deliveries caught in it without a restart, at most the in-flight ones twice', async () => {
    const db = await createTestDatabase();
    const smtp = await startSmtpReceiver({ delayMs: 1500 });
    const proxy = await startDbProxy(new URL(db.url));
    const server = await startServerProcess({ DATABASE_URL: proxy.url, SMTP_URL: smtp.url });
    try {
      const emails = Array.from({ length: 12 }, () => makeEmail('padam'));
      await Promise.all(emails.map((email) => gqlOk(server.url, START, { input: individualInput({ email }) })));
      // The provider is slow: cut the database while deliveries are in flight (accepted, not yet recorded).
      await waitFor(() => (smtp.mails.length >= 1 ? true : undefined), 'deliveries under way');
      await proxy.cut();
      await new Promise((r) => setTimeout(r, 3000));
      await proxy.restore();
      const restoredAt = Date.now();
      await everyMessageSent(db.url);
      expect(Date.now() - restoredAt).toBeLessThan(60_000);
      expect(server.child.exitCode).toBeNull(); // the same process: no restart needed
      await waitFor(
        async () =>
          (
            await query(
              db.url,
              'select count(*)::int as n from graphile_worker._private_jobs where locked_by is not null',
            )
          )[0].n === 0
            ? true
            : undefined,
        'no job left locked',
        30_000,
      );
      for (const e of emails) expect(smtp.mails.some((m) => m.to.includes(e))).toBe(true);
      // At most the messages in flight (one per job the worker runs at once) go out twice.
      expect(smtp.mails.length).toBeLessThanOrEqual(12 + WORKER_CONCURRENCY);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await proxy.close();
      await smtp.close();
      await db.drop();
    }
  }, 150_000);
});

describe('messages held while no transport existed', () => {
  it('go out once a transport is configured, oldest first: a working code as it is, an expired one replaced', async () => {
    const db = await createTestDatabase();
    const smtp = await startSmtpReceiver();
    try {
      const before = await startTestApp({ databaseUrl: db.url });
      const a = individualInput();
      const b = individualInput();
      const { startRegistration: ra } = await gqlOk(before.url, START, { input: a });
      const { startRegistration: rb } = await gqlOk(before.url, START, { input: b });
      await waitFor(async () => {
        const rows = await query(db.url, `select status from outbox_message`);
        return rows.every((r) => r.status === 'HELD') ? true : undefined;
      }, 'messages HELD');
      const [heldA] = await query(db.url, 'select params from outbox_message where registration_id = $1', [ra.id]);
      await query(db.url, `update registration_flow set code_expires_at = now() - interval '1 minute' where id = $1`, [
        rb.id,
      ]);
      await before.close();

      const after = await startTestApp({ databaseUrl: db.url, smtpUrl: smtp.url });
      try {
        const mailA = await smtp.waitForMail(a.email as string);
        expect(mailA.text).toContain(heldA.params[0]);
        const mailB = await smtp.waitForMail(b.email as string);
        const code = /Anda: (\d{6})/.exec(mailB.text)![1];
        await gqlOk(after.url, 'mutation($id: ID!, $c: String!) { verifyRegistration(id: $id, code: $c) { step } }', {
          id: rb.id,
          c: code,
        });
        const rows = await query(
          db.url,
          'select status from outbox_message where registration_id = $1 order by created_at',
          [rb.id],
        );
        expect(rows.map((r) => r.status)).toEqual(['DEAD', 'SENT']);
      } finally {
        await after.close();
      }
    } finally {
      await smtp.close();
      await db.drop();
    }
  }, 60_000);
});
