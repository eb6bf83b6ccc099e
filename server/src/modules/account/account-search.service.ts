import type { EntityManager } from '@mikro-orm/postgresql';
import { normalizeEmail } from '../../domain/email';
import { normalizeNik } from '../../domain/nik';
import { npwpForms } from '../../domain/npwp';
import { normalizePhone } from '../../domain/phone';
import { classifySearch } from '../../domain/search';
import { FieldErrors, assertNoFieldErrors } from '../../shared/errors';
import {
  checkPage,
  decodeCursor,
  encodeCursor,
  isKeyset,
  isTimeKeyset,
  KeysetCursor,
  Page,
} from '../../shared/pagination';
import { Account } from './account.entity';

export type AccountSortField = 'CREATED_AT' | 'EXPIRES_AT' | 'USERNAME' | 'RELEVANCE';
export type SortDirection = 'ASC' | 'DESC';
export type PiiField = 'nik' | 'email' | 'phone' | 'passportNumber';

export interface AccountFilterInput {
  q?: string | null;
  nik?: string | null;
  email?: string | null;
  phone?: string | null;
  username?: string | null;
  status?: string | null;
  scale?: string | null;
  actorType?: string | null;
  provinceCode?: string | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
  cancelledFrom?: Date | null;
  cancelledTo?: Date | null;
  expiringWithinDays?: number | null;
}

export interface AccountSearchInput {
  filter?: AccountFilterInput | null;
  first?: number | null;
  after?: string | null;
  offset?: number | null;
  sort?: { field: AccountSortField; direction?: SortDirection | null } | null;
}

/** Above this many matches the total is the planner's estimate (counting millions exactly per page costs too much). */
export const EXACT_COUNT_LIMIT = 10_000;

export interface SearchQuery {
  plan: SearchPlan;
  first: number;
  skip: number;
  relevance: boolean;
  page: { sql: string; params: unknown[] };
  count: { sql: string; params: unknown[] };
}

/** SQL for one search: conditions with their parameters, and the personal data the caller typed (normalised). */
export interface SearchPlan {
  where: string[];
  params: unknown[];
  named: Map<PiiField, string>;
  /** Set for a name search: ranking by relevance is possible. */
  nameQuery?: string;
  /** The distinct words of a name search, each matched through the word dictionary. */
  nameWords?: string[];
  /** The name condition's place in `where` and its number of parameters (the relevance page ranks instead). */
  nameIndex?: number;
  nameParams?: number;
}

/** Words of a name search beyond this many are ignored (a name, not a paragraph). */
export const MAX_NAME_WORDS = 5;
/** Dictionary words a typed word may be corrected to, besides itself. */
export const CORRECTIONS = 4;

/** A typed word's dictionary words (`id`) with their score `s`: itself (10) and its closest corrections. */
export const wordCandidates = {
  sql: `(select d.id, 10::float4 as s from search_word d where d.word = ?
        union all
        select x.id, x.s from (select d.id, similarity(d.word, ?) as s from search_word d
          where d.word % ? and d.word <> ? order by d.word <-> ? limit ${CORRECTIONS}) x)`,
  params: (w: string) => [w, w, w, w, w],
};

/** A position mask with two bits or more: the word stands twice (or more) in the name. */
const repeated = (pos: string) => `(${pos} & (${pos} - 1)) <> 0`;

/** `c<from>.id, …, c<k-1>.id`: the candidates chosen for the typed words before word k. */
const earlier = (k: number, from: number) => Array.from({ length: k - from }, (_, j) => `c${from + j}.id`).join(', ');

/**
 * Accounts whose name holds every typed word, each either as typed or as one
 * of its closest dictionary words (trigram similarity), with their rank:
 * `score` counts 10 per word found as typed plus the similarity of each
 * corrected one (so more exact words always rank higher), `adj` the typed
 * words that follow each other in the name as typed, `nw` the number of words
 * in the account's name (fewer extra words rank higher). Two typed words
 * stand for the same word of the name only if it is written there twice
 * ("budi budhi" is met by "budi budi", not by a lone "budi"). Everything
 * comes from the dictionary and the posting index; the
 * account table is not read.
 */
