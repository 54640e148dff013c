import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Ingest key scopes after this migration (a fixed list: later migrations must not follow the contracts). */
const SCOPES = ['traces', 'events', 'runs', 'gates'];

/**
 * Close readiness per entity and period and the publication gate (apps/api/src/readiness,
 * docs/close.md "Readiness and the gate").
 *
 * - `exceptions.material`: the amount at risk is at or above the flow's materiality (converted
 *   with the period's FX rates when the currencies differ), kept by intake and by the severity
 *   recomputation. Existing rows are marked where the currencies already agree; the others are
 *   corrected as they recur or are recomputed.
 * - `close_readiness`: the latest evaluation of each entity and period (what the gate answers);
 *   `close_readiness_history`: every change of status, with its time and reasons;
 *   `close_readiness_rules`: per-entity overrides of what blocks and what puts a close at risk;
 *   `close_gate_calls`: who asked the gate what, and what it answered.
 * - Indexes for the evidence: unresolved exceptions by flow, entity and period; postings by
 *   entity and period (late postings); reconciliation runs by period. The exceptions and hops
 *   indexes are built CONCURRENTLY (the tables can be large and take writes meanwhile), so this
 *   migration runs outside a transaction and each step can be repeated after an interruption.
 * - Ingest keys gain the scope `gates`.
 */
export class CloseReadiness1765000007000 implements MigrationInterface {
  name = 'CloseReadiness1765000007000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table exceptions add column if not exists material boolean not null default false`);
    await q.query(
      `update exceptions e set material = true
         from flows f
        where f.id = e.flow_id and not e.material and e.amount_at_risk is not null and f.materiality_amount is not null
          and e.currency = f.materiality_currency and abs(e.amount_at_risk) >= abs(f.materiality_amount)`,
    );
    await q.query(`drop index concurrently if exists exceptions_unresolved_close_idx`);
    await q.query(`create index concurrently exceptions_unresolved_close_idx on exceptions (flow_id, entity, period) where status in ('open', 'acknowledged')`);
    await q.query(`drop index concurrently if exists hops_postings_close_idx`);
    await q.query(
      `create index concurrently hops_postings_close_idx on hops (entity, period, occurred_at)
        where stage in ('posted', 'published') and entity is not null and period is not null`,
    );
    await q.query(`create index if not exists recon_runs_period_idx on recon_runs (recon_id, (scope ->> 'period'), queued_at desc)`);

    await q.query(`
      create table if not exists close_readiness (
        entity text not null,
        period text not null,
        status text not null,
        since timestamptz not null,
        reasons jsonb not null,
        deadline_at timestamptz,
        evaluated_at timestamptz not null,
        constraint close_readiness_pkey primary key (entity, period),
        constraint close_readiness_status_check check (status in ('ready', 'at_risk', 'blocked')),
        constraint close_readiness_period_check check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
      )`);
    await q.query(`create index if not exists close_readiness_period_idx on close_readiness (period, entity)`);
    await q.query(`
      create table if not exists close_readiness_history (
        id bigint generated always as identity primary key,
        entity text not null,
        period text not null,
        from_status text,
        to_status text not null,
        at timestamptz not null,
        reasons jsonb not null
      )`);
    await q.query(`create index if not exists close_readiness_history_idx on close_readiness_history (entity, period, at desc, id desc)`);
    await q.query(`
      create table if not exists close_readiness_rules (
        entity text not null,
        rules jsonb not null,
        updated_at timestamptz not null default now(),
        updated_by uuid,
        constraint close_readiness_rules_pkey primary key (entity)
      )`);
    await q.query(`
      create table if not exists close_gate_calls (
        id bigint generated always as identity primary key,
        at timestamptz not null,
        caller_kind text not null,
        caller_id text,
        caller_name text not null,
        entity text not null,
        period text not null,
        status text not null,
        evaluated_at timestamptz not null,
        constraint close_gate_calls_caller_check check (caller_kind in ('user', 'ingest'))
      )`);
    await q.query(`create index if not exists close_gate_calls_at_idx on close_gate_calls (at desc, id desc)`);
    await q.query(`create index if not exists close_gate_calls_pair_idx on close_gate_calls (entity, period, at desc, id desc)`);

    await q.query(`alter table ingest_keys drop constraint if exists ingest_keys_scopes_check`);
    await q.query(`alter table ingest_keys add constraint ingest_keys_scopes_check check (scopes <@ array[${SCOPES.map((s) => `'${s}'`).join(', ')}]::text[])`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`update ingest_keys set scopes = array_remove(scopes, 'gates')`);
    await q.query(`update ingest_keys set revoked_at = coalesce(revoked_at, now()) where cardinality(scopes) = 0`);
    await q.query(`alter table ingest_keys drop constraint if exists ingest_keys_scopes_check`);
    await q.query(`alter table ingest_keys add constraint ingest_keys_scopes_check check (scopes <@ array['traces', 'events', 'runs']::text[])`);
    await q.query(`drop table if exists close_gate_calls`);
    await q.query(`drop table if exists close_readiness_rules`);
    await q.query(`drop table if exists close_readiness_history`);
    await q.query(`drop table if exists close_readiness`);
    await q.query(`drop index if exists recon_runs_period_idx`);
    await q.query(`drop index if exists hops_postings_close_idx`);
    await q.query(`drop index if exists exceptions_unresolved_close_idx`);
    await q.query(`alter table exceptions drop column if exists material`);
  }
}
