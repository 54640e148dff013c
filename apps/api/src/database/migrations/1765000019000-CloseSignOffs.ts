import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Close sign-offs (docs/close.md, "Sign-off"): one row per entity and period, written with its
 * audit entry; the signed audit checkpoint taken right after is kept with it.
 */
export class CloseSignOffs1765000019000 implements MigrationInterface {
  name = 'CloseSignOffs1765000019000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table close_signoffs (
        entity text not null,
        period text not null,
        signed_off_at timestamptz not null,
        signed_off_by_id text,
        signed_off_by_email text,
        status_at_signoff text not null,
        note text,
        checkpoint_entries bigint,
        constraint close_signoffs_pkey primary key (entity, period),
        constraint close_signoffs_status_check check (status_at_signoff in ('ready', 'at_risk'))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table close_signoffs`);
  }
}
