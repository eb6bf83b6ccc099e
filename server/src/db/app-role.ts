import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import { logger } from '../shared/logger';

/**
 * The database roles (docs/architecture.md, "Database roles"). Migrations run
 * as the owner: the DATABASE_URL user, or the embedded cluster's owner. The
 * server's requests, events and jobs run as the application role, which owns
 * nothing and may only read and write rows: on `audit_event` only INSERT and
 * SELECT, so it cannot rewrite the audit log, truncate it, touch its
 * triggers or switch them off (`session_replication_role` needs a superuser).
 *
 * Its name comes from the database's (`<database>_app`), its password from
 * the owner's (HMAC-SHA256 keyed with the owner's password), so every instance
 * of one install computes the same credentials and no file has to be shared;
 * each test database in one cluster has a role of its own. An owner without a
 * password (trust or certificate login) keys the HMAC with a random secret
 * kept in a schema only the owner can read.
 */

/** The application role of a database. PostgreSQL names are at most 63 bytes. */
export function appRoleName(database: string): string {
  if (/^[a-z_][a-z0-9_]{0,58}$/.test(database)) return `${database}_app`;
  return `hak_akses_app_${createHash('sha256').update(database).digest('hex').slice(0, 16)}`;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** A SCRAM-SHA-256 verifier (RFC 5802/7677): the password itself never travels in a statement or a log. */
function scramVerifier(password: string): string {
  const salt = randomBytes(16);
  const iterations = 4096;
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  const b64 = (b: Buffer) => b.toString('base64');
  return `SCRAM-SHA-256$${iterations}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}

/** What the application role may do, granted again at every start so tables added by later migrations are covered. */
function grants(role: string): string {
  const r = quoteIdent(role);
  return `
    grant usage on schema public to ${r};
    grant select, insert, update, delete on all tables in schema public to ${r};
    revoke update, delete, truncate, references, trigger on audit_event from ${r};
    revoke insert, update, delete on mikro_orm_migrations from ${r};
    grant usage, select on all sequences in schema public to ${r};
    grant usage on schema graphile_worker to ${r};
    grant select, insert, update, delete on all tables in schema graphile_worker to ${r};
    revoke insert, update, delete on graphile_worker.migrations from ${r};
    grant usage, select on all sequences in schema graphile_worker to ${r};
    grant execute on all functions in schema graphile_worker to ${r};
    do $$ declare t text; begin
      -- graphile-worker turns row security on for its tables, with no policy: only their owner sees a row.
      for t in select c.relname from pg_class c where c.relnamespace = 'graphile_worker'::regnamespace
                 and c.relkind = 'r' and c.relrowsecurity loop
        if not exists (select 1 from pg_policies p where p.schemaname = 'graphile_worker' and p.tablename = t
                         and p.policyname = ${literal(role)}) then
          execute format('create policy %I on graphile_worker.%I to %I using (true) with check (true)',
                         ${literal(role)}, t, ${literal(role)});
        end if;
      end loop;
    end $$;`;
}

/** Whatever would let `role` rewrite the audit log; empty when it cannot. */
async function rewriteRights(owner: Client, role: string): Promise<string[]> {
  const { rows } = await owner.query<Record<string, boolean>>(
    `select r.rolsuper as superuser, r.rolbypassrls as "bypasses row security",
            r.rolcreaterole as "may create roles",
            has_table_privilege(r.oid, 'audit_event', 'UPDATE') as "UPDATE on audit_event",
            has_table_privilege(r.oid, 'audit_event', 'DELETE') as "DELETE on audit_event",
            has_table_privilege(r.oid, 'audit_event', 'TRUNCATE') as "TRUNCATE on audit_event",
            pg_has_role(r.oid, (select relowner from pg_class where oid = 'audit_event'::regclass), 'USAGE')
              as "owns audit_event (or is a member of its owner)"
       from pg_roles r where r.rolname = $1`,
    [role],
  );
  return rows[0] ? Object.entries(rows[0]).flatMap(([what, yes]) => (yes ? [what] : [])) : ['does not exist'];
}

async function hmacKey(owner: Client, ownerUrl: URL): Promise<string> {
  if (ownerUrl.password) return decodeURIComponent(ownerUrl.password);
  await owner.query(`create schema if not exists hak_akses_private;
    create table if not exists hak_akses_private.secret (name text primary key, value text not null)`);
  await owner.query(`insert into hak_akses_private.secret values ('app_role', $1) on conflict do nothing`, [
    randomBytes(32).toString('base64url'),
  ]);
  const { rows } = await owner.query<{ value: string }>(
    `select value from hak_akses_private.secret where name = 'app_role'`,
  );
  return rows[0].value;
}

/**
 * Makes sure the application role exists with the right rights and returns the
 * URL to connect as it. Runs as the owner, under the migration lock (one
 * instance of a database at a time). With `appDatabaseUrl` the role is the
 * operator's: only its rights on the tables are granted. When the owner may
 * not create roles the server keeps working as the owner, with a warning.
 */
export async function ensureAppRole(owner: Client, ownerUrl: string, appDatabaseUrl?: string): Promise<string> {
  const me = (
    await owner.query<{ user: string; db: string; mayCreate: boolean }>(
      `select current_user as user, current_database() as db, rolsuper or rolcreaterole as "mayCreate"
         from pg_roles where rolname = current_user`,
    )
  ).rows[0];
  if (appDatabaseUrl) {
    const role = decodeURIComponent(new URL(appDatabaseUrl).username);
    if (!role || role === me.user) {
      logger.warn(
        'DATABASE_APP_URL connects as the database owner: the server can rewrite the audit log. ' +
          'Give it a role of its own (docs/architecture.md, "Database roles").',
      );
      return appDatabaseUrl;
    }
    await owner.query(`begin; ${grants(role)} commit;`);
    const rights = await rewriteRights(owner, role);
    if (rights.length) {
      logger.warn(`The role of DATABASE_APP_URL (${role}) can rewrite the audit log: ${rights.join(', ')}.`);
    }
    return appDatabaseUrl;
  }
  if (!me.mayCreate) {
    logger.warn(
      `The database user ${me.user} may not create roles, so the server connects as ${me.user}, the owner of ` +
        'the tables, and could rewrite the audit log. Set DATABASE_APP_URL to a role with fewer rights ' +
        '(docs/architecture.md, "Database roles").',
    );
    return ownerUrl;
  }
  const role = appRoleName(me.db);
  const url = new URL(ownerUrl);
  const password = createHmac('sha256', await hmacKey(owner, url))
    .update(`hak-akses application role ${role}`)
    .digest('base64url');
  // Only LOGIN and the password: every other attribute keeps PostgreSQL's default (none), and naming one
  // (even to deny it) needs rights a CREATEROLE owner lacks. The check below refuses a role that has one.
  const attributes = `login password '${scramVerifier(password)}'`;
  const exists = (await owner.query('select 1 from pg_roles where rolname = $1', [role])).rowCount;
  if (!exists) {
    await owner.query(`create role ${quoteIdent(role)} ${attributes}`).catch(async (err: { code?: string }) => {
      if (err.code !== '42710') throw err; // created at the same moment by another cluster user: alter it below
    });
  }
  await owner.query(`alter role ${quoteIdent(role)} ${attributes}`);
  await owner.query(`begin; ${grants(role)} commit;`);
  const rights = await rewriteRights(owner, role);
  if (rights.length) throw new Error(`The application role ${role} could rewrite the audit log: ${rights.join(', ')}`);
  url.username = role;
  url.password = password;
  if (decodeURIComponent(url.username) !== role) {
    logger.warn('DATABASE_URL has no host to put a role in; connecting as the owner (set DATABASE_APP_URL).');
    return ownerUrl;
  }
  return url.toString();
}
