import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Telemetry: spans (trace context), hops (finance steps of business records, from spans and
 * events), batch runs, and per-flow per-minute ingest counters (duplicates are not stored as
 * rows, so they are counted here). Idempotency lives in the unique constraints.
 */
export class Telemetry1763800001000 implements MigrationInterface {
  name = 'Telemetry1763800001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table spans (
        trace_id text not null,
        span_id text not null,
        parent_span_id text,
        name text not null,
        kind smallint not null default 0,
        service_name text,
        scope_name text,
        start_time timestamptz not null,
        end_time timestamptz not null,
        status_code smallint not null default 0,
        status_message text,
        attributes jsonb not null default '{}',
        resource_attributes jsonb not null default '{}',
        finance_hop boolean not null default false,
        received_at timestamptz not null default now(),
        constraint spans_pkey primary key (trace_id, span_id),
        constraint spans_trace_id_check check (trace_id ~ '^[0-9a-f]{32}$'),
        constraint spans_span_id_check check (span_id ~ '^[0-9a-f]{16}$')
      )`);
    await q.query(`create index spans_received_at_idx on spans (received_at)`);
    await q.query(`
      create table hops (
        id bigint generated always as identity primary key,
        source text not null,
        source_id text not null,
        flow_id text not null,
        record_key text not null,
        record_type text,
        system text not null,
        stage text not null,
        status text not null,
        occurred_at timestamptz not null,
        amount numeric,
        currency text,
        entity text,
        period text,
        data_status text,
        mapping_version text,
        batch_id text,
        trace_id text,
        span_id text,
        error_class text,
        error_code text,
        error_message text,
        attributes jsonb,
        received_at timestamptz not null default now(),
        constraint hops_source_key unique (source, source_id),
        constraint hops_source_check check (source in ('otlp', 'event')),
        constraint hops_status_check check (status in ('ok', 'error')),
        constraint hops_stage_check check (stage in ('emitted', 'received', 'transformed', 'validated', 'posted', 'published', 'failed', 'dead_lettered', 'replayed')),
        constraint hops_currency_check check (currency is null or currency ~ '^[A-Z]{3}$'),
        constraint hops_period_check check (period is null or period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
      )`);
    await q.query(`create index hops_record_key_idx on hops (record_key, occurred_at)`);
    await q.query(`create index hops_flow_occurred_idx on hops (flow_id, occurred_at)`);
    await q.query(`create index hops_flow_id_idx on hops (flow_id, id)`);
    await q.query(`create index hops_trace_id_idx on hops (trace_id) where trace_id is not null`);
    await q.query(`
      create table runs (
        id bigint generated always as identity primary key,
        flow_id text not null,
        run_id text not null,
        status text not null,
        started_at timestamptz,
        finished_at timestamptz,
        rows_read bigint,
        rows_written bigint,
        rows_rejected bigint,
        period text,
        entity text,
        watermark text,
        error_code text,
        error_message text,
        received_at timestamptz not null default now(),
        constraint runs_flow_run_status_key unique (flow_id, run_id, status),
        constraint runs_status_check check (status in ('started', 'succeeded', 'failed'))
      )`);
    await q.query(`create index runs_flow_id_idx on runs (flow_id, id)`);
    await q.query(`
      create table ingest_counters (
        flow_id text not null,
        bucket timestamptz not null,
        hops integer not null default 0,
        errors integer not null default 0,
        duplicates integer not null default 0,
        runs integer not null default 0,
        failed_runs integer not null default 0,
        constraint ingest_counters_pkey primary key (flow_id, bucket)
      )`);
    await q.query(`create index ingest_counters_bucket_idx on ingest_counters (bucket)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table ingest_counters`);
    await q.query(`drop table runs`);
    await q.query(`drop table hops`);
    await q.query(`drop table spans`);
  }
}
