import { Migration } from '@mikro-orm/migrations';

/**
 * A hash chain over the audit log (docs/security.md, "Audit"). Every row gets
 * its position (`seq`), the hash of the row before it (`prev_hash`) and its
 * own hash (`row_hash`: SHA-256 over the canonical form of its content and
 * `prev_hash`). A BEFORE INSERT trigger fills them under a transaction-level
 * advisory lock, so every insert path (one row, many rows in one statement,
 * COPY) extends one linear chain, also with concurrent writers; whatever a
 * client puts in those columns is overwritten. The trigger function runs as
 * the table owner (SECURITY DEFINER): the application role needs nothing but
 * INSERT and SELECT.
 *
 * The canonical form (version 1), which `modules/audit/audit-chain.ts`
 * recomputes on its own: the text of the jsonb array
 * `["v1", seq, id, at, actor_type, actor_id, action, target_type, target_id,
 * ip, details, prev_hash]`, with seq and id as strings, `at` as UTC ISO 8601
 * with microseconds, and details as the stored jsonb.
 *
 * Rows that exist already are chained here in (at, id) order. TRUNCATE is
 * refused as UPDATE and DELETE are.
 */
export class Migration20261204010000_audit_chain extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table audit_event add column seq bigint, add column prev_hash text, add column row_hash text;
      -- A constraint, not a plain index: the bulk loader keeps constraint indexes while it loads.
      alter table audit_event add constraint audit_event_seq_key unique (seq);

      create function audit_event_chain() returns trigger language plpgsql security definer
        set search_path = pg_catalog, public as $$
      declare
        head record;
      begin
        -- One writer at a time until commit: the next row always sees this one as its predecessor.
        perform pg_advisory_xact_lock(727003);
        select e.seq, e.row_hash into head from public.audit_event e order by e.seq desc limit 1;
        new.seq := coalesce(head.seq, 0) + 1;
        new.prev_hash := coalesce(head.row_hash, repeat('0', 64));
        new.row_hash := encode(sha256(convert_to(jsonb_build_array('v1', new.seq::text, new.id::text,
          to_char(new.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), new.actor_type, new.actor_id,
          new.action, new.target_type, new.target_id, new.ip, new.details, new.prev_hash)::text, 'UTF8')), 'hex');
        return new;
      end $$;

      -- Existing rows are chained by inserting them again, oldest first, through the trigger.
      create temporary table audit_event_unchained on commit drop as select * from audit_event;
      truncate audit_event;
      create trigger audit_event_chain before insert on audit_event
        for each row execute function audit_event_chain();
      insert into audit_event select * from audit_event_unchained order by at, id;
      alter table audit_event alter column seq set not null, alter column prev_hash set not null,
        alter column row_hash set not null;

      create trigger audit_event_no_truncate before truncate on audit_event
        for each statement execute function audit_event_append_only();
    `);
  }
}
