import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Replay history of a record (docs/replays.md): its requests of every status, newest first, found by record key. */
export class ReplayHistory1765000013000 implements MigrationInterface {
  name = 'ReplayHistory1765000013000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index replay_requests_record_idx on replay_requests (record_key, requested_at desc, id desc)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index replay_requests_record_idx`);
  }
}