export function nameMatch(words: string[]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const cand = (w: string) => {
    params.push(...wordCandidates.params(w));
    return wordCandidates.sql;
  };
  const from: string[] = [];
  words.forEach((w, i) => {
    // Two typed words may stand for one word of the name only if the name holds it twice (as in pairMatch).
    const k = i + 1;
    from.push(
      i === 0
        ? `${cand(w)} c1 join search_posting p1 on p1.word_id = c1.id`
        : `join search_posting p${k} on p${k}.account_id = p1.account_id join ${cand(w)} c${k} on c${k}.id = p${k}.word_id
             and (c${k}.id not in (${earlier(k, 1)}) or ${repeated(`p${k}.pos`)})`,
    );
  });
  const score = words.map((_, i) => `c${i + 1}.s`).join(' + ');
  const adj = words.slice(1).map((_, i) => `(((p${i + 1}.pos::int << 1) & p${i + 2}.pos) <> 0)::int`);
  return {
    sql: `select p1.account_id, max(${score}) as score, max(${adj.join(' + ') || '0'}) as adj, min(p1.nwords) as nw
            from ${from.join(' ')} group by p1.account_id`,
    params,
  };
}

/**
 * The same match and rank as `nameMatch` for two or more typed words, read from the pair index instead of
 * joining whole posting runs: the accounts holding both the first typed word's candidate and the second's are
 * one short run of `search_pair` per combination; every further typed word is another pair with the first
 * word's candidate, joined by account. Positions and word counts come with the pair rows (index-only).
 * Two typed words may stand for the same word of the name only if the name holds it twice (a word written twice
 * is paired with itself; nameMatch holds the same rule). Only the name's words within its first 14 positions are
 * paired (see the migration): a word further on is found alone, not with others.
 */
export function pairMatch(words: string[]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const cand = (w: string) => {
    params.push(...wordCandidates.params(w));
    return wordCandidates.sql;
  };
  // Where typed word k stands in the name: its side of the pair it was found in (word 1 through pair 2).
  const pos = (k: number) => {
    const r = `r${Math.max(k, 2)}`;
    return `(case when c${k}.id = ${r}.lo then ${r}.pos_lo else ${r}.pos_hi end)`;
  };
  const pair = (k: number) =>
    `search_pair r${k} on r${k}.lo = least(c1.id, c${k}.id) and r${k}.hi = greatest(c1.id, c${k}.id)`;
  const from = [`${cand(words[0])} c1 cross join ${cand(words[1])} c2 join ${pair(2)}`];
  for (let k = 3; k <= words.length; k++) {
    // A pair with word 1 covers c<k> = c1 (a word paired with itself is one the name holds twice); the same
    // holds against the words typed between.
    from.push(
      `cross join ${cand(words[k - 1])} c${k} join ${pair(k)} and r${k}.account_id = r2.account_id
         and (c${k}.id not in (${earlier(k, 2)}) or ${repeated(pos(k))})`,
    );
  }
  const score = words.map((_, i) => `c${i + 1}.s`).join(' + ');
  const adj = words.slice(1).map((_, i) => `(((${pos(i + 1)}::int << 1) & ${pos(i + 2)}) <> 0)::int`);
  return {
    sql: `select r2.account_id, max(${score}) as score, max(${adj.join(' + ')}) as adj, min(r2.nwords) as nw
            from ${from.join(' ')} group by r2.account_id`,
    params,
  };
}

/** The match for a name search's words: one word through its posting runs, several through the pair index. */
export function wordsMatch(words: string[]): { sql: string; params: unknown[] } {
  return words.length >= 2 ? pairMatch(words) : nameMatch(words);
}

const SORT_EXPR: Record<Exclude<AccountSortField, 'RELEVANCE'>, string> = {
  CREATED_AT: 'a.created_at',
  EXPIRES_AT: "coalesce(a.expires_at, 'infinity'::timestamptz)",
  USERNAME: 'a.username',
};
const SORT_CAST: Record<Exclude<AccountSortField, 'RELEVANCE'>, string> = {
  CREATED_AT: '::timestamptz',
  EXPIRES_AT: '::timestamptz',
  USERNAME: '',
};

/**
 * The helpdesk's account search. Every filter and the name search is served
 * by an index (see the back-office migration and test/e2e/search-plan.test.ts):
 * exact values by b-tree, names by a trigram GIN index, pages by keyset.
 */
