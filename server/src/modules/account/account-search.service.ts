import type { EntityManager } from '@mikro-orm/postgresql';
import { normalizeEmail } from '../../domain/email';
import { normalizeNik } from '../../domain/nik';
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
  /** Set for a name search: ranking by similarity is possible. */
  nameQuery?: string;
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

    if (filter.q != null) {
      const term = classifySearch(filter.q);
      switch (term.kind) {
        case 'nik':
          // A person's NIK, a company's director's NIK, or a 16-digit NPWP: one index each (BitmapOr).
          add(
            `(a.nik = ? or a.npwp = ?
              or (a.actor_type = 'BUSINESS_ENTITY' and (a.profile #>> '{director,nik}') = ?))`,
            term.value,
            term.value,
            term.value,
          );
          named.set('nik', term.value);
          break;
        case 'npwp':
          add('a.npwp = ?', term.value);
          break;
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
        case 'name':
          add('? <% a.search_name', term.value);
          nameQuery = term.value;
          break;
        case 'invalid':
          f.q = term.error;
      }
    }
    if (filter.nik != null) {
      const nik = normalizeNik(filter.nik);
      if (/^\d{16}$/.test(nik)) {
        add('a.nik = ?', nik);
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
    return { where, params, named, nameQuery };
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
    let order: string;
    const orderParams: unknown[] = [];
    let skip = input.offset ?? 0;
    let sortKey: string;
    if (field === 'RELEVANCE') {
      order = `word_similarity(?, a.search_name) ${dir}, a.id ${dir}`;
      orderParams.push(plan.nameQuery);
      sortKey = "''";
      if (input.after) {
        skip += decodeCursor(input.after, (v): v is { o: number } => Number.isInteger((v as { o?: unknown })?.o)).o;
      }
    } else {
      const expr = SORT_EXPR[field];
      order = `${expr} ${dir}, a.id ${dir}`;
      sortKey = `(${expr})::text`;
      if (input.after) {
        const [key, id] = decodeCursor<KeysetCursor>(input.after, SORT_CAST[field] ? isTimeKeyset : isKeyset);
        where.push(`(${expr}, a.id) ${dir === 'DESC' ? '<' : '>'} (?${SORT_CAST[field]}, ?::uuid)`);
        params.push(key, id);
      }
    }
    const cond = (w: string[]) => (w.length ? `where ${w.join(' and ')}` : '');
    // Walking an index in order lets the capped count stop after 10,001 index entries instead of reading the
    // table, even for a filter most rows match; a name search counts through its trigram index instead.
    const countOrder = plan.nameQuery ? '' : 'order by a.created_at, a.id';
    return {
      plan,
      first,
      skip,
      relevance: field === 'RELEVANCE',
      page: {
        sql: `select a.*, ${sortKey} as sort_key from account a ${cond(where)} order by ${order} limit ? offset ?`,
        params: [...params, ...orderParams, first + 1, skip],
      },
      count: {
        sql: `select count(*)::int as n from (select 1 from account a ${cond(plan.where)} ${countOrder} limit ${EXACT_COUNT_LIMIT + 1}) c`,
        params: plan.params,
      },
    };
  }

  async search(
    em: EntityManager,
    input: AccountSearchInput,
  ): Promise<Page<Account> & { named: Map<PiiField, string> }> {
    const q = this.query(input);
    // The page's rows come whole with their sort keys: one statement, mapped onto entities here.
    const rows = await em.execute<({ id: string; sort_key: string } & Record<string, unknown>)[]>(
      q.page.sql,
      q.page.params,
    );
    const page = rows.slice(0, q.first);
    const count = await this.count(em, q);
    return {
      rows: page.map(({ sort_key: _key, ...row }) => em.map(Account, row)),
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
    const [{ n }] = await em.execute<{ n: number }[]>(q.count.sql, q.count.params);
    if (n <= EXACT_COUNT_LIMIT) return { totalCount: n, totalCountIsEstimate: false };
    const cond = q.plan.where.length ? `where ${q.plan.where.join(' and ')}` : '';
    const [explain] = await em.execute<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[]>(
      `explain (format json) select 1 from account a ${cond}`,
      q.plan.params,
    );
    const estimate = Math.round(explain['QUERY PLAN'][0].Plan['Plan Rows']);
    return { totalCount: Math.max(n, estimate), totalCountIsEstimate: true };
  }
}
