import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Exceptions (one per fingerprint, enforced by a unique constraint so concurrent intake upserts
 * instead of duplicating), their append-only history and comments (the database refuses
 * updates, deletes and truncation), and incidents grouping them. Indexes back the list filters
 * and every keyset sort (sort key, id).
 */
export class Exceptions1763800002000 implements MigrationInterface {
  name = 'Exceptions1763800002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table incidents (
        id uuid primary key default gen_random_uuid(),
        group_key text not null,
        flow_id text not null,
        cause text,
        exception_type text,
        entity text,
        period text,
        title text not null,
        status text not null default 'open',
        severity text not null default 'low',
        exception_count integer not null default 0,
        unresolved_count integer not null default 0,
        occurrences bigint not null default 0,
        first_seen_at timestamptz not null,
        last_seen_at timestamptz not null,
        resolved_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint incidents_status_check check (status in ('open', 'acknowledged', 'resolved')),
        constraint incidents_severity_check check (severity in ('critical', 'high', 'medium', 'low')),
        constraint incidents_resolved_at_check check ((status = 'resolved') = (resolved_at is not null))
      )`);
    await q.query(`create index incidents_group_key_idx on incidents (group_key, last_seen_at)`);
    await q.query(`create index incidents_last_seen_idx on incidents (last_seen_at, id)`);
    await q.query(`create index incidents_flow_last_seen_idx on incidents (flow_id, last_seen_at, id)`);
    await q.query(`create index incidents_status_last_seen_idx on incidents (status, last_seen_at, id)`);

    await q.query(`
      create table exceptions (
        id uuid primary key default gen_random_uuid(),
        fingerprint text not null,
        type text not null,
        flow_id text not null,
        record_key text,
        run_id text,
        cause text,
        title text not null,
        detail text,
        context jsonb not null default '{}',
        status text not null default 'open',
        severity text not null,
        severity_rank smallint generated always as (
          case severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 else 1 end
        ) stored,
        severity_reasons text[] not null default '{}',
        amount_at_risk numeric,
        currency text,
        entity text,
        period text,
        close_deadline timestamptz,
        occurrences bigint not null default 1,
        first_seen_at timestamptz not null,
        last_seen_at timestamptz not null,
        opened_at timestamptz not null,
        sla_due_at timestamptz not null,
        assignee_id uuid constraint exceptions_assignee_fk references users (id),
        acknowledged_at timestamptz,
        acknowledged_by uuid constraint exceptions_acknowledged_by_fk references users (id),
        resolved_at timestamptz,
        resolved_by uuid constraint exceptions_resolved_by_fk references users (id),
        resolution_code text,
        resolution_note text,
        dismissal_reason text,
        dismissal_requested_at timestamptz,
        dismissal_requested_by uuid constraint exceptions_dismissal_requested_by_fk references users (id),
        dismissal_approved_at timestamptz,
        dismissal_approved_by uuid constraint exceptions_dismissal_approved_by_fk references users (id),
        dismissed_at timestamptz,
        closed_at timestamptz,
        incident_id uuid constraint exceptions_incident_fk references incidents (id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint exceptions_fingerprint_key unique (fingerprint),
        constraint exceptions_type_check check (type in ('delivery_failure', 'sync_delay', 'missed_run', 'run_failed', 'unmapped_dimension', 'unregistered_flow', 'recon_break')),
        constraint exceptions_status_check check (status in ('open', 'acknowledged', 'resolved', 'dismissed')),
        constraint exceptions_severity_check check (severity in ('critical', 'high', 'medium', 'low')),
        constraint exceptions_amount_check check (amount_at_risk is null or (amount_at_risk >= 0 and currency is not null)),
        constraint exceptions_currency_check check (currency is null or currency ~ '^[A-Z]{3}$'),
        constraint exceptions_period_check check (period is null or period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        constraint exceptions_occurrences_check check (occurrences >= 1),
        constraint exceptions_seen_check check (last_seen_at >= first_seen_at),
        constraint exceptions_closed_check check ((status in ('resolved', 'dismissed')) = (closed_at is not null)),
        constraint exceptions_resolution_check check ((status = 'resolved') = (resolution_code is not null and resolved_at is not null)),
        constraint exceptions_dismissed_check check (status <> 'dismissed' or (dismissed_at is not null and dismissal_reason is not null)),
        constraint exceptions_four_eyes_check check (dismissal_approved_by is null or dismissal_approved_by is distinct from dismissal_requested_by)
      )`);
    await q.query(`create index exceptions_last_seen_idx on exceptions (last_seen_at, id)`);
    await q.query(`create index exceptions_first_seen_idx on exceptions (first_seen_at, id)`);
    await q.query(`create index exceptions_severity_idx on exceptions (severity_rank, id)`);
    await q.query(`create index exceptions_amount_idx on exceptions ((coalesce(amount_at_risk, -1)), id)`);
    await q.query(`create index exceptions_status_last_seen_idx on exceptions (status, last_seen_at, id)`);
    await q.query(`create index exceptions_flow_last_seen_idx on exceptions (flow_id, last_seen_at, id)`);
    await q.query(`create index exceptions_type_last_seen_idx on exceptions (type, last_seen_at, id)`);
    await q.query(`create index exceptions_record_key_idx on exceptions (record_key) where record_key is not null`);
    await q.query(`create index exceptions_entity_period_idx on exceptions (entity, period)`);
    await q.query(`create index exceptions_period_idx on exceptions (period)`);
    await q.query(`create index exceptions_assignee_idx on exceptions (assignee_id) where assignee_id is not null`);
    await q.query(`create index exceptions_incident_idx on exceptions (incident_id) where incident_id is not null`);
    await q.query(`create index exceptions_sla_due_idx on exceptions (sla_due_at) where status in ('open', 'acknowledged')`);
    await q.query(`create index exceptions_unresolved_match_idx on exceptions (flow_id, type, record_key) where status in ('open', 'acknowledged')`);

    await q.query(`
      create table exception_history (
        id bigint generated always as identity primary key,
        exception_id uuid not null constraint exception_history_exception_fk references exceptions (id),
        at timestamptz not null,
        action text not null,
        actor_id uuid constraint exception_history_actor_fk references users (id),
        actor_label text not null,
        from_status text,
        to_status text not null,
        reason text,
        details jsonb,
        constraint exception_history_action_check check (action in ('created', 'assigned', 'unassigned', 'acknowledged', 'resolved', 'auto_resolved',
          'dismissal_requested', 'dismissal_rejected', 'dismissed', 'reopened', 'severity_changed'))
      )`);
    await q.query(`create index exception_history_exception_idx on exception_history (exception_id, id)`);

    await q.query(`
      create table exception_comments (
        id bigint generated always as identity primary key,
        exception_id uuid not null constraint exception_comments_exception_fk references exceptions (id),
        author_id uuid not null constraint exception_comments_author_fk references users (id),
        author_label text not null,
        text text not null,
        created_at timestamptz not null,
        constraint exception_comments_text_check check (length(text) between 1 and 10000)
      )`);
    await q.query(`create index exception_comments_exception_idx on exception_comments (exception_id, id)`);

    await q.query(`
      create function exception_records_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
      end $$`);
    for (const table of ['exception_history', 'exception_comments']) {
      await q.query(`create trigger ${table}_append_only before update or delete on ${table} for each row execute function exception_records_refuse_change()`);
      await q.query(`create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function exception_records_refuse_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table exception_comments`);
    await q.query(`drop table exception_history`);
    await q.query(`drop function exception_records_refuse_change()`);
    await q.query(`drop table exceptions`);
    await q.query(`drop table incidents`);
  }
}