export class AccountSearch {
  /** Checks and translates a filter into SQL conditions; VALIDATION_FAILED names each bad field. */
  plan(filter: AccountFilterInput = {}): SearchPlan {
    const f: FieldErrors = {};
    const where: string[] = [];
    const params: unknown[] = [];
    const named = new Map<PiiField, string>();
    const add = (sql: string, ...p: unknown[]) => {
      where.push(sql);
      params.push(...p);
    };
    let nameQuery: string | undefined;
    let nameWords: string[] | undefined;
    let nameParams: number | undefined;

    if (filter.q != null) {
      const term = classifySearch(filter.q);
      switch (term.kind) {
        case 'nik': {
          // A person's NIK, a company's director's NIK, or a 16-digit NPWP (stored as such or as its 15 digits):
          // one index each (BitmapOr).
          const npwps = npwpForms(term.value);
          add(
            `(a.nik = ? or a.npwp in (${npwps.map(() => '?').join(', ')})
              or (a.actor_type = 'BUSINESS_ENTITY' and (a.profile #>> '{director,nik}') = ?))`,
            term.value,
            ...npwps,
            term.value,
          );
          named.set('nik', term.value);
          break;
        }
        case 'npwp': {
          // Stored with 15 digits or as "0" + the same 15.
          const npwps = npwpForms(term.value);
          add(`a.npwp in (${npwps.map(() => '?').join(', ')})`, ...npwps);
          break;
        }
        case 'email':
          add('a.email = ?', term.value);
          named.set('email', term.value);
          break;
        case 'phone':
          add('a.phone = ?', term.value);
          named.set('phone', term.value);
          break;
        case 'handle':
          add('(a.username = ? or a.passport_number = ?)', term.username, term.passport);
          // Shown back only on a row whose passport is the term, never on one that matched by username.
          named.set('passportNumber', term.passport);
          break;
        case 'name': {
          nameQuery = term.value;
          nameWords = [...new Set(term.value.split(' ').filter(Boolean))].slice(0, MAX_NAME_WORDS);
          const m = wordsMatch(nameWords);
          // Always the first condition (q is read first): the relevance page swaps it for its ranked match.
          add(`a.id in (select m.account_id from (${m.sql}) m)`, ...m.params);
          nameParams = m.params.length;
          break;
        }
        case 'invalid':
          f.q = term.error;
      }
    }
    if (filter.nik != null) {
      const nik = normalizeNik(filter.nik);
      if (/^\d{16}$/.test(nik)) {
        // The person's own accounts and the companies they direct (who calls for a company gives their NIK).
        add(`(a.nik = ? or (a.actor_type = 'BUSINESS_ENTITY' and (a.profile #>> '{director,nik}') = ?))`, nik, nik);
        named.set('nik', nik);
      } else f.nik = 'NIK harus terdiri dari 16 digit.';
    }
    if (filter.email != null) {
      const e = normalizeEmail(filter.email);
      if (e.ok) {
        add('a.email = ?', e.email);
        named.set('email', e.email);
      } else f.email = e.error;
    }
    if (filter.phone != null) {
      const p = normalizePhone(filter.phone);
      if (p.ok) {
        add('a.phone = ?', p.e164);
        named.set('phone', p.e164);
      } else f.phone = p.error;
    }
    if (filter.username != null) {
      const u = filter.username.trim().toLowerCase();
      if (/^[a-z0-9._-]{3,40}$/.test(u)) add('a.username = ?', u);
      else f.username = 'Nama pengguna tidak valid.';
    }
    if (filter.status) add('a.status = ?', filter.status);
    if (filter.scale) add('a.scale = ?', filter.scale);
    if (filter.actorType) add('a.actor_type = ?', filter.actorType);
    if (filter.provinceCode != null) {
      if (/^\d{2}$/.test(filter.provinceCode.trim())) add('a.province_code = ?', filter.provinceCode.trim());
      else f.provinceCode = 'Kode provinsi terdiri dari 2 digit.';
    }
    if (filter.createdFrom) add('a.created_at >= ?', filter.createdFrom);
    if (filter.createdTo) add('a.created_at < ?', filter.createdTo);
    if (filter.createdFrom && filter.createdTo && filter.createdFrom > filter.createdTo) {
      f.createdTo = 'Tanggal akhir harus sesudah tanggal awal.';
    }
    if (filter.cancelledFrom) add('a.cancelled_at >= ?', filter.cancelledFrom);
    if (filter.cancelledTo) add('a.cancelled_at < ?', filter.cancelledTo);
    if (filter.cancelledFrom && filter.cancelledTo && filter.cancelledFrom > filter.cancelledTo) {
      f.cancelledTo = 'Tanggal akhir harus sesudah tanggal awal.';
    }
    if (filter.expiringWithinDays != null) {
      const d = filter.expiringWithinDays;
      if (!Number.isInteger(d) || d < 0 || d > 365) f.expiringWithinDays = 'Nilai 0-365 hari.';
      else if (filter.status && filter.status !== 'ACTIVE') {
        f.status = 'Hanya akun ACTIVE yang dapat berakhir; hapus filter status atau pilih ACTIVE.';
      } else {
        add("a.status = 'ACTIVE' and a.expires_at > now() and a.expires_at <= now() + make_interval(days => ?)", d);
      }
    }
    assertNoFieldErrors(f);
    return { where, params, named, nameQuery, nameWords, nameIndex: nameWords && 0, nameParams };
  }

