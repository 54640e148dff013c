import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The exception types after this migration (a fixed list: later migrations must not follow the contracts). */
const TYPES = ['delivery_failure', 'sync_delay', 'missed_run', 'run_failed', 'flow_stale', 'unmapped_dimension', 'unregistered_flow', 'recon_break'];

/**
 * Freshness of event flows: the catalog's silence threshold per flow, and the silences the
 * sync-health evaluator has reported as `flow_stale` (one row per flow while it lasts); `flow_stale` joins the exception types.
 */
export class FlowSilence1765000006500 implements MigrationInterface {
  name = 'FlowSilence1765000006500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table flows add column max_silence_seconds integer`);
    await q.query(`alter table flows add constraint flows_max_silence_seconds_check check (max_silence_seconds is null or max_silence_seconds > 0)`);
    await q.query(`
      create table sync_flow_silences (
        flow_id text not null,
        last_hop_at timestamptz,
        reported_at timestamptz not null,
        constraint sync_flow_silences_pkey primary key (flow_id)
      )`);
    await q.query(`alter table exceptions drop constraint exceptions_type_check`);
    await q.query(`alter table exceptions add constraint exceptions_type_check check (type in (${TYPES.map((t) => `'${t}'`).join(', ')}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from exceptions where type = 'flow_stale'`);
    await q.query(`alter table exceptions drop constraint exceptions_type_check`);
    await q.query(
      `alter table exceptions add constraint exceptions_type_check check (type in (${TYPES.filter((t) => t !== 'flow_stale')
        .map((t) => `'${t}'`)
        .join(', ')}))`,
    );
    await q.query(`drop table sync_flow_silences`);
    await q.query(`alter table flows drop column max_silence_seconds`);
  }
}
