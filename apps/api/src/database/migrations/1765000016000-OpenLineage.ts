import { type MigrationInterface, type QueryRunner } from 'typeorm';

const ACTIONS = ['trigger', 'acknowledge', 'resolve', 'repeat', 'escalate', 'replay'];
const list = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

/**
 * OpenLineage (docs/audit.md#openlineage): run events pushed through the alerts outbox (action
 * `openlineage`, no incident, a key per event so a pass that reads the feed again never queues
 * one twice), where the push has read the feed up to, and indexes that read the feed in the
 * order Closewatch recorded runs.
 */
export class OpenLineage1765000016000 implements MigrationInterface {
  name = 'OpenLineage1765000016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table alert_notifications add column openlineage_key text`);
    await q.query(`alter table alert_notifications drop constraint alert_notifications_action_check`);
    await q.query(`alter table alert_notifications add constraint alert_notifications_action_check check (action in (${list([...ACTIONS, 'openlineage'])}))`);
    await q.query(
      `alter table alert_notifications add constraint alert_notifications_openlineage_check
         check ((action = 'openlineage') = (openlineage_key is not null) and (action <> 'openlineage' or incident_id is null))`,
    );
    await q.query(`create unique index alert_notifications_openlineage_key on alert_notifications (openlineage_key) where openlineage_key is not null`);
    await q.query(`
      create table openlineage_push_position (
        one boolean not null default true,
        recorded_at timestamptz,
        key text,
        constraint openlineage_push_position_pkey primary key (one),
        constraint openlineage_push_position_one_check check (one)
      )`);
    await q.query(`insert into openlineage_push_position (one) values (true)`);
    await q.query(`create index runs_received_idx on runs (received_at, id)`);
    await q.query(`create index recon_runs_started_idx on recon_runs (started_at) where started_at is not null`);
    await q.query(`create index recon_runs_finished_idx on recon_runs (finished_at) where finished_at is not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index recon_runs_finished_idx`);
    await q.query(`drop index recon_runs_started_idx`);
    await q.query(`drop index runs_received_idx`);
    await q.query(`drop table openlineage_push_position`);
    await q.query(`delete from alert_notifications where action = 'openlineage'`);
    await q.query(`alter table alert_notifications drop constraint alert_notifications_openlineage_check`);
    await q.query(`alter table alert_notifications drop constraint alert_notifications_action_check`);
    await q.query(`alter table alert_notifications add constraint alert_notifications_action_check check (action in (${list(ACTIONS)}))`);
    await q.query(`alter table alert_notifications drop column openlineage_key`);
  }
}
