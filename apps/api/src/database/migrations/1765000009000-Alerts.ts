import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Alerts to on-call (docs/alerts.md): runbook URLs per error class on flows; receivers (URL, routing key and secret sealed like
 * connection URLs), ordered routes, silences (never deleted), the notification outbox and
 * delivery log, and the state per incident and receiver (and per incident and route, for
 * escalation; per route group, for grouping) that keeps a trigger from being sent twice.
 */
export class Alerts1765000009000 implements MigrationInterface {
  name = 'Alerts1765000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table flows add column runbooks jsonb`);
    await q.query(`
      create table alert_receivers (
        name text not null,
        kind text not null,
        url_ciphertext text not null,
        url_hint text not null,
        routing_key_ciphertext text,
        secret_ciphertext text,
        key_id text not null,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint alert_receivers_pkey primary key (name),
        constraint alert_receivers_kind_check check (kind in ('webhook', 'slack', 'pagerduty'))
      )`);
    await q.query(`
      create table alert_routes (
        name text not null,
        position integer not null,
        match jsonb not null default '{}',
        receivers text[] not null default '{}',
        continue boolean not null default false,
        group_by text[] not null default '{}',
        group_wait_seconds integer not null default 30,
        group_interval_seconds integer not null default 300,
        repeat_interval_seconds integer not null default 14400,
        escalation jsonb not null default '[]',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint alert_routes_pkey primary key (name)
      )`);
    await q.query(`create index alert_routes_position_idx on alert_routes (position, name)`);
    await q.query(`
      create table alert_silences (
        id uuid not null default gen_random_uuid(),
        matchers jsonb not null,
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        comment text not null,
        created_by uuid,
        created_by_email text,
        created_at timestamptz not null default now(),
        expired_at timestamptz,
        constraint alert_silences_pkey primary key (id)
      )`);
    await q.query(`create index alert_silences_ends_idx on alert_silences (ends_at)`);
    await q.query(`
      create table alert_notifications (
        id uuid not null default gen_random_uuid(),
        seq bigint generated always as identity,
        incident_id uuid not null,
        receiver text not null,
        route text,
        action text not null,
        status text not null,
        payload jsonb not null,
        attempts integer not null default 0,
        last_status_code integer,
        last_error text,
        created_at timestamptz not null,
        due_at timestamptz not null,
        claimed_until timestamptz,
        claimed_by text,
        delivered_at timestamptz,
        constraint alert_notifications_pkey primary key (id),
        constraint alert_notifications_action_check check (action in ('trigger', 'acknowledge', 'resolve', 'repeat', 'escalate')),
        constraint alert_notifications_status_check check (status in ('pending', 'delivered', 'failed', 'silenced'))
      )`);
    await q.query(`create index alert_notifications_pending_idx on alert_notifications (due_at, seq) where status = 'pending'`);
    await q.query(`create index alert_notifications_key_idx on alert_notifications (incident_id, receiver, seq)`);
    await q.query(`create index alert_notifications_created_idx on alert_notifications (created_at desc, id desc)`);
    await q.query(`
      create table alert_incident_receivers (
        incident_id uuid not null,
        receiver text not null,
        route text not null,
        state text not null,
        via text not null default 'route',
        triggered_at timestamptz not null,
        repeat_interval_seconds integer not null,
        repeat_at timestamptz,
        updated_at timestamptz not null,
        constraint alert_incident_receivers_pkey primary key (incident_id, receiver),
        constraint alert_incident_receivers_state_check check (state in ('triggered', 'acknowledged', 'resolved', 'silenced')),
        constraint alert_incident_receivers_via_check check (via in ('route', 'escalation'))
      )`);
    await q.query(`create index alert_incident_receivers_repeat_idx on alert_incident_receivers (repeat_at) where repeat_at is not null`);
    await q.query(`
      create table alert_incident_routes (
        incident_id uuid not null,
        route text not null,
        triggered_at timestamptz not null,
        escalation_step integer not null default 0,
        escalate_at timestamptz,
        constraint alert_incident_routes_pkey primary key (incident_id, route)
      )`);
    await q.query(`create index alert_incident_routes_escalate_idx on alert_incident_routes (escalate_at) where escalate_at is not null`);
    await q.query(`
      create table alert_groups (
        route text not null,
        group_key text not null,
        next_flush_at timestamptz not null,
        constraint alert_groups_pkey primary key (route, group_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'alert_groups',
      'alert_incident_routes',
      'alert_incident_receivers',
      'alert_notifications',
      'alert_silences',
      'alert_routes',
      'alert_receivers',
    ]) {
      await q.query(`drop table ${t}`);
    }
    await q.query(`alter table flows drop column runbooks`);
  }
}
