import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Reconciliation runs count the breaks they did not raise as exceptions because of the per-run cap. */
export class ReconExceptionCap1763800007400 implements MigrationInterface {
  name = 'ReconExceptionCap1763800007400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table recon_runs add column exceptions_skipped integer not null default 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table recon_runs drop column exceptions_skipped`);
  }
}