  /** The SQL of one page (and of its capped count), as `search` runs it; also what the plan test explains. */
  query(input: AccountSearchInput): SearchQuery {
    const first = checkPage(input.first, input.offset);
    const plan = this.plan(input.filter ?? {});
    // "Expiring within N days" is read soonest first unless another order is asked for.
    const expiring = input.filter?.expiringWithinDays != null && !plan.nameQuery;
    const field = input.sort?.field ?? (plan.nameQuery ? 'RELEVANCE' : expiring ? 'EXPIRES_AT' : 'CREATED_AT');
    const ascByDefault = field === 'USERNAME' || (expiring && field === 'EXPIRES_AT');
    const dir: SortDirection = input.sort?.direction ?? (ascByDefault ? 'ASC' : 'DESC');
    if (field === 'RELEVANCE' && !plan.nameQuery) {
      assertNoFieldErrors({ sort: 'Urutan RELEVANCE hanya untuk pencarian nama (q).' });
    }
    const where = [...plan.where];
    const params = [...plan.params];
    let skip = input.offset ?? 0;
    const cond = (w: string[]) => (w.length ? `where ${w.join(' and ')}` : '');
    // Walking an index in order lets the capped count stop after 10,001 index entries instead of reading the
    // table, even for a filter most rows match; a name search counts its matches from the posting index instead.
    const countOrder = plan.nameQuery ? '' : 'order by a.created_at, a.id';
    const count = {
      sql: `select count(*)::int as n from (select 1 from account a ${cond(plan.where)} ${countOrder} limit ${EXACT_COUNT_LIMIT + 1}) c`,
      params: plan.params,
    };
    if (field === 'RELEVANCE') {
      if (input.after) {
        skip += decodeCursor(input.after, (v): v is { o: number } => Number.isInteger((v as { o?: unknown })?.o)).o;
      }
      // Ranked from the posting index alone; the account table is read for the other filters (if any) and for
      // the page's rows. The number of matches comes with the page (`total`), exact at any size.
      const others = plan.where.filter((_, i) => i !== plan.nameIndex);
      const otherParams = plan.params.slice(plan.nameParams!);
      const [hi, lo] = dir === 'DESC' ? ['desc', 'asc'] : ['asc', 'desc'];
      if (plan.nameWords!.length === 1 && !others.length) {
        // One word and no other filter: the page is the first entries of each candidate word's run (sorted by
        // account id), so it costs the page, not the run; ranked by score then id. Counted apart, capped.
        const c = wordCandidates;
        const w = plan.nameWords![0];
        const rank = `m.s ${hi}, m.account_id ${hi}`;
        return {
          plan,
          first,
          skip,
          relevance: true,
          page: {
            sql: `select a.*, '' as sort_key from (
                    select x.account_id, max(x.s) as s from ${c.sql} c cross join lateral (
                      select p.account_id, c.s from search_posting p where p.word_id = c.id
                       order by p.account_id ${hi} limit ?) x
                     group by x.account_id order by max(x.s) ${hi}, x.account_id ${hi} limit ? offset ?) m
                  join account a on a.id = m.account_id order by ${rank}`,
            params: [...c.params(w), first + 1 + skip, first + 1, skip],
          },
          count: {
            // n: postings read (the cap); d: distinct accounts among them (one account may hold two candidates).
            sql: `select count(*)::int as n, count(distinct x.account_id)::int as d from (select p.account_id from ${c.sql} c
                    join search_posting p on p.word_id = c.id limit ${EXACT_COUNT_LIMIT + 1}) x`,
            params: c.params(w),
          },
        };
      }
      const m = wordsMatch(plan.nameWords!);
      const rank = `m.score ${hi}, m.adj ${hi}, m.nw ${lo}, m.account_id ${hi}`;
      const filtered = others.length ? `join account a on a.id = m.account_id ${cond(others)}` : '';
      return {
        plan,
        first,
        skip,
        relevance: true,
        page: {
          sql: `select a.*, '' as sort_key, m.total from (
                  select m.account_id, m.score, m.adj, m.nw, count(*) over () as total from (${m.sql}) m ${filtered}
                   order by ${rank} limit ? offset ?) m
                join account a on a.id = m.account_id order by ${rank}`,
          params: [...m.params, ...otherParams, first + 1, skip],
        },
        count,
      };
    }
    const expr = SORT_EXPR[field];
    const order = `${expr} ${dir}, a.id ${dir}`;
    const sortKey = `(${expr})::text`;
    if (input.after) {
      const [key, id] = decodeCursor<KeysetCursor>(input.after, SORT_CAST[field] ? isTimeKeyset : isKeyset);
      where.push(`(${expr}, a.id) ${dir === 'DESC' ? '<' : '>'} (?${SORT_CAST[field]}, ?::uuid)`);
      params.push(key, id);
    }
    return {
      plan,
      first,
      skip,
      relevance: false,
      page: {
        sql: `select a.*, ${sortKey} as sort_key from account a ${cond(where)} order by ${order} limit ? offset ?`,
        params: [...params, first + 1, skip],
      },
      count,
    };
  }

