import { Client } from 'pg';
import { credentials, startServer } from './bench/lib';
async function main() {
  const url = process.env.BURL!;
  const child = await startServer(url);
  const creds = await credentials(url, child.url);
  const pg = new Client({ connectionString: url }); await pg.connect();
  const nik = (await pg.query(`select nik from account where nik is not null limit 1 offset 4000000`)).rows[0].nik;
  let done = false;
  const poll = (async () => { while (!done) { const r = await pg.query(`select now()-query_start d, left(query, 300) q from pg_stat_activity where state='active' and pid<>pg_backend_pid() and datname=current_database()`); for (const x of r.rows) console.log(x.d, x.q.replace(/\s+/g,' ')); await new Promise(r => setTimeout(r, 300)); } })();
  const t0 = Date.now();
  const res = await fetch(`${child.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${creds.apiKey}` }, body: JSON.stringify({ query: `query($f: AccountFilter, $first: Int) { accounts(filter: $f, first: $first) { edges { node { id username status nik email phone } } totalCount } }`, variables: { f: { nik }, first: 1 } }) });
  console.log(Date.now() - t0, 'ms', (await res.text()).slice(0, 300));
  done = true; await poll; await pg.end(); await child.stop?.(); process.exit(0);
}
main();
