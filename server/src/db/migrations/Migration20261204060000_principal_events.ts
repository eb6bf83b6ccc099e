import { Migration } from '@mikro-orm/migrations';

/**
 * Credential changes announce themselves: a revoked session, a disabled or
 * re-roled staff user, a revoked or re-scoped API key sends a
 * PRINCIPAL_CHANGED notification on the events channel. Triggers rather than
 * service code, so a change made by the command line or by an operator's SQL
 * also closes the WebSockets that still carry the old rights, on every
 * instance. pg_notify is delivered on commit only.
 */
export class Migration20261204060000_principal_events extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create or replace function hak_akses_principal_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('hak_akses_events', json_build_object(
          'topic', 'PRINCIPAL_CHANGED',
          'payload', json_build_object('kind', tg_argv[0], 'id', coalesce(new.id, old.id)))::text);
        return null;
      end $$;

      create trigger auth_session_principal_changed after update of revoked_at on auth_session
        for each row when (old.revoked_at is null and new.revoked_at is not null)
        execute function hak_akses_principal_changed('SESSION');

      create trigger staff_user_principal_changed after update on staff_user
        for each row when (old.active is distinct from new.active or old.role is distinct from new.role)
        execute function hak_akses_principal_changed('STAFF');

      create trigger api_key_principal_changed after update on api_key
        for each row when (old.revoked_at is distinct from new.revoked_at
                           or old.scopes::text is distinct from new.scopes::text)
        execute function hak_akses_principal_changed('API_KEY');

      create trigger api_key_principal_deleted after delete on api_key
        for each row execute function hak_akses_principal_changed('API_KEY');
    `);
  }
}
