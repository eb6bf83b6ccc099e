import { Migration } from '@mikro-orm/migrations';

/**
 * Name search at national scale, second step (docs/architecture.md, "Name
 * search"): a pair index beside the posting index. For every account, one row
 * per two distinct words of its `search_name` (`lo` < `hi` by word id), with
 * where each word stands and the name's word count. A query of two or more
 * words reads the short run of accounts holding both of two words instead of
 * joining two long posting runs (a common given name and a common family name
 * are each held by about a hundred thousand accounts in ten million, the two
 * together by about a thousand). Only words standing within a name's first 14
 * positions are paired (`pos & 16383`: the bits of positions 1–14), so a name
 * has at most 91 pairs however it was written; a word further on is found
 * alone. A word written twice in a name ("sentosa sentosa pratama") is also
 * paired with itself (`lo` = `hi`), so two typed words may both stand for it.
 * The triggers of the posting index now keep the pairs too;
 * `search_index_rebuild()` builds the dictionary, the postings and the pairs
 * from one pass over the account table.
 *
 * The account table is locked against writes first: an instance still
 * running the old version that creates or renames an account meanwhile must
 * wait and then run the new triggers, not the old ones (which write no
 * pairs) on rows the rebuild has already read.
 */
export class Migration20261205120000_name_search_pairs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      lock table account in share mode;
      create table search_pair (
        lo int not null,
        hi int not null,
        account_id uuid not null,
        nwords smallint not null,
        pos_lo smallint not null,
        pos_hi smallint not null,
        primary key (lo, hi, account_id) include (nwords, pos_lo, pos_hi)
      );

      create or replace function account_search_added() returns trigger language plpgsql as $$
      begin
        if current_setting('hak_akses.search_bulk', true) = 'on' then
          return null;
        end if;
        -- Sorted words: two transactions adding the same new words wait in the same order, never on each other.
        insert into search_word (word)
        select distinct w from new_rows r, unnest(search_words(r.search_name)) w order by w
        on conflict (word) do nothing;
        with s as materialized (
          select d.id as word_id, r.id as account_id, s.nwords, s.pos
            from new_rows r cross join lateral search_postings_of(r.search_name) s join search_word d on d.word = s.word
        ), postings as (
          insert into search_posting (word_id, account_id, nwords, pos) select word_id, account_id, nwords, pos from s
        )
        insert into search_pair (lo, hi, account_id, nwords, pos_lo, pos_hi)
        select a.word_id, b.word_id, a.account_id, a.nwords, a.pos, b.pos
          from s a join s b on b.account_id = a.account_id
           and (b.word_id > a.word_id or (b.word_id = a.word_id and (a.pos & (a.pos - 1)) <> 0))
         where (a.pos & 16383) <> 0 and (b.pos & 16383) <> 0;
        return null;
      end $$;

      create or replace function account_search_removed() returns trigger language plpgsql as $$
      begin
        with s as materialized (
          select d.id as word_id, r.id as account_id
            from old_rows r cross join unnest(search_words(r.search_name)) u(w) join search_word d on d.word = u.w
        ), postings as (
          delete from search_posting p using s where p.word_id = s.word_id and p.account_id = s.account_id
        )
        delete from search_pair p using s a, s b
         where b.account_id = a.account_id and b.word_id >= a.word_id
           and p.lo = a.word_id and p.hi = b.word_id and p.account_id = a.account_id;
        return null;
      end $$;

      -- A rename (search_name set by an update): the old words' postings and pairs go, the new ones come.
      create or replace function account_search_renamed() returns trigger language plpgsql as $$
      declare
        old_ids int[];
        new_words text[] := search_words(new.search_name);
      begin
        if old.search_name is not distinct from new.search_name then
          return null;
        end if;
        select coalesce(array_agg(w.id order by w.id), '{}') into old_ids
          from search_word w where w.word = any(search_words(old.search_name));
        delete from search_posting p where p.word_id = any(old_ids) and p.account_id = old.id;
        delete from search_pair p using unnest(old_ids) a(id), unnest(old_ids) b(id)
         where b.id >= a.id and p.lo = a.id and p.hi = b.id and p.account_id = old.id;
        insert into search_word (word) select unnest(new_words) on conflict (word) do nothing;
        with s as materialized (
          select d.id as word_id, s.nwords, s.pos
            from search_postings_of(new.search_name) s join search_word d on d.word = s.word
        ), postings as (
          insert into search_posting (word_id, account_id, nwords, pos) select word_id, new.id, nwords, pos from s
        )
        insert into search_pair (lo, hi, account_id, nwords, pos_lo, pos_hi)
        select a.word_id, b.word_id, new.id, a.nwords, a.pos, b.pos
          from s a join s b on b.word_id > a.word_id or (b.word_id = a.word_id and (a.pos & (a.pos - 1)) <> 0)
         where (a.pos & 16383) <> 0 and (b.pos & 16383) <> 0;
        return null;
      end $$;

      -- The dictionary, the postings and the pairs from one pass over the account table (indexes built after
      -- the rows): each account's distinct words with their positions, as arrays, then joined to the dictionary.
      create or replace function search_index_rebuild() returns void language plpgsql as $$
      begin
        truncate search_pair, search_posting, search_word;
        alter table search_posting drop constraint search_posting_pkey;
        alter table search_pair drop constraint search_pair_pkey;
        create temporary table search_names_tmp on commit drop as
          select a.id, x.words, x.pos, cardinality(x.words)::smallint as nwords
            from account a cross join lateral (
              select array_agg(s.word order by s.word) as words, array_agg(s.pos order by s.word) as pos
                from search_postings_of(a.search_name) s) x
           where x.words is not null;
        insert into search_word (word, n)
        select w, count(*) from search_names_tmp, unnest(words) w group by w order by w;
        insert into search_posting (word_id, account_id, nwords, pos)
        select d.id, t.id, t.nwords, t.pos[i]
          from search_names_tmp t cross join lateral generate_subscripts(t.words, 1) i
          join search_word d on d.word = t.words[i]
         order by 1, 2;
        insert into search_pair (lo, hi, account_id, nwords, pos_lo, pos_hi)
        select least(d.id, e.id), greatest(d.id, e.id), t.id, t.nwords,
               case when d.id < e.id then t.pos[i] else t.pos[j] end,
               case when d.id < e.id then t.pos[j] else t.pos[i] end
          from search_names_tmp t
          cross join lateral generate_subscripts(t.words, 1) i
          cross join lateral generate_series(i, cardinality(t.words)) j
          join search_word d on d.word = t.words[i]
          join search_word e on e.word = t.words[j]
         where (t.pos[i] & 16383) <> 0 and (t.pos[j] & 16383) <> 0
           and (j > i or (t.pos[i] & (t.pos[i] - 1)) <> 0);
        drop table search_names_tmp;
        alter table search_posting add primary key (word_id, account_id) include (nwords, pos);
        alter table search_pair add primary key (lo, hi, account_id) include (nwords, pos_lo, pos_hi);
        analyze search_word;
        analyze search_posting;
        analyze search_pair;
      end $$;

      select search_index_rebuild();
    `);
  }
}
