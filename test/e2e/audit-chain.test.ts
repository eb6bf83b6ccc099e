import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { parseHeads } from '../../server/src/modules/audit/audit-chain';
import { query } from '../support/app';
import { seedAccount, staffSession, STAFF_LOGIN } from '../support/flows';
import { errorCode, gql, gqlOk, waitFor } from '../support/graphql';
import { ServerProcess, startServerProcess } from '../support/process';
import { useStack } from '../support/stack';

/**
 * The tamper-evident audit log (docs/security.md, "Audit"): the server's own
 * database role cannot rewrite it, every row is chained by hash, the head is
 * exported on a schedule, `npm run audit:verify` names the first broken row,
 * and the command-line tools audit what they change.
 */
const headFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-head-')), 'heads.jsonl');

function cli(script: string, args: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const p = spawn(process.execPath, [require.resolve('tsx/cli'), `server/src/cli/${script}.ts`, ...args], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, AUDIT_HEAD_FILE: undefined, ...env },
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => resolve({ code, out, err }));
  });
}

const AUDIT = `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 100) {
  edges { node { action actorType actorId details } } } }`;
const PII = `query($id: ID!) { account(id: $id) { id nik } }`;

describe('tamper-evident audit log', () => {
  const stack = useStack({ env: { AUDIT_HEAD_FILE: headFile } });
  const owner = (sql: string, params: unknown[] = []) => query(stack.app.databaseUrl, sql, params);
  const verify = (args: string[] = [], env: Record<string, string> = {}) =>
    cli('audit-verify', args, { DATABASE_URL: stack.app.databaseUrl, ...env });
  /** As the database owner with the append-only triggers off: what someone with the owner's password could do. */
  const asTamperer = async (...steps: [string, unknown[]?][]) => {
    const c = new Client({ connectionString: stack.app.databaseUrl });
    await c.connect();
    try {
      await c.query(`begin; alter table audit_event disable trigger audit_event_no_change;
        alter table audit_event disable trigger audit_event_no_truncate`);
      for (const [sql, params] of steps) await c.query(sql, params);
      await c.query(`alter table audit_event enable trigger audit_event_no_change;
        alter table audit_event enable trigger audit_event_no_truncate; commit`);
    } finally {
      await c.end();
    }
  };

  it('serves every request, event and job as a role that may add audit rows but never change or unhook them', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const account = await seedAccount(app);
    await gqlOk(app.url, PII, { id: account.id }, helpdesk.token);

    const ownerName = decodeURIComponent(new URL(app.databaseUrl).username);
    const role = decodeURIComponent(new URL(app.appDatabaseUrl).username);
    expect(role).not.toBe(ownerName);
    const connections = await owner(
      `select usename as user from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
         group by usename`,
    );
    expect(connections).toEqual([{ user: role }]);

    const before = await owner('select count(*)::int as n, max(seq)::int as head from audit_event');
    const app1 = (sql: string) => query(app.appDatabaseUrl, sql);
    for (const sql of [
      `update audit_event set details = '{}'`,
      `delete from audit_event`,
      `truncate audit_event`,
      `alter table audit_event disable trigger audit_event_no_change`,
      `alter table audit_event disable trigger all`,
      `drop trigger audit_event_chain on audit_event`,
      `create or replace function audit_event_chain() returns trigger language plpgsql as $$ begin return new; end $$`,
      `set session_replication_role = replica`,
      `alter role current_user superuser`,
    ]) {
      await expect(app1(sql)).rejects.toMatchObject({ code: '42501' });
    }
    expect(await owner('select count(*)::int as n, max(seq)::int as head from audit_event')).toEqual(before);

    // Its INSERT cannot choose the chain columns either: the trigger sets them.
    const [forged] = await app1(
      `insert into audit_event (id, actor_type, action, seq, prev_hash, row_hash)
       values (gen_random_uuid(), 'SYSTEM', 'FORGED', 1, repeat('0', 64), repeat('f', 64))
       returning seq::int, prev_hash, row_hash`,
    );
    const [previous] = await owner('select row_hash from audit_event where seq = $1', [before[0].head]);
    expect(forged).toMatchObject({ seq: before[0].head + 1, prev_hash: previous.row_hash });
    expect(forged.row_hash).not.toBe('f'.repeat(64));
  });

  it('keeps one linear chain under concurrent writers, bulk inserts and rolled-back transactions', async () => {
    const { app } = stack;
    const helpdesk = await staffSession(app);
    const accounts = await Promise.all([1, 2, 3, 4].map(() => seedAccount(app)));
    const writer = async (w: number) => {
      const c = new Client({ connectionString: app.appDatabaseUrl });
      await c.connect();
      try {
        for (let i = 0; i < 15; i++) {
          await c.query('begin');
          await c.query(
            `insert into audit_event (id, actor_type, actor_id, action, details)
             select gen_random_uuid(), 'SYSTEM', $1, 'LOAD', jsonb_build_object('i', $2::int, 'k', k)
               from generate_series(1, 1 + $2::int % 4) k`,
            [`writer-${w}`, i],
          );
          await c.query(i % 5 === 4 ? 'rollback' : 'commit');
        }
      } finally {
        await c.end();
      }
    };
    await Promise.all([
      ...[1, 2, 3, 4, 5, 6].map(writer),
      ...accounts.flatMap((a) => [1, 2, 3].map(() => gqlOk(app.url, PII, { id: a.id }, helpdesk.token))),
    ]);
    const [{ n, head }] = await owner('select count(*)::int as n, max(seq)::int as head from audit_event');
    expect(head).toBe(n);
    const [{ hash }] = await owner('select row_hash as hash from audit_event where seq = $1', [n]);
    const r = await verify();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Rantai audit utuh: ${n} baris.`);
    expect(r.out).toContain(`kepala: ${hash} (baris ke-${n},`);
  }, 60_000);

  it('audits staff and API-key changes made on the command line, as the tool and the OS user', async () => {
    const { app } = stack;
    const env = { DATABASE_URL: app.databaseUrl };
    const actorId = `cli:staff:${os.userInfo().username}`;
    const created = await cli('staff', ['create', '--username', 'cli.budi', '--role', 'HELPDESK'], env);
    expect(created.code).toBe(0);
    const password = /password: (\S+)/.exec(created.out)![1];
    await gqlOk(app.url, STAFF_LOGIN, { u: 'cli.budi', p: password });
    expect((await cli('staff', ['disable', '--username', 'cli.budi'], env)).code).toBe(0);
    expect(errorCode(await gql(app.url, STAFF_LOGIN, { u: 'cli.budi', p: password }))).toBe('UNAUTHENTICATED');
    expect((await cli('apikey', ['create', '--name', 'dasbor', '--scopes', 'metrics:read'], env)).code).toBe(0);
    expect((await cli('apikey', ['revoke', '--name', 'dasbor'], env)).code).toBe(0);

    const supervisor = await staffSession(app, 'SUPERVISOR');
    const events = async (action: string) =>
      (await gqlOk(app.url, AUDIT, { f: { action } }, supervisor.token)).auditEvents.edges.map((e: any) => e.node);
    expect(await events('STAFF_CREATED')).toEqual([
      { action: 'STAFF_CREATED', actorType: 'SYSTEM', actorId, details: { username: 'cli.budi', role: 'HELPDESK' } },
    ]);
    expect(await events('STAFF_DISABLED')).toEqual([
      { action: 'STAFF_DISABLED', actorType: 'SYSTEM', actorId, details: {} },
    ]);
    const keyActor = `cli:apikey:${os.userInfo().username}`;
    expect(await events('API_KEY_CREATED')).toEqual([
      {
        action: 'API_KEY_CREATED',
        actorType: 'SYSTEM',
        actorId: keyActor,
        details: { name: 'dasbor', scopes: ['metrics:read'] },
      },
    ]);
    expect(await events('API_KEY_REVOKED')).toEqual([
      { action: 'API_KEY_REVOKED', actorType: 'SYSTEM', actorId: keyActor, details: { name: 'dasbor' } },
    ]);
  }, 90_000);

  /** Rows by the server's own role, so that each test has a chain to work on. */
  const addRows = (n: number) =>
    query(
      stack.app.appDatabaseUrl,
      `insert into audit_event (id, actor_type, action, details)
       select gen_random_uuid(), 'SYSTEM', 'TEST', jsonb_build_object('k', k) from generate_series(1, $1::int) k`,
      [n],
    );

  it('names the first changed row and the first deleted row; passes again once they are back', async () => {
    await addRows(8);
    const [row3] = await owner(`select * from audit_event where seq = 3`);
    await asTamperer([`update audit_event set details = '{"fields": ["email"]}' where seq = 3`]);
    const changed = await verify();
    expect(changed.code).toBe(1);
    expect(changed.err).toContain(`Rantai audit RUSAK pada baris ke-3 (id ${row3.id}, waktu `);
    expect(changed.err).toContain('diubah');
    await asTamperer([`update audit_event set details = $1 where seq = 3`, [row3.details]]);
    expect((await verify()).code).toBe(0);

    const [row5] = await owner(`select to_jsonb(e) as j from audit_event e where seq = 5`);
    const [row6] = await owner(`select id from audit_event where seq = 6`);
    await asTamperer([`delete from audit_event where seq = 5`]);
    const deleted = await verify();
    expect(deleted.code).toBe(1);
    expect(deleted.err).toContain(`Rantai audit RUSAK pada baris ke-6 (id ${row6.id}, waktu `);
    expect(deleted.err).toContain('baris ke-5 hilang');
    await asTamperer(
      ['alter table audit_event disable trigger audit_event_chain'],
      ['insert into audit_event select * from jsonb_populate_record(null::audit_event, $1)', [row5.j]],
      ['alter table audit_event enable trigger audit_event_chain'],
    );
    expect((await verify()).code).toBe(0);
  }, 90_000);

  it('exports the head on schedule, and with it catches a chain rebuilt from scratch', async () => {
    await addRows(3);
    const [{ max: written }] = await owner(`select max(seq)::int as max from audit_event`);
    // Read as the verifier reads it (parseHeads): a line the job is still appending is not a head yet.
    const heads = () => parseHeads(fs.existsSync(headFile) ? fs.readFileSync(headFile, 'utf8') : '');
    // The scheduled export may also run meanwhile (and may have read the head before the rows above): the head
    // that counts is the first one exported with them.
    const covering = () => heads().find((h) => h.seq >= written);
    await owner(`select graphile_worker.add_job('export_audit_head')`);
    const exported = await waitFor(() => covering(), 'the exported head');
    const [head] = await owner(`select seq::int, id::text, row_hash from audit_event where seq = $1`, [exported.seq]);
    expect(exported).toMatchObject({ seq: head.seq, id: head.id, hash: head.row_hash });
    const withHeads = await verify(['--heads', headFile]);
    expect(withHeads.err).toBe('');
    expect(withHeads.code).toBe(0);
    expect(withHeads.out).toMatch(new RegExp(`Cocok dengan [1-9]\\d* kepala yang diekspor \\(${headFile}\\)\\.`));

    // The owner rewrites a row and recomputes every hash after it: the chain is consistent again...
    await asTamperer([
      `update audit_event set details = '{"rewritten": true}' where seq = 2;
       create temporary table rebuilt on commit drop as select * from audit_event;
       truncate audit_event;
       insert into audit_event select * from rebuilt order by seq`,
    ]);
    expect((await verify()).code).toBe(0);
    // ...but not the head exported before: by the file (AUDIT_HEAD_FILE or --heads) or by the hash alone.
    // By the file the first exported head after the rewritten row breaks (the file may hold the scheduled
    // export's heads too); by the hash alone the chain ends without it, reported at its last row.
    const firstSeq = Math.min(
      ...heads()
        .map((h) => h.seq)
        .filter((seq) => seq >= 2),
    );
    const [first] = await owner(`select id::text from audit_event where seq = $1`, [firstSeq]);
    const byFile = await verify([], { AUDIT_HEAD_FILE: headFile });
    expect(byFile.code).toBe(1);
    expect(byFile.err).toContain(`Rantai audit RUSAK pada baris ke-${firstSeq} (id ${first.id}, waktu `);
    expect(byFile.err).toContain('hash tidak sama dengan kepala rantai yang diekspor');
    const [last] = await owner(`select seq::int, id::text from audit_event order by seq desc limit 1`);
    const byHash = await verify(['--expect-head', head.row_hash]);
    expect(byHash.code).toBe(1);
    expect(byHash.err).toContain(`Rantai audit RUSAK pada baris ke-${last.seq} (id ${last.id}, waktu `);
    expect(byHash.err).toContain(`hash ${head.row_hash} tidak ada di rantai`);
  }, 90_000);
});

describe('database roles on servers the install does not control', () => {
  const base = () => new URL(process.env.TEST_PG_URL!);
  const withUser = (url: URL, user: string, password: string, db: string) => {
    const u = new URL(url.toString());
    u.username = user;
    u.password = password;
    u.pathname = `/${db}`;
    return u.toString();
  };
  const suffix = Math.random().toString(36).slice(2, 8);
  const admin = (sql: string) => query(base().toString(), sql);
  const roles = [`pemilik_${suffix}`, `aplikasi_${suffix}`];
  const dbName = `hak_akses_roles_${suffix}`;
  let server: ServerProcess | undefined;

  afterEach(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    server = undefined;
  });
  afterAll(async () => {
    await admin(`drop database if exists ${dbName} with (force)`);
    for (const r of roles) await admin(`drop role if exists ${r}`);
  });

  it('keeps working as an owner that may not create roles, and says so; uses a role the operator made when told', async () => {
    const [ownerRole, appRole] = roles;
    await admin(`create role ${ownerRole} login password 'Pemilik#2026' nocreaterole`);
    await admin(`create database ${dbName} owner ${ownerRole}`);
    const ownerUrl = withUser(base(), ownerRole, 'Pemilik#2026', dbName);

    server = await startServerProcess({ DATABASE_URL: ownerUrl });
    expect(server.log()).toContain(`The database user ${ownerRole} may not create roles`);
    await gqlOk(server.url, '{ provinces { code } }');
    const users = `select usename as user from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
                   group by usename`;
    expect(await query(ownerUrl, users)).toEqual([{ user: ownerRole }]);
    server.child.kill('SIGTERM');
    await server.exited;

    await admin(`create role ${appRole} login password 'Aplikasi#2026'`);
    const appUrl = withUser(base(), appRole, 'Aplikasi#2026', dbName);
    server = await startServerProcess({ DATABASE_URL: ownerUrl, DATABASE_APP_URL: appUrl });
    expect(server.log()).not.toContain('may not create roles');
    expect(server.log()).not.toContain('can rewrite the audit log');
    await gqlOk(server.url, '{ provinces { code } }');
    expect(await query(ownerUrl, users)).toEqual([{ user: appRole }]);
    await expect(query(appUrl, `update audit_event set details = '{}'`)).rejects.toMatchObject({ code: '42501' });
  }, 120_000);
});
