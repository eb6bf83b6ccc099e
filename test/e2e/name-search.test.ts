import type { MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '../../server/src/db/orm';
import {
  AccountSearch,
  AccountSearchInput,
  nameMatch,
  pairMatch,
} from '../../server/src/modules/account/account-search.service';
import { misspell } from '../bench/cases';
import { createTestDatabase } from '../support/app';

/**
 * The name search's word dictionary and posting index (docs/architecture.md,
 * "Name search"): the person meant ranks in the top 3 of a misspelt query, the
 * triggers keep the index in step with inserts, renames and deletes, and the
 * other filters, paging and the count still hold.
 */
const FIRST =
  'muhammad siti ahmad nur dewi agus sri budi rina wahyu putri eko fitri andi ayu rizky indah hendra fajar wildan kartika joko yusuf ratna bayu dian rahmat hadi irfan dedi made ketut nyoman wayan ni luh'.split(
    ' ',
  );
const LAST =
  'pratama saputra lestari santoso hidayat nugroho kusuma rahmawati setiawan siregar nasution wibowo susanto hasibuan harahap purnomo gunawan halim lubis ginting simanjuntak sihombing tanjung situmorang'.split(
    ' ',
  );
const COMPANY = 'jaya makmur sentosa abadi sejahtera mandiri berkah sukses bersama karya mulia agung nusantara'.split(
  ' ',
);
const N = 20_000;

describe('name search through the word dictionary', () => {
  let orm: MikroORM;
  let drop: () => Promise<void>;
  const search = new AccountSearch();
  const sql = (q: string, p: unknown[] = []): Promise<any[]> => orm.em.fork().execute(q, p);
  const find = (input: AccountSearchInput) => search.search(orm.em.fork(), input);
  const names = async (q: string, first = 25) =>
    (await find({ filter: { q }, first })).rows.map((a) => a.fullName ?? a.companyName);

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    orm = await initOrm(db.url);
    // Pseudo-random names from the lists above: about one in three with a middle name, one in ten a company.
    // Names drawn from the lists above by bytes of md5(row number): about one in three with a middle name, one in ten
    // a company (its search text holds the director's name and the company's).
    const pick = (list: string[], byte: number) => `('{${list}}'::text[])[1 + get_byte(h, ${byte}) % ${list.length}]`;
    await sql(
      `insert into account (id, username, status, scale, actor_type, full_name, company_name, search_name,
         province_code, password_hash, created_at, activated_at)
       select gen_random_uuid(), 'n' || g, case when get_byte(h, 6) % 7 = 0 then 'SUSPENDED' else 'ACTIVE' end, 'UMK',
              case when co is null then 'INDIVIDUAL' else 'BUSINESS_ENTITY' end,
              upper(nm), upper(co), nm || coalesce(' ' || co, ''), lpad((11 + g % 24)::text, 2, '0'), 'x',
              now() - make_interval(mins => g), now()
         from generate_series(1, ${N}) g,
              lateral (select decode(md5(g::text), 'hex') as h) r,
              lateral (select ${pick(FIRST, 0)}
                              || case when get_byte(h, 1) % 3 = 0 then ' ' || ${pick(FIRST, 2)} else '' end
                              || ' ' || ${pick(LAST, 3)} as nm,
                              case when get_byte(h, 7) % 10 = 0 then ${pick(COMPANY, 4)} || ' '
                                || ${pick(COMPANY, 5)} || ' ' || ${pick(LAST, 8)}
                              end as co) n`,
    );
    await sql('analyze account');
  }, 120_000);

  afterAll(async () => {
    await orm?.close(true);
    await drop?.();
  });

  it('every account is in the posting index, one posting per distinct word', async () => {
    const [{ words }] = await sql(
      `select count(*)::int as words from account a, unnest(search_words(a.search_name)) w`,
    );
    const [{ postings }] = await sql('select count(*)::int as postings from search_posting');
    expect(postings).toBe(words);
    expect(words).toBeGreaterThan(2 * N);
  });

  /** Pairs held against pairs expected (every two distinct words within a name's first 14 positions, and each
   * such word written twice with itself), and rows whose order, positions or word count disagree with the postings. */
  const pairCheck = async () =>
    (
      await sql(
        `select (select count(*)::int from search_pair) as pairs,
                (select coalesce(sum(m * (m - 1) / 2 + twice), 0)::int from (
                   select count(*) filter (where pos & 16383 <> 0) as m,
                          count(*) filter (where pos & 16383 <> 0 and pos & (pos - 1) <> 0) as twice
                     from search_posting group by account_id) x)
                  as expected,
                (select count(*)::int from search_pair r
                   left join search_posting a on a.word_id = r.lo and a.account_id = r.account_id
                   left join search_posting b on b.word_id = r.hi and b.account_id = r.account_id
                  where r.lo > r.hi or (r.lo = r.hi and r.pos_lo & (r.pos_lo - 1) = 0) or a.pos is distinct from r.pos_lo or b.pos is distinct from r.pos_hi
                     or a.nwords is distinct from r.nwords) as wrong`,
      )
    )[0] as { pairs: number; expected: number; wrong: number };

  /** Misspelt names of two to five words (companies' search texts hold up to six), each matched both ways. */
  const comparePairsToPostings = async () => {
    const people: { name: string }[] = await sql(
      `(select lower(coalesce(company_name, full_name)) as name from account order by md5(id::text) limit 40)
       union all
       (select array_to_string((string_to_array(search_name, ' '))[1:5], ' ') from account
         where cardinality(string_to_array(search_name, ' ')) >= 5 order by md5(id::text) limit 10)
       union all
       (select array_to_string((string_to_array(search_name, ' '))[1:4], ' ') from account
         where cardinality(string_to_array(search_name, ' ')) >= 4 order by md5(id::text) limit 10)`,
    );
    const queries = [
      ...people.map((p) => misspell(p.name)),
      'santoso budi',
      'budi santoso',
      'nur ni luh',
      'made ketut',
    ];
    const rows = (m: { sql: string; params: unknown[] }) =>
      sql(`select account_id, score, adj, nw from (${m.sql}) m order by account_id`, m.params);
    const found = new Map<number, number>();
    for (const q of queries) {
      const words = [...new Set(q.split(' '))].slice(0, 5);
      if (words.length < 2) continue;
      const viaPostings = await rows(nameMatch(words));
      expect({ q, rows: await rows(pairMatch(words)) }).toEqual({ q, rows: viaPostings });
      if (viaPostings.length) found.set(words.length, (found.get(words.length) ?? 0) + 1);
    }
    return found;
  };

  it('every two distinct words of a name are in the pair index, with the positions and count of their postings', async () => {
    const { pairs, expected, wrong } = await pairCheck();
    expect(pairs).toBe(expected);
    expect(pairs).toBeGreaterThan(N);
    expect(wrong).toBe(0);
    // Against the words themselves (no name here is longer than 14 words): k distinct words make k(k-1)/2 pairs,
    // and each word written twice one more.
    const [{ k, twice }] = await sql(
      `select (select sum(k * (k - 1) / 2)::int from (select cardinality(search_words(search_name)) as k from account) x)
                as k,
              (select count(*)::int from account a, lateral (select w from unnest(string_to_array(a.search_name, ' ')) w
                 where w <> '' group by w having count(*) > 1) r) as twice`,
    );
    expect(twice).toBeGreaterThan(0);
    expect(pairs).toBe(k + twice);
  });

  it('the pair index finds the same accounts with the same rank as joining the posting runs (2 to 5 words)', async () => {
    const found = await comparePairsToPostings();
    expect(found.get(2)).toBeGreaterThan(10);
    expect(found.get(3)).toBeGreaterThan(3);
    expect(found.get(4)).toBeGreaterThan(3);
    expect(found.get(5)).toBeGreaterThan(3);
  });

  it('two typed words stand for one word of the name only when the name holds it twice', async () => {
    const [{ twice }] = await sql(
      `insert into account (id, username, status, scale, actor_type, full_name, search_name, password_hash, created_at)
       values (gen_random_uuid(), 'wira1', 'ACTIVE', 'UMK', 'INDIVIDUAL', 'WIRA WIRA LAKSANA', 'wira wira laksana',
               'x', now()) returning id as twice`,
    );
    const [{ once }] = await sql(
      `insert into account (id, username, status, scale, actor_type, full_name, search_name, password_hash, created_at)
       values (gen_random_uuid(), 'wira2', 'ACTIVE', 'UMK', 'INDIVIDUAL', 'WIRA LAKSANA', 'wira laksana', 'x', now())
       returning id as once`,
    );
    const ids = async (q: string) => (await find({ filter: { q } })).rows.map((a) => a.id);
    expect(await ids('wira wiro laksana')).toEqual([twice]);
    expect(await ids('wiro wira laksana')).toEqual([twice]);
    expect(await ids('laksana wira wiro')).toEqual([twice]);
    expect(await ids('wira wiro')).toEqual([twice]);
    expect((await ids('wira laksana')).sort()).toEqual([once, twice].sort());
    const rows = (m: { sql: string; params: unknown[] }) =>
      sql(`select account_id, score, adj, nw from (${m.sql}) m order by account_id`, m.params);
    for (const q of ['wira wiro laksana', 'laksana wira wiro', 'wira wiro']) {
      const words = q.split(' ');
      expect(await rows(pairMatch(words))).toEqual(await rows(nameMatch(words)));
    }
    await sql('delete from account where id in (?, ?)', [twice, once]);
    expect(await sql('select 1 from search_pair where account_id in (?, ?)', [twice, once])).toEqual([]);
  });

  it("pairs only the words within a name's first 14 positions; a word further on is found alone", async () => {
    const words = 'alfa bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar papa';
    const [{ id }] = await sql(
      `insert into account (id, username, status, scale, actor_type, full_name, search_name, password_hash, created_at)
       values (gen_random_uuid(), 'panjang1', 'ACTIVE', 'UMK', 'INDIVIDUAL', upper(?), ?, 'x', now()) returning id`,
      [words, words],
    );
    const [{ n }] = await sql('select count(*)::int as n from search_pair where account_id = ?', [id]);
    expect(n).toBe((14 * 13) / 2);
    const ids = async (q: string) => (await find({ filter: { q } })).rows.map((a) => a.id);
    expect(await ids('alfa november')).toEqual([id]);
    expect(await ids('november alfa')).toEqual([id]);
    expect(await ids('alfa oscar')).toEqual([]);
    expect(await ids('oscar')).toEqual([id]);
    await sql('delete from account where id = ?', [id]);
    expect(await sql('select 1 from search_pair where account_id = ?', [id])).toEqual([]);
  });

  it('puts the person meant in the top 3 for misspelt two- and three-word names and company names', async () => {
    // The person meant is the one named so: a name several hold is met by any of them (their order is by id).
    // Names that repeat a word ("andi andi susanto") are left out: typed words count once.
    const targets: { id: string; name: string; kind: string }[] = await sql(
      `(select id, lower(full_name) as name, 'two' as kind from account
         where company_name is null and full_name ~ '^[A-Z]+ [A-Z]{5,}$' order by md5(id::text) limit 15)
       union all
       (select id, lower(full_name), 'three' from account
         where company_name is null and full_name ~ '^[A-Z]+ [A-Z]+ [A-Z]+$'
           and cardinality(search_words(lower(full_name))) = 3 order by md5(id::text) limit 15)
       union all
       (select id, lower(company_name), 'company' from account where company_name is not null order by md5(id::text) limit 10)`,
    );
    expect(targets.map((t) => t.kind)).toEqual([
      ...Array(15).fill('two'),
      ...Array(15).fill('three'),
      ...Array(10).fill('company'),
    ]);
    const misses: string[] = [];
    for (const t of targets) {
      const q = misspell(t.name);
      expect(q).not.toBe(t.name);
      const top = (await find({ filter: { q }, first: 3 })).rows;
      const named = top.map((a) => (t.kind === 'company' ? a.companyName : a.fullName)?.toLowerCase());
      if (!named.includes(t.name)) misses.push(`${q} → ${t.name}: ${named.join(', ')}`);
    }
    expect(misses).toEqual([]);
  });

  it('ranks words found as typed above corrected ones, and fewer extra words first', async () => {
    const [p] = await sql(`select full_name from account where full_name ~ '^[A-Z]+ [A-Z]+$' limit 1`);
    const exact = p.full_name.toLowerCase();
    const top = await names(exact, 25);
    // Every account named exactly so comes before any whose name has more words or a corrected one.
    const [{ n }] = await sql(
      `select count(*)::int as n from account where lower(full_name) = ? and company_name is null`,
      [exact],
    );
    expect(n).toBeGreaterThan(0);
    expect(top.slice(0, Math.min(n, 25)).map((x) => x!.toLowerCase())).toEqual(Array(Math.min(n, 25)).fill(exact));
  });

  it('keeps the index in step: a new account, a rename and a deletion', async () => {
    const [{ id }] = await sql(
      `insert into account (id, username, status, scale, actor_type, full_name, search_name, password_hash, created_at)
       values (gen_random_uuid(), 'kinanti1', 'ACTIVE', 'UMK', 'INDIVIDUAL', 'KINANTI WIRAGUNA', 'kinanti wiraguna',
               'x', now()) returning id`,
    );
    const ids = async (q: string) => (await find({ filter: { q } })).rows.map((a) => a.id);
    expect(await ids('kinanti wiraguna')).toEqual([id]);
    expect(await ids('kinanti wiragna')).toEqual([id]);

    await sql(`update account set full_name = 'LARASATI PAMUNGKAS', search_name = 'larasati pamungkas' where id = ?`, [
      id,
    ]);
    expect(await ids('larasati pamungkas')).toEqual([id]);
    expect(await ids('larasati pamungks')).toEqual([id]);
    const pairs = () =>
      sql(
        `select l.word as lo, h.word as hi from search_pair r join search_word l on l.id = r.lo
           join search_word h on h.id = r.hi where r.account_id = ?`,
        [id],
      );
    expect((await pairs()).map((r) => [r.lo, r.hi].sort())).toEqual([['larasati', 'pamungkas']]);
    expect(await ids('kinanti wiraguna')).toEqual([]);
    expect(await ids('wiraguna')).toEqual([]);
    // An update that leaves the name alone keeps the postings as they are.
    await sql(`update account set status = 'SUSPENDED' where id = ?`, [id]);
    expect(await ids('larasati pamungkas')).toEqual([id]);
    // A rename that keeps a word, with the kept word moving: its positions follow.
    await sql(`update account set search_name = 'ayu larasati wiguna' where id = ?`, [id]);
    expect((await pairs()).map((r) => [r.lo, r.hi].sort())).toEqual(
      expect.arrayContaining([
        ['ayu', 'larasati'],
        ['ayu', 'wiguna'],
        ['larasati', 'wiguna'],
      ]),
    );
    expect(await pairs()).toHaveLength(3);
    expect((await pairCheck()).wrong).toBe(0);
    expect(await ids('larasati wiguna')).toEqual([id]);
    expect(await ids('larasati pamungkas')).toEqual([]);
    // Emptied (as the anonymiser does): nothing is left to find it by.
    await sql(`update account set search_name = '' where id = ?`, [id]);
    expect(await pairs()).toEqual([]);
    expect(await sql('select * from search_posting where account_id = ?', [id])).toEqual([]);
    await sql(`update account set search_name = 'larasati pamungkas' where id = ?`, [id]);
    expect(await ids('larasati pamungkas')).toEqual([id]);

    await sql(`delete from account where id = ?`, [id]);
    expect(await ids('larasati pamungkas')).toEqual([]);
    expect(await sql('select * from search_posting where account_id = ?', [id])).toEqual([]);
    expect(await pairs()).toEqual([]);
  });

  it('a bulk load skips the trigger when asked, and search_index_rebuild() indexes everything', async () => {
    await orm.em.fork().transactional(async (tx) => {
      await tx.execute(`set local hak_akses.search_bulk = 'on'`);
      await tx.execute(
        `insert into account (id, username, status, scale, actor_type, full_name, search_name, password_hash, created_at)
         values (gen_random_uuid(), 'gandhi1', 'ACTIVE', 'UMK', 'INDIVIDUAL', 'GANDHI WIRAPATI', 'gandhi wirapati', 'x', now())`,
      );
    });
    expect((await find({ filter: { q: 'gandhi wirapati' } })).rows).toEqual([]);
    await sql('select search_index_rebuild()');
    // The rebuild makes what the triggers made: the same pairs, positions and counts, the same matches and ranks.
    const { pairs, expected, wrong } = await pairCheck();
    expect(pairs).toBe(expected);
    expect(wrong).toBe(0);
    expect((await comparePairsToPostings()).get(2)).toBeGreaterThan(10);
    expect((await find({ filter: { q: 'gandhi wirapati' } })).rows.map((a) => a.username)).toEqual(['gandhi1']);
  });

  it('combines with the other filters, pages by offset cursor and counts exactly', async () => {
    const q = 'budi santso';
    const all: { id: string; status: string; province_code: string }[] = await sql(
      `select id, status, province_code from account
        where search_name ~ '(^| )budi( |$)' and search_name ~ '(^| )santoso( |$)'`,
    );
    expect(all.length).toBeGreaterThan(20);
    const first = await find({ filter: { q }, first: 10 });
    expect(first.totalCount).toBe(all.length);
    expect(first.totalCountIsEstimate).toBe(false);
    const seen = first.rows.map((a) => a.id);
    for (let page = first; page.hasNextPage;) {
      page = await find({ filter: { q }, first: 10, after: page.cursors[page.cursors.length - 1] });
      seen.push(...page.rows.map((a) => a.id));
    }
    expect(seen.length).toBe(all.length);
    expect(new Set(seen)).toEqual(new Set(all.map((a) => a.id)));
    expect((await find({ filter: { q }, first: 10, offset: 10 })).rows.map((a) => a.id)).toEqual(seen.slice(10, 20));

    const suspended = all.filter((a) => a.status === 'SUSPENDED');
    expect(suspended.length).toBeGreaterThan(0);
    const r = await find({ filter: { q, status: 'SUSPENDED' }, first: 100 });
    expect(r.rows.map((a) => a.id).sort()).toEqual(suspended.map((a) => a.id).sort());
    expect(r.totalCount).toBe(suspended.length);
    // Past the last page: no rows, and the count still answers.
    const past = await find({ filter: { q }, first: 25, offset: 1000 });
    expect(past.rows).toEqual([]);
    expect(past.totalCount).toBe(all.length);
    // Another order over the same matches.
    const byName = await find({ filter: { q }, first: 100, sort: { field: 'USERNAME', direction: 'ASC' } });
    expect(byName.rows.length).toBe(all.length);
    expect(byName.totalCount).toBe(all.length);
  });

  it('one word alone: every holder, pages that add up, an exact count; a misspelt word finds the right one', async () => {
    const [{ n }] = await sql(`select count(*)::int as n from account where search_name ~ '(^| )budi( |$)'`);
    expect(n).toBeGreaterThan(100);
    let page = await find({ filter: { q: 'budi' }, first: 100 });
    expect(page.totalCount).toBe(n);
    expect(page.totalCountIsEstimate).toBe(false);
    const seen = page.rows.map((a) => a.id);
    while (page.hasNextPage) {
      page = await find({ filter: { q: 'budi' }, first: 100, after: page.cursors[page.cursors.length - 1] });
      seen.push(...page.rows.map((a) => a.id));
      for (const a of page.rows) expect(a.searchName.split(' ')).toContain('budi');
    }
    expect(new Set(seen).size).toBe(n);
    const misspelt = await find({ filter: { q: 'santso' }, first: 10 });
    expect(misspelt.rows.length).toBe(10);
    for (const a of misspelt.rows) expect(a.searchName.split(' ')).toContain('santoso');
    // With another filter the page is ranked the general way; same accounts.
    const suspended = await find({ filter: { q: 'budi', status: 'SUSPENDED' }, first: 100 });
    const [{ s }] = await sql(
      `select count(*)::int as s from account where search_name ~ '(^| )budi( |$)' and status = 'SUSPENDED'`,
    );
    expect(suspended.totalCount).toBe(s);
    expect(suspended.rows.length).toBe(Math.min(s, 100));
  });

  it('a word nothing resembles matches nothing; a two-letter word matches as typed', async () => {
    expect((await find({ filter: { q: 'budi qzxvwk' } })).rows).toEqual([]);
    const ni = await find({ filter: { q: 'ni luh' }, first: 5 });
    expect(ni.rows.length).toBeGreaterThan(0);
    for (const a of ni.rows) expect(a.searchName.split(' ')).toEqual(expect.arrayContaining(['ni', 'luh']));
  });
});
