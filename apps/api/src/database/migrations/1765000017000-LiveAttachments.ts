import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The table the socket.io PostgreSQL adapter keeps live messages in when they are too large for
 * a `NOTIFY` payload (docs/scaling.md, "Live updates across replicas"). Its rows live about 30 s
 * (the adapter deletes older ones), so the table is UNLOGGED: after a crash it is emptied, which
 * only drops messages that were already delivered or are no longer live.
 */
export class LiveAttachments1765000017000 implements MigrationInterface {
  name = 'LiveAttachments1765000017000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create unlogged table socket_io_attachments (
        id bigserial not null,
        created_at timestamptz not null default now(),
        payload bytea not null,
        constraint socket_io_attachments_pkey primary key (id)
      )`);
    await q.query(`create index socket_io_attachments_created_at on socket_io_attachments (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table socket_io_attachments`);
  }
}
