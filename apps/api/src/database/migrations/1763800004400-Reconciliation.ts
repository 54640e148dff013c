import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Reconciliation: named connections (URL encrypted at rest), definitions with their schedule,
 * runs (a PostgreSQL-backed queue claimed with FOR UPDATE SKIP LOCKED), the breaks of each run,
 * and uploaded CSV files (content on disk under the data directory).
 */
export class Reconciliation1763800004400 implements MigrationInterface {
  name = 'Reconciliation1763800004400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table recon_connections (
        name text not null,
        kind text not null,
        url_ciphertext text not null,
        key_id text not null,
        created_by uuid constraint recon_connections_created_by_fk references users (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint recon_connections_pkey primary key (name),
        constraint recon_connections_name_check check (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
        constraint recon_connections_kind_check check (kind in ('postgres'))
      )`);
    await q.query(`
      create table recon_definitions (
        id text not null,
        name text not null,
        flow_id text not null,
        definition jsonb not null,
        enabled boolean not null default true,
        schedule_cron text,
        schedule_timezone text,
        next_run_at timestamptz,
        version integer not null default 1,
        created_by uuid constraint recon_definitions_created_by_fk references users (id) on delete set null,
        updated_by uuid constraint recon_definitions_updated_by_fk references users (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint recon_definitions_pkey primary key (id),
        constraint recon_definitions_id_check check (id ~ '^[a-z0-9][a-z0-9._-]{0,199}$'),
        constraint recon_definitions_schedule_check check ((schedule_cron is null) = (schedule_timezone is null))
      )`);
    await q.query(`create index recon_definitions_flow_idx on recon_definitions (flow_id, id)`);
    await q.query(`create index recon_definitions_due_idx on recon_definitions (next_run_at) where enabled and next_run_at is not null`);
    await q.query(`
      create table recon_runs (
        id uuid not null default gen_random_uuid(),
        recon_id text not null constraint recon_runs_recon_fk references recon_definitions (id) on delete cascade,
        flow_id text not null,
        status text not null default 'queued',
        trigger text not null,
        mode text not null default 'merge',
        requested_scope jsonb not null default '{}',
        scope jsonb not null default '{}',
        definition jsonb,
        attempt integer not null default 1,
        retry_of uuid constraint recon_runs_retry_of_fk references recon_runs (id) on delete set null,
        scheduled_for timestamptz,
        requested_by uuid constraint recon_runs_requested_by_fk references users (id) on delete set null,
        queued_at timestamptz not null default now(),
        not_before timestamptz not null default now(),
        started_at timestamptz,
        finished_at timestamptz,
        heartbeat_at timestamptz,
        worker text,
        cancel_requested_at timestamptz,
        source_rows bigint not null default 0,
        target_rows bigint not null default 0,
        progress_at timestamptz,
        matched bigint,
        missing_in_target bigint,
        unexpected_in_target bigint,
        amount_mismatch bigint,
        field_mismatch bigint,
        duplicate_key bigint,
        summary jsonb,
        classifications jsonb not null default '{}',
        amount_at_risk jsonb not null default '[]',
        material boolean,
        bisect jsonb,
        exceptions_raised integer not null default 0,
        exceptions_resolved integer not null default 0,
        error_code text,
        error_message text,
        error_retryable boolean,
        constraint recon_runs_pkey primary key (id),
        constraint recon_runs_status_check check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        constraint recon_runs_trigger_check check (trigger in ('manual', 'schedule', 'retry', 'startup')),
        constraint recon_runs_mode_check check (mode in ('merge', 'bisect')),
        constraint recon_runs_attempt_check check (attempt >= 1),
        constraint recon_runs_schedule_slot_key unique (recon_id, scheduled_for)
      )`);
    await q.query(`create index recon_runs_recon_queued_idx on recon_runs (recon_id, queued_at desc, id desc)`);
    await q.query(`create index recon_runs_claim_idx on recon_runs (not_before, queued_at) where status = 'queued'`);
    await q.query(`create index recon_runs_running_idx on recon_runs (heartbeat_at) where status = 'running'`);
    await q.query(`create index recon_runs_retry_of_idx on recon_runs (retry_of) where retry_of is not null`);
    await q.query(`
      create table recon_breaks (
        id bigint generated always as identity,
        run_id uuid not null constraint recon_breaks_run_fk references recon_runs (id) on delete cascade,
        type text not null,
        key jsonb not null,
        key_text text not null,
        record_key text,
        source jsonb,
        target jsonb,
        differences jsonb,
        side text,
        rows integer,
        amount_at_risk numeric,
        currency text,
        classification jsonb,
        classification_kind text,
        fingerprint text,
        exception_id uuid,
        constraint recon_breaks_pkey primary key (id),
        constraint recon_breaks_type_check check (type in ('missing_in_target', 'unexpected_in_target', 'amount_mismatch', 'field_mismatch', 'duplicate_key')),
        constraint recon_breaks_side_check check (side is null or side in ('source', 'target'))
      )`);
    await q.query(`create index recon_breaks_run_idx on recon_breaks (run_id, id)`);
    await q.query(`create index recon_breaks_run_type_idx on recon_breaks (run_id, type, id)`);
    await q.query(`create index recon_breaks_run_classification_idx on recon_breaks (run_id, classification_kind, id)`);
    await q.query(`create index recon_breaks_record_key_idx on recon_breaks (record_key) where record_key is not null`);
    await q.query(`
      create table recon_files (
        id uuid not null default gen_random_uuid(),
        bytes bigint not null,
        sha256 text not null,
        created_by uuid constraint recon_files_created_by_fk references users (id) on delete set null,
        created_at timestamptz not null default now(),
        constraint recon_files_pkey primary key (id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table recon_files`);
    await q.query(`drop table recon_breaks`);
    await q.query(`drop table recon_runs`);
    await q.query(`drop table recon_definitions`);
    await q.query(`drop table recon_connections`);
  }
}