  async search(
    em: EntityManager,
    input: AccountSearchInput,
  ): Promise<Page<Account> & { named: Map<PiiField, string> }> {
    const q = this.query(input);
    // The page's rows come whole with their sort keys: one statement, mapped onto entities here.
    const rows = await em.execute<({ id: string; sort_key: string; total?: string } & Record<string, unknown>)[]>(
      q.page.sql,
      q.page.params,
    );
    const page = rows.slice(0, q.first);
    // A relevance page carries the number of matches; a page past the end (or another order) counts apart.
    const total = q.relevance && rows[0]?.total != null ? Number(rows[0].total) : undefined;
    const count = total !== undefined ? { totalCount: total, totalCountIsEstimate: false } : await this.count(em, q);
    return {
      rows: page.map(({ sort_key: _key, total: _total, ...row }) => em.map(Account, row)),
      cursors: page.map((r, i) => encodeCursor(q.relevance ? { o: q.skip + i + 1 } : [r.sort_key, r.id])),
      hasNextPage: rows.length > q.first,
      ...count,
      named: q.plan.named,
    };
  }

  /** Exact up to EXACT_COUNT_LIMIT; above it the planner's estimate, marked as such. */
  private async count(
    em: EntityManager,
    q: SearchQuery,
  ): Promise<{ totalCount: number; totalCountIsEstimate: boolean }> {
    const [{ n, d }] = await em.execute<{ n: number; d?: number }[]>(q.count.sql, q.count.params);
    if (n <= EXACT_COUNT_LIMIT) return { totalCount: d ?? n, totalCountIsEstimate: false };
    const cond = q.plan.where.length ? `where ${q.plan.where.join(' and ')}` : '';
    const [explain] = await em.execute<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[]>(
      `explain (format json) select 1 from account a ${cond}`,
      q.plan.params,
    );
    const estimate = Math.round(explain['QUERY PLAN'][0].Plan['Plan Rows']);
    return { totalCount: Math.max(n, estimate), totalCountIsEstimate: true };
  }
}
