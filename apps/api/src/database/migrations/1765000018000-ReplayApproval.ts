import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Four-eyes for bulk replays (docs/replays.md): a bulk replay above materiality is created as
 * `pending_approval` (one batch id for its requests) until a second person approves it or anyone
 * rejects it (`rejected`). A pending request counts as the one request in flight of its exception.
 */
export class ReplayApproval1765000018000 implements MigrationInterface {
  name = 'ReplayApproval1765000018000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table replay_requests add column approval_batch_id uuid, add column decision text,
      add column decided_by uuid, add column decided_by_email text, add column decided_at timestamptz`);
    await q.query(`alter table replay_requests add constraint replay_requests_decision_check check (decision is null or decision in ('approved', 'rejected'))`);
    await q.query(`alter table replay_requests drop constraint replay_requests_status_check`);
    await q.query(
      `alter table replay_requests add constraint replay_requests_status_check check (status in ('pending_approval', 'requested', 'sent', 'succeeded', 'failed', 'expired', 'rejected'))`,
    );
    await q.query(`create index replay_requests_batch_idx on replay_requests (approval_batch_id) where approval_batch_id is not null`);
    await q.query(`drop index replay_requests_one_active_idx`);
    await q.query(
      `create unique index replay_requests_one_active_idx on replay_requests (exception_id) where status in ('pending_approval', 'requested', 'sent')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from replay_requests where status in ('pending_approval', 'rejected')`);
    await q.query(`drop index replay_requests_one_active_idx`);
    await q.query(`create unique index replay_requests_one_active_idx on replay_requests (exception_id) where status in ('requested', 'sent')`);
    await q.query(`drop index replay_requests_batch_idx`);
    await q.query(`alter table replay_requests drop constraint replay_requests_status_check`);
    await q.query(
      `alter table replay_requests add constraint replay_requests_status_check check (status in ('requested', 'sent', 'succeeded', 'failed', 'expired'))`,
    );
    await q.query(`alter table replay_requests drop constraint replay_requests_decision_check`);
    await q.query(
      `alter table replay_requests drop column approval_batch_id, drop column decision, drop column decided_by, drop column decided_by_email, drop column decided_at`,
    );
  }
}
