import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The delivery log per notification and group notifications (docs/alerts.md): every attempt
 * (its number, time, answer, latency, error and next try), and a Slack trigger that carries a
 * route group's batch of incidents in one message (`group_key`, `group_incident_ids`).
 */
export class AlertDeliveryLog1765000012000 implements MigrationInterface {
  name = 'AlertDeliveryLog1765000012000';

  async up(q: QueryRunner): Promise<void> {
    // batch_open: true on a group batch until its first claim, null on everything else (so a claim
    // leaves it unchanged on ordinary rows and their updates stay HOT).
    await q.query(`alter table alert_notifications add column group_key text, add column group_incident_ids uuid[], add column batch_open boolean`);
    // A group batch still open to newcomers: written and never claimed.
    await q.query(`create unique index alert_notifications_open_batch_idx on alert_notifications (receiver, route, group_key, due_at) where batch_open`);
    // Pending batches a member's later notification waits behind (few at any time).
    await q.query(
      `create index alert_notifications_pending_batch_idx on alert_notifications (receiver, seq) where group_incident_ids is not null and status = 'pending'`,
    );
    await q.query(`create index alert_notifications_members_idx on alert_notifications using gin (group_incident_ids) where group_incident_ids is not null`);
    await q.query(`
      create table alert_delivery_attempts (
        notification_id uuid not null,
        attempt integer not null,
        attempted_at timestamptz not null,
        status_code integer,
        latency_ms integer not null,
        outcome text not null,
        error text,
        next_attempt_at timestamptz,
        worker text not null,
        constraint alert_delivery_attempts_pkey primary key (notification_id, attempt),
        constraint alert_delivery_attempts_notification_fkey foreign key (notification_id) references alert_notifications (id) on delete cascade,
        constraint alert_delivery_attempts_outcome_check check (outcome in ('delivered', 'retry', 'failed'))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table alert_delivery_attempts`);
    await q.query(`drop index alert_notifications_members_idx`);
    await q.query(`drop index alert_notifications_pending_batch_idx`);
    await q.query(`drop index alert_notifications_open_batch_idx`);
    await q.query(`alter table alert_notifications drop column batch_open, drop column group_incident_ids, drop column group_key`);
  }
}
