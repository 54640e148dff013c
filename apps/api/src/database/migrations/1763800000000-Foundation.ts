import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Users, sessions, ingest keys, and the systems and flows catalog. */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create extension if not exists pgcrypto`);
    await q.query(`
      create table users (
        id uuid primary key default gen_random_uuid(),
        email text not null,
        name text not null,
        role text not null,
        password_hash text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        disabled_at timestamptz,
        constraint users_role_check check (role in ('admin', 'finance_ops', 'it_ops', 'auditor', 'viewer')),
        constraint users_email_lower_check check (email = lower(email))
      )`);
    await q.query(`create unique index users_email_key on users (email)`);
    await q.query(`
      create table sessions (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null constraint sessions_user_fk references users (id) on delete cascade,
        token_hash bytea not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        revoked_at timestamptz
      )`);
    await q.query(`create unique index sessions_token_hash_key on sessions (token_hash)`);
    await q.query(`create index sessions_user_idx on sessions (user_id)`);
    await q.query(`
      create table ingest_keys (
        id uuid primary key default gen_random_uuid(),
        name text not null,
        prefix text not null,
        secret_hash bytea not null,
        scopes text[] not null default '{traces,events,runs}',
        created_by uuid constraint ingest_keys_created_by_fk references users (id) on delete set null,
        created_at timestamptz not null default now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        constraint ingest_keys_scopes_check check (scopes <@ array['traces', 'events', 'runs']::text[])
      )`);
    await q.query(`create unique index ingest_keys_secret_hash_key on ingest_keys (secret_hash)`);
    await q.query(`
      create table systems (
        id text primary key,
        name text not null,
        kind text not null,
        description text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint systems_id_check check (id ~ '^[a-z0-9][a-z0-9._-]{0,99}$')
      )`);
    await q.query(`
      create table flows (
        id text primary key,
        name text not null,
        source_system text not null constraint flows_source_system_fk references systems (id) on update cascade,
        target_system text not null constraint flows_target_system_fk references systems (id) on update cascade,
        pattern text not null,
        workflow text not null,
        max_lag_seconds integer not null,
        schedule_cron text,
        schedule_timezone text not null default 'UTC',
        grace_seconds integer not null default 0,
        owner_team text,
        alert_route text,
        impacts text[] not null default '{}',
        board_metrics text[] not null default '{}',
        materiality_amount numeric(20, 4),
        materiality_currency char(3),
        entities text[] not null default '{}',
        description text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint flows_id_check check (id ~ '^[a-z0-9][a-z0-9._-]{0,199}$'),
        constraint flows_max_lag_check check (max_lag_seconds > 0),
        constraint flows_grace_check check (grace_seconds >= 0),
        constraint flows_materiality_check check ((materiality_amount is null) = (materiality_currency is null))
      )`);
    await q.query(`create index flows_source_system_idx on flows (source_system)`);
    await q.query(`create index flows_target_system_idx on flows (target_system)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table flows`);
    await q.query(`drop table systems`);
    await q.query(`drop table ingest_keys`);
    await q.query(`drop table sessions`);
    await q.query(`drop table users`);
  }
}
