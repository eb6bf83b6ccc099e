/**
 * Name search designs side by side on a loaded database (docs/architecture.md, "Name search"):
 *
 *   DATABASE_URL=postgres://…/db npx tsx test/bench/search-designs.ts [--runs 5] [--designs a,b,c,d]
 *
 * (a) trigram GIN on the wide account table (`q <% search_name`, ranked by word_similarity);
 * (b) the same on a narrow table `search_narrow (id, search_name)`;
 * (c) the word dictionary + posting index the product uses (`nameMatch`);
 * (d) KNN (`<<->`) on a GiST trigram index over the narrow table;
 * (p) what AccountSearch runs: a single word without other filters read from the head of its runs, several
 *     words through the pair index (g);
 * (e), (f) (c) with fewer typo corrections (measured, not adopted);
 * (g) several words through the pair index `search_pair` (pairMatch) instead of joining posting runs.
 * (b) and (d) need their tables built first (`--setup b,d`; minutes at ten million rows); (g)'s comes with the
 * migrations.
 * One connection, warm cache: every query runs once unmeasured, then `--runs` times; the
 * median and the maximum of the top-25 page plus its count are printed per query kind.
 */
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { AccountSearch, nameMatch, pairMatch } from '../../server/src/modules/account/account-search.service';
import { MIN_NAME_QUERY } from '../../server/src/domain/search';
import { misspell } from './cases';

const toPg = (sql: string) => {
  let k = 0;
  return sql.replace(/\?/g, () => `$${++k}`);
};

/** The top-25 page (and one more) of a match (`nameMatch`'s columns), ranked as the product ranks, with its count. */
const rankedPage = (match: string, params: unknown[]): [string, unknown[]] => [
  toPg(`select a.*, m.total from (select m.*, count(*) over () as total from (${match}) m
      order by m.score desc, m.adj desc, m.nw, m.account_id desc limit 26) m join account a on a.id = m.account_id
    order by m.score desc, m.adj desc, m.nw, m.account_id desc`),
  params,
];

type Design = (q: string) => { page: [string, unknown[]]; count?: [string, unknown[]] } | null;

const DESIGNS: Record<string, Design> = {
  a: (q) => ({
    page: [
      `select a.*, word_similarity($1, a.search_name) s from account a where $1 <% a.search_name
        order by s desc, a.id desc limit 26`,
      [q],
    ],
    count: [`select count(*) from (select 1 from account a where $1 <% a.search_name limit 10001) c`, [q]],
  }),
  b: (q) => ({
    page: [
      `select a.* from (select n.id, word_similarity($1, n.search_name) s from search_narrow n
          where $1 <% n.search_name order by s desc, n.id desc limit 26) x join account a using (id)
        order by x.s desc, x.id desc`,
      [q],
    ],
    count: [`select count(*) from (select 1 from search_narrow n where $1 <% n.search_name limit 10001) c`, [q]],
  }),
  c: (q) => {
    const m = nameMatch([...new Set(q.split(' '))].slice(0, 5));
    return { page: rankedPage(m.sql, m.params) };
  },
  // What the product runs (AccountSearch.query): (c), with the one-word page read from the runs' heads.
  p: (q) => {
    if (q.length < MIN_NAME_QUERY) return null; // refused as typed (VALIDATION_FAILED)
    const x = new AccountSearch().query({ filter: { q }, first: 25 });
    return {
      page: [toPg(x.page.sql), x.page.params],
      count: x.page.sql.includes('count(*) over ()') ? undefined : [toPg(x.count.sql), x.count.params],
    };
  },
  // (e) (p) for one word; for several, a word found as typed stands only for itself (no corrections):
  // its exact matches outrank every corrected one anyway, and each correction of a common word adds a run.
  e: (q) => {
    if (q.length < MIN_NAME_QUERY) return null;
    const words = [...new Set(q.split(' '))].slice(0, 5);
    if (words.length === 1) return DESIGNS.p(q);
    const m = nameMatch(words);
    const sql = m.sql.replaceAll(
      'where d.word % ? and d.word <> ?',
      'where d.word % ? and d.word <> ? and not exists (select 1 from search_word e where e.word = ?)',
    );
    // Each typed word's parameters: word, word, word, word, word → word, word, word, word, word, word (one more).
    const params = words.flatMap((w) => [w, w, w, w, w, w]);
    return { page: rankedPage(sql, params) };
  },
  // (f) (e), and a word not found as typed stands for its single closest dictionary word only.
  f: (q) => {
    const e = DESIGNS.e(q);
    if (!e || !e.page[0].includes('not exists')) return e;
    return { page: [e.page[0].replaceAll('limit 4)', 'limit 1)'), e.page[1]] };
  },
  // (g) (p) for one word; for several, the pair index (pairMatch) instead of joining whole posting runs.
  g: (q) => {
    if (q.length < MIN_NAME_QUERY) return null;
    const words = [...new Set(q.split(' '))].slice(0, 5);
    if (words.length === 1) return DESIGNS.p(q);
    const m = pairMatch(words);
    return { page: rankedPage(m.sql, m.params) };
  },
  d: (q) => ({
    page: [
      `select a.* from (select n.id, $1 <<-> n.search_name d from search_narrow n
          order by $1 <<-> n.search_name limit 26) x join account a using (id) order by x.d, x.id`,
      [q],
    ],
  }),
};

