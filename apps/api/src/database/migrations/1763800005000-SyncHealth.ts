import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Sync health: the state the scheduled evaluators keep so that each tick reads only what is
 * new (apps/api/src/sync-health).
 * - `sync_cursors` / `sync_cursor_gaps`: per telemetry stream (hops, runs) the highest id
 *   processed, and the ids below it that were missing when it advanced (a transaction still
 *   committing, or an id burnt by a duplicate), re-checked until they are old.
 * - `record_sync`: one row per flow and record key, maintained from hops: first emitted, first
 *   and last posted, latest step, latest error, amount, retries and dead letters. Partial indexes serve the
 *   in-flight queries; the posted index serves the lag percentiles.
 * - `sync_flow_minutes`: hops, errors, retries and dead letters per flow, minute (of the
 *   hop's time), data status and error class.
 * - `sync_flow_postings`: the latest successful posting per flow and data status (freshness).
 * - `sync_schedule_cursors` / `sync_run_slots`: how far the expected batch runs have been
 *   checked per flow and entity, and what each expected slot found.
 * - `sync_unregistered_flows`: flow ids seen in hops that the catalog does not know.
 * - `sync_findings_outbox`: findings and auto-resolve signals written in the same transaction
 *   as the state that produced them, handed to the exception intake after commit.
 * Also an index on runs (flow_id, started_at) for matching runs to expected slots.
 */
export class SyncHealth1763800005000 implements MigrationInterface {
  name = 'SyncHealth1763800005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table sync_cursors (
        stream text not null,
        watermark bigint not null default 0,
        updated_at timestamptz not null default now(),
        constraint sync_cursors_pkey primary key (stream),
        constraint sync_cursors_stream_check check (stream in ('hops', 'runs'))
      )`);
    await q.query(`insert into sync_cursors (stream) values ('hops'), ('runs')`);
    await q.query(`
      create table sync_cursor_gaps (
        id bigint generated always as identity,
        stream text not null,
        ids int8multirange not null,
        seen_at timestamptz not null,
        constraint sync_cursor_gaps_pkey primary key (id),
        constraint sync_cursor_gaps_stream_fk foreign key (stream) references sync_cursors (stream) on delete cascade
      )`);
    await q.query(`create index sync_cursor_gaps_stream_seen_idx on sync_cursor_gaps (stream, seen_at)`);

    await q.query(`
      create table record_sync (
        flow_id text not null,
        record_key text not null,
        record_type text,
        data_status text,
        first_emitted_at timestamptz,
        first_posted_at timestamptz,
        last_posted_at timestamptz,
        last_hop_id bigint not null,
        last_occurred_at timestamptz not null,
        last_stage text not null,
        last_status text not null,
        last_system text not null,
        last_error_class text,
        last_error_code text,
        last_error_message text,
        last_error_at timestamptz,
        amount numeric,
        currency text,
        entity text,
        period text,
        hops integer not null default 0,
        retries integer not null default 0,
        dead_letters integer not null default 0,
        error_hops integer not null default 0,
        delay_reported_at timestamptz,
        updated_at timestamptz not null default now(),
        -- record key first: it also serves a record's lookup across flows
        constraint record_sync_pkey primary key (record_key, flow_id),
        constraint record_sync_last_status_check check (last_status in ('ok', 'error')),
        constraint record_sync_data_status_check check (data_status is null or data_status in ('preliminary', 'posted', 'adjusted', 'approved'))
      )`);
    // Rows change with every hop: vacuum often, so the covering indexes stay index-only.
    await q.query(`alter table record_sync set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)`);
    await q.query(
      `create index record_sync_posted_idx on record_sync (flow_id, first_posted_at) include (first_emitted_at, data_status) where first_posted_at is not null`,
    );
    // In flight: emitted, not posted, latest step not an error.
    await q.query(
      `create index record_sync_in_flight_idx on record_sync (flow_id, first_emitted_at, record_key)
         where first_emitted_at is not null and first_posted_at is null and last_status = 'ok'`,
    );
    // The same records in data-status order, covering the measures (index-only counts and sums per flow).
    await q.query(
      `create index record_sync_in_flight_status_idx on record_sync (flow_id, data_status, first_emitted_at) include (currency, amount)
         where first_emitted_at is not null and first_posted_at is null and last_status = 'ok'`,
    );
    await q.query(
      `create index record_sync_delay_candidates_idx on record_sync (flow_id, first_emitted_at)
         where first_emitted_at is not null and first_posted_at is null and last_status = 'ok' and delay_reported_at is null`,
    );
    await q.query(`create index record_sync_failed_idx on record_sync (flow_id, last_error_at) where first_posted_at is null and last_status = 'error'`);

    await q.query(`
      create table sync_flow_minutes (
        flow_id text not null,
        bucket timestamptz not null,
        data_status text not null default '',
        error_class text not null default '',
        hops integer not null default 0,
        errors integer not null default 0,
        retries integer not null default 0,
        dead_letters integer not null default 0,
        constraint sync_flow_minutes_pkey primary key (flow_id, bucket, data_status, error_class)
      )`);
    await q.query(`create index sync_flow_minutes_bucket_idx on sync_flow_minutes (bucket)`);
    await q.query(`
      create table sync_flow_postings (
        flow_id text not null,
        data_status text not null default '',
        last_posted_at timestamptz not null,
        constraint sync_flow_postings_pkey primary key (flow_id, data_status)
      )`);

    await q.query(`
      create table sync_schedule_cursors (
        flow_id text not null,
        entity text not null default '',
        evaluated_until timestamptz not null,
        updated_at timestamptz not null default now(),
        constraint sync_schedule_cursors_pkey primary key (flow_id, entity)
      )`);
    await q.query(`
      create table sync_run_slots (
        flow_id text not null,
        entity text not null default '',
        slot_at timestamptz not null,
        outcome text not null,
        run_id text,
        run_started_at timestamptz,
        evaluated_at timestamptz not null,
        constraint sync_run_slots_pkey primary key (flow_id, entity, slot_at),
        constraint sync_run_slots_outcome_check check (outcome in ('ran', 'missed'))
      )`);
    await q.query(`create index sync_run_slots_flow_slot_idx on sync_run_slots (flow_id, slot_at)`);

    await q.query(`
      create table sync_unregistered_flows (
        flow_id text not null,
        first_seen_at timestamptz not null,
        last_seen_at timestamptz not null,
        hops bigint not null default 0,
        constraint sync_unregistered_flows_pkey primary key (flow_id)
      )`);
    await q.query(`
      create table sync_findings_outbox (
        id bigint generated always as identity,
        payload jsonb not null,
        created_at timestamptz not null default now(),
        constraint sync_findings_outbox_pkey primary key (id)
      )`);

    await q.query(`create index runs_flow_started_idx on runs (flow_id, started_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index runs_flow_started_idx`);
    await q.query(`drop table sync_findings_outbox`);
    await q.query(`drop table sync_unregistered_flows`);
    await q.query(`drop table sync_run_slots`);
    await q.query(`drop table sync_schedule_cursors`);
    await q.query(`drop table sync_flow_postings`);
    await q.query(`drop table sync_flow_minutes`);
    await q.query(`drop table record_sync`);
    await q.query(`drop table sync_cursor_gaps`);
    await q.query(`drop table sync_cursors`);
  }
}
