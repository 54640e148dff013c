import { type MigrationInterface, type QueryRunner } from 'typeorm';

const SCOPES = ['traces', 'events', 'runs', 'gates', 'replays'];

/**
 * Replay requests (docs/replays.md): the replay receiver per flow, the requests and their
 * outcomes, replay deliveries in the alerts outbox (a notification without an incident, naming
 * its request), and the ingest key scope `replays` for the middleware's outcome answers.
 */
export class ReplayRequests1765000010000 implements MigrationInterface {
  name = 'ReplayRequests1765000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table flows add column replay jsonb`);
    await q.query(`
      create table replay_requests (
        id uuid not null default gen_random_uuid(),
        exception_id uuid not null,
        incident_id uuid,
        flow_id text not null,
        record_key text not null,
        record_type text,
        status text not null,
        receiver text not null,
        requested_by uuid,
        requested_by_email text not null,
        requested_at timestamptz not null,
        expires_at timestamptz not null,
        note text,
        notification_id uuid,
        sent_at timestamptz,
        outcome_at timestamptz,
        outcome_source text,
        outcome_message text,
        outcome_hop_id bigint,
        constraint replay_requests_pkey primary key (id),
        constraint replay_requests_status_check check (status in ('requested', 'sent', 'succeeded', 'failed', 'expired')),
        constraint replay_requests_outcome_source_check check (outcome_source is null or outcome_source in ('middleware', 'posting', 'failure', 'delivery', 'expiry'))
      )`);
    await q.query(`create index replay_requests_requested_idx on replay_requests (requested_at desc, id desc)`);
    await q.query(`create index replay_requests_exception_idx on replay_requests (exception_id, requested_at desc)`);
    await q.query(`create index replay_requests_flow_idx on replay_requests (flow_id, requested_at desc)`);
    await q.query(`create index replay_requests_active_idx on replay_requests (record_key) where status in ('requested', 'sent')`);
    // One request in flight per exception: asking again while one is pending is a conflict.
    await q.query(`create unique index replay_requests_one_active_idx on replay_requests (exception_id) where status in ('requested', 'sent')`);
    await q.query(`alter table alert_notifications alter column incident_id drop not null`);
    await q.query(`alter table alert_notifications add column replay_request_id uuid`);
    await q.query(`alter table alert_notifications drop constraint alert_notifications_action_check`);
    await q.query(
      `alter table alert_notifications add constraint alert_notifications_action_check check (action in ('trigger', 'acknowledge', 'resolve', 'repeat', 'escalate', 'replay'))`,
    );
    await q.query(
      `alter table alert_notifications add constraint alert_notifications_subject_check check ((action = 'replay') = (replay_request_id is not null and incident_id is null))`,
    );
    await q.query(`alter table ingest_keys drop constraint if exists ingest_keys_scopes_check`);
    await q.query(`alter table ingest_keys add constraint ingest_keys_scopes_check check (scopes <@ array[${SCOPES.map((s) => `'${s}'`).join(', ')}]::text[])`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`update ingest_keys set scopes = array_remove(scopes, 'replays')`);
    await q.query(`alter table ingest_keys drop constraint if exists ingest_keys_scopes_check`);
    await q.query(`alter table ingest_keys add constraint ingest_keys_scopes_check check (scopes <@ array['traces', 'events', 'runs', 'gates']::text[])`);
    await q.query(`delete from alert_notifications where action = 'replay'`);
    await q.query(`alter table alert_notifications drop constraint alert_notifications_subject_check`);
    await q.query(`alter table alert_notifications drop constraint alert_notifications_action_check`);
    await q.query(
      `alter table alert_notifications add constraint alert_notifications_action_check check (action in ('trigger', 'acknowledge', 'resolve', 'repeat', 'escalate'))`,
    );
    await q.query(`alter table alert_notifications drop column replay_request_id`);
    await q.query(`alter table alert_notifications alter column incident_id set not null`);
    await q.query(`drop table replay_requests`);
    await q.query(`alter table flows drop column replay`);
  }
}
