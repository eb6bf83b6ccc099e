import { Migration } from '@mikro-orm/migrations';

/** Initial schema: registration flows, accounts, sessions, staff, outbox, captcha, audit, login throttling. */
export class Migration20261123000000_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table registration_flow (
        id varchar(32) primary key,
        step text not null check (step in ('VERIFY_CODE','SET_PASSWORD','COMPLETE_PROFILE','DONE','EXPIRED')),
        scale text not null,
        non_umk_kind text null,
        actor_type text not null,
        entity_type text null,
        nik text null,
        channel text not null check (channel in ('EMAIL','WHATSAPP')),
        email text null,
        phone text null,
        code_hash text null,
        code_expires_at timestamptz null,
        code_attempts int not null default 0,
        send_times jsonb not null default '[]',
        verified_at timestamptz null,
        password_hash text null,
        warnings jsonb not null default '[]',
        expires_at timestamptz not null,
        created_at timestamptz not null default now(),
        completed_at timestamptz null,
        account_id uuid null
      );
      create index registration_flow_open_expiry on registration_flow (expires_at) where step not in ('DONE','EXPIRED');
      create index registration_flow_nik on registration_flow (nik);

      create table account (
        id uuid primary key,
        username text not null,
        status text not null default 'ACTIVE' check (status in ('ACTIVE','CANCELLED','SUSPENDED')),
        scale text not null,
        non_umk_kind text null,
        actor_type text not null,
        entity_type text null,
        nik text null,
        email text null,
        phone text null,
        full_name text null,
        company_name text null,
        birth_date date null,
        gender text null,
        address text null,
        village_code text null,
        province_code text null,
        password_hash text not null,
        warnings jsonb not null default '[]',
        created_at timestamptz not null default now(),
        activated_at timestamptz null,
        expires_at timestamptz null,
        licensing_started_at timestamptz null,
        nib text null,
        email_verified_at timestamptz null,
        phone_verified_at timestamptz null,
        cancelled_at timestamptz null
      );
      create unique index account_username_unique on account (username);
      create unique index account_nik_scale_live on account (nik, scale)
        where status <> 'CANCELLED' and actor_type = 'INDIVIDUAL' and nik is not null;
      create unique index account_email_live on account (email) where status <> 'CANCELLED' and email is not null;
      create unique index account_phone_live on account (phone) where status <> 'CANCELLED' and phone is not null;
      create index account_nik on account (nik);
      create index account_expiry on account (expires_at) where status = 'ACTIVE';
      create index account_created on account (created_at);

      create table staff_user (
        id uuid primary key,
        username text not null unique,
        password_hash text not null,
        role text not null check (role in ('HELPDESK','SUPERVISOR','ADMIN')),
        totp_secret text null,
        active boolean not null default true,
        created_at timestamptz not null default now()
      );

      create table auth_session (
        id uuid primary key,
        token_hash text not null unique,
        subject_type text not null check (subject_type in ('ACCOUNT','STAFF')),
        subject_id uuid not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        revoked_at timestamptz null,
        ip text null
      );
      create index auth_session_subject on auth_session (subject_id);

      create table outbox_message (
        id uuid primary key,
        channel text not null check (channel in ('EMAIL','WHATSAPP')),
        recipient text not null,
        template text not null,
        subject text null,
        body text not null,
        params jsonb not null default '[]',
        status text not null default 'PENDING' check (status in ('PENDING','SENT','FAILED','DEAD','HELD')),
        attempts int not null default 0,
        last_error text null,
        provider_id text null,
        account_id uuid null,
        registration_id varchar(32) null,
        created_at timestamptz not null default now(),
        sent_at timestamptz null
      );
      create index outbox_message_account on outbox_message (account_id);
      create index outbox_message_registration on outbox_message (registration_id);
      create index outbox_message_status on outbox_message (status, created_at);

      create table captcha_challenge (
        id uuid primary key,
        answer_hash text not null,
        expires_at timestamptz not null,
        used_at timestamptz null,
        created_at timestamptz not null default now()
      );

      create table audit_event (
        id uuid primary key,
        actor_type text not null,
        actor_id text null,
        action text not null,
        target_type text null,
        target_id text null,
        ip text null,
        details jsonb not null default '{}',
        at timestamptz not null default now()
      );
      create index audit_event_target on audit_event (target_type, target_id);
      create index audit_event_at on audit_event (at);
      create function audit_event_append_only() returns trigger language plpgsql as $$
        begin raise exception 'audit_event is append-only'; end $$;
      create trigger audit_event_no_change before update or delete on audit_event
        for each row execute function audit_event_append_only();

      -- Login throttling shared by every server instance (docs/security.md, "Login").
      create table login_throttle (
        key text primary key,
        failures int not null default 0,
        locked_until timestamptz null,
        updated_at timestamptz not null default now()
      );
    `);
  }
}
