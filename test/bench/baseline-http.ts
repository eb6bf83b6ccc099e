/**
 * Baseline for P1 and P3: the fastest thing that does the same job as the
 * GraphQL `accounts` search for an API key: a bare `node:http` handler on `pg`
 * running the statements the server runs for one such request (key check and
 * per-minute count, the API-call audit row, the page with its rows, the
 * capped count, the search's audit row),
 * in the same order, on a pool of the same size. No GraphQL, no ORM.
 *
 * node --import tsx test/bench/baseline-http.ts   (DATABASE_URL set; prints READY <url>)
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { AccountSearch, AccountFilterInput } from '../../server/src/modules/account/account-search.service';
import { API_KEY_RESOLVE_SQL } from '../../server/src/modules/api-key/api-key.service';
import { sha256 } from '../../server/src/shared/crypto';

/** knex-style `?` placeholders to PostgreSQL's `$n`. */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const search = new AccountSearch();

const audit = (keyId: string, action: string, details: object) =>
  pool.query(
    `insert into audit_event (id, actor_type, actor_id, action, target_type, target_id, ip, details, at)
     values ($1, 'API_KEY', $2, $3, null, null, $4, $5, now())`,
    [randomUUID(), keyId, action, '127.0.0.1', JSON.stringify(details)],
  );

async function handle(token: string, filter: AccountFilterInput, first: number) {
  const key = (await pool.query(numbered(API_KEY_RESOLVE_SQL), [sha256(token)])).rows[0];
  if (!key) return { status: 401, body: { errors: [{ message: 'unauthenticated' }] } };
  await audit(key.id, 'API_CALL', { operation: 'query', fields: ['accounts'] });
  const q = search.query({ filter, first });
  const rows = (await pool.query(numbered(q.page.sql), q.page.params)).rows.slice(0, q.first);
  // A relevance page carries its count, as in the server.
  const n =
    q.relevance && rows.length
      ? Number(rows[0].total)
      : (await pool.query(numbered(q.count.sql), q.count.params)).rows[0].n;
  await audit(key.id, 'ACCOUNT_SEARCH', { filters: Object.keys(filter), sort: null, count: rows.length });
  const edges = rows.map((a) => ({
    node: { id: a.id, username: a.username, status: a.status, nik: a.nik, email: a.email, phone: a.phone },
  }));
  return { status: 200, body: { data: { accounts: { edges, totalCount: n } } } };
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      variables: { f: AccountFilterInput; first?: number };
    };
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    handle(token, variables.f, variables.first ?? 25)
      .then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      })
      .catch((err) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: String(err) }] }));
      });
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
