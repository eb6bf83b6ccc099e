import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gql, gqlOk, waitFor } from '../support/graphql';
import { seedAccount, staffSession, START, individualInput } from '../support/flows';
import { makeEmail, makeNik, makePhone, toE164 } from '../support/factories';
import { startTestApp } from '../support/app';
import { useStack } from '../support/stack';

/**
 * Secrets never reach staff or logs (docs/security.md, "Messages" and
 * "Errors and logs"): codes and link tokens are readable by staff only on an
 * install with no transport at all, provider errors are redacted before they
 * are stored or logged, and a database error is logged without its values.
 */

/** Everything the server writes to stderr while `work` runs (the server runs in this process). */
async function captureLog<T>(work: () => Promise<T>): Promise<{ result: T; log: string }> {
  const lines: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  try {
    const result = await work();
    return { result, log: lines.join('') };
  } finally {
    process.stderr.write = original;
  }
}

const OUTBOX =
  '{ outboxMessages(first: 100) { edges { node { id template channel status subject body lastError } } } }';
const RESET = 'mutation($i: String!) { requestPasswordReset(identifier: $i) }';

describe('an install with SMTP and no WhatsApp', () => {
  const stack = useStack();

  it('never shows staff the live reset link of a WhatsApp message held for want of a transport', async () => {
    const { app } = stack;
    const phone = toE164(makePhone());
    const account = await seedAccount(app, { phone, phoneVerifiedAt: new Date() });
    await gqlOk(app.url, RESET, { i: phone });
    const held = await waitFor(async () => {
      const [m] = await stack.sql(
        `select id, status, params, body from outbox_message where account_id = ? and template = 'password_reset'`,
        [account.id],
      );
      return m?.status === 'HELD' ? m : undefined;
    }, 'reset link HELD');
    const link = held.params[0] as string;
    const token = /token=([^&\s]+)/.exec(link)![1];
    // The link lives only where delivery needs it: not in the stored text.
    expect(held.body).not.toContain(token);

    for (const role of ['HELPDESK', 'SUPERVISOR', 'ADMIN'] as const) {
      const staff = await staffSession(app, role);
      const seen = await gqlOk(app.url, OUTBOX, {}, staff.token);
      const msg = seen.outboxMessages.edges.map((e: any) => e.node).find((m: any) => m.id === held.id);
      expect(msg).toMatchObject({ status: 'HELD', channel: 'WHATSAPP' });
      expect(msg.body).toContain('[disembunyikan]');
      expect(JSON.stringify(seen)).not.toContain(token);
    }
  });
});

describe('the local demo with no transport at all', () => {
  const stack = useStack({ smtp: false });

  it('shows the held code to staff, labelled as the demo convenience', async () => {
    const { app } = stack;
    const input = individualInput();
    const { startRegistration: reg } = await gqlOk(app.url, START, { input });
    const row = await waitFor(async () => {
      const [m] = await stack.sql(`select id, status, params from outbox_message where registration_id = ?`, [reg.id]);
      return m?.status === 'HELD' ? m : undefined;
    }, 'code HELD');
    const staff = await staffSession(app);
    const seen = await gqlOk(app.url, OUTBOX, {}, staff.token);
    const msg = seen.outboxMessages.edges.map((e: any) => e.node).find((m: any) => m.id === row.id);
    expect(msg.body).toContain(`Kode verifikasi pendaftaran Hak Akses OSS Anda: ${row.params[0]}`);
    expect(msg.body).toMatch(/^\[DEMO tanpa pengiriman: instalasi ini tidak punya SMTP maupun WhatsApp/);
  });
});

describe('a WhatsApp gateway that echoes the request it refuses', () => {
  let gateway: http.Server;
  let received: string[] = [];
  let app: Awaited<ReturnType<typeof startTestApp>>;

  beforeAll(async () => {
    gateway = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push(body);
        const sent = JSON.parse(body);
        const parameter = sent.template?.components?.[0]?.parameters?.[0]?.text;
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: `Invalid parameter: ${parameter}`, recipient: sent.to } }));
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/v21.0`;
    app = await startTestApp({ whatsappUrl: url, env: { LOG_LEVEL: 'warn' } });
  });
  afterAll(async () => {
    await app?.close();
    await app?.dropDatabase();
    await new Promise<void>((resolve) => gateway.close(() => resolve()));
  });

  it('keeps the reset token out of lastError (outbox and account view) and out of the log', async () => {
    const phone = toE164(makePhone());
    const account = await seedAccount(app, { phone, phoneVerifiedAt: new Date() });
    received = [];
    const { log } = await captureLog(async () => {
      await gqlOk(app.url, RESET, { i: phone });
      await waitFor(async () => {
        const [m] = await app.orm.em
          .fork()
          .execute(`select status from outbox_message where account_id = ? and template = 'password_reset'`, [
            account.id,
          ]);
        return m?.status === 'FAILED' ? true : undefined;
      }, 'reset FAILED');
    });
    const sent = received.find((b) => b.includes('token='))!;
    const token = /token=([A-Za-z0-9_%-]+)/.exec(sent)![1];
    const digits = phone.slice(1);

    const [stored] = await app.orm.em
      .fork()
      .execute(`select last_error from outbox_message where account_id = ? and template = 'password_reset'`, [
        account.id,
      ]);
    expect(stored.last_error).toContain('400');
    expect(stored.last_error).not.toContain(token);
    expect(stored.last_error).not.toContain(digits);

    const staff = await staffSession(app);
    const outbox = await gqlOk(app.url, OUTBOX, {}, staff.token);
    const messages = await gqlOk(
      app.url,
      'query($id: ID!) { account(id: $id, reveal: false) { messages { template lastError } } }',
      { id: account.id },
      staff.token,
    );
    expect(messages.account.messages.find((m: any) => m.template === 'password_reset').lastError).toContain('400');
    expect(JSON.stringify([outbox, messages])).not.toContain(token);
    expect(log).toContain('Message delivery failed');
    expect(log).not.toContain(token);
    expect(log).not.toContain(digits);
  });
});

describe('a database error on input that carries a NIK and an email', () => {
  const stack = useStack({ env: { LOG_LEVEL: 'error' } });

  it('logs the statement shape and the incident id, never the NIK or the email', async () => {
    const { app } = stack;
    // A fault in the database: every new email-change request is refused by a trigger.
    await stack.sql(`create function refuse_request() returns trigger language plpgsql as $$
      begin raise exception 'penyimpanan ditolak'; end $$`);
    await stack.sql(`create trigger refuse_request before insert on email_change_request
      for each row execute function refuse_request()`);
    const nik = makeNik();
    const newEmail = makeEmail('gagal');
    const { result, log } = await captureLog(() =>
      gql(
        app.url,
        'mutation($n: String!, $e: String!) { requestEmailChange(nik: $n, newEmail: $e, reason: "Email lama mati") { id } }',
        { n: nik, e: newEmail },
      ),
    );
    const error = result.errors![0];
    expect(error.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) });
    expect(JSON.stringify(result)).not.toContain(nik);
    const line = log.split('\n').find((l) => l.includes(error.extensions!.errorId as string))!;
    expect(line).toContain('Unexpected error');
    expect(line).toContain('insert into \\"email_change_request\\"');
    expect(line).toContain('P0001'); // the SQLSTATE of the raised exception
    expect(log).not.toContain(nik);
    expect(log).not.toContain(newEmail);
  });
});
