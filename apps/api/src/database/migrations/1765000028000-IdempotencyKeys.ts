import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The idempotency keys of the contracts, whatever the time (docs/scaling.md, "Time-partitioned
 * telemetry"): a business event is stored once per flow and id, a run report once per flow, run
 * id and status. The partitioned `hops` and `runs` can only hold unique keys that include their
 * partition key (the record's time), so a repeat with another time would be a second row; these
 * plain tables hold the keys alone, with the time retention deletes them by.
 * - `event_keys (flow_id, event_id)`: taken by the ingest statement before the event's hop
 *   (telemetry-writer.ts); spans keep their own key (trace id, span id, start time).
 * - `run_keys (flow_id, run_id, status)`: taken with the run report (run-writer.ts).
 * Filled from what is stored (the first copy of a key wins, as ingest would have decided).
 */
export class IdempotencyKeys1765000028000 implements MigrationInterface {
  name = 'IdempotencyKeys1765000028000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table event_keys (
        flow_id text not null,
        event_id text not null,
        occurred_at timestamptz not null,
        constraint event_keys_pkey primary key (flow_id, event_id)
      )`);
    await q.query(`
      insert into event_keys (flow_id, event_id, occurred_at)
      select distinct on (flow_id, source_id) flow_id, source_id, occurred_at
        from hops where source = 'event'
       order by flow_id, source_id, id`);
    await q.query(`
      create table run_keys (
        flow_id text not null,
        run_id text not null,
        status text not null,
        run_at timestamptz not null,
        constraint run_keys_pkey primary key (flow_id, run_id, status)
      )`);
    await q.query(`
      insert into run_keys (flow_id, run_id, status, run_at)
      select distinct on (flow_id, run_id, status) flow_id, run_id, status, run_at
        from runs
       order by flow_id, run_id, status, id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table run_keys`);
    await q.query(`drop table event_keys`);
  }
}