const SETUP: Record<string, string[]> = {
  b: [
    'create table if not exists search_narrow as select id, search_name from account',
    'alter table search_narrow add primary key (id)',
    'create index search_narrow_trgm on search_narrow using gin (search_name gin_trgm_ops)',
    'vacuum analyze search_narrow',
  ],
  d: ['create index search_narrow_gist on search_narrow using gist (search_name gist_trgm_ops)'],
};

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      designs: { type: 'string', default: 'a,b,c' },
      setup: { type: 'string', default: '' },
    },
  });
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  for (const d of values.setup!.split(',').filter(Boolean)) for (const s of SETUP[d]) await db.query(s);

  const common = (
    await db.query<{ w: string }>(
      `select w from account, unnest(string_to_array(search_name, ' ')) w
        where actor_type = 'INDIVIDUAL' group by 1 order by count(*) desc limit 20`,
    )
  ).rows.map((r) => r.w);
  const people = (
    await db.query<{ full_name: string; company_name: string | null }>(
      `select full_name, company_name from account tablesample bernoulli (1) repeatable (7) limit 3000`,
    )
  ).rows;
  const two = people.filter((p) => !p.company_name && p.full_name.split(' ').length === 2).slice(0, 20);
  const three = people.filter((p) => !p.company_name && p.full_name.split(' ').length === 3).slice(0, 20);
  const companies = people.filter((p) => p.company_name).slice(0, 20);
  const sets: Record<string, string[]> = {
    'common given name alone': common,
    'budi alone': ['budi'],
    'two letters: ni': ['ni'],
    'two words, one typo': two.map((p) => misspell(p.full_name)),
    'three words, one typo': three.map((p) => misspell(p.full_name)),
    'rare / absent name': ['xaverius', 'zulkarnain siregar', 'kogoya wenda mokoginta'],
    'company name, one typo': companies.map((p) => misspell(p.company_name!)),
  };

  const designs = values.designs!.split(',');
  const runs = Number(values.runs);
  console.log(`| queries | ${designs.map((d) => `(${d}) median / max ms`).join(' | ')} |`);
  for (const [label, qs] of Object.entries(sets)) {
    const cells: string[] = [];
    for (const d of designs) {
      const ms: number[] = [];
      for (const q of qs) {
        const design = DESIGNS[d](q);
        if (!design) continue;
        const { page, count } = design;
        for (let r = 0; r <= runs; r++) {
          const t0 = performance.now();
          await db.query(page[0], page[1]);
          if (count) await db.query(count[0], count[1]);
          if (r > 0) ms.push(performance.now() - t0);
        }
      }
      ms.sort((x, y) => x - y);
      if (!ms.length) {
        cells.push('refused');
        continue;
      }
      cells.push(`${ms[Math.floor(ms.length / 2)].toFixed(1)} / ${ms[ms.length - 1].toFixed(1)}`);
    }
    console.log(`| ${label} (${qs.length}) | ${cells.join(' | ')} |`);
  }
  await db.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
