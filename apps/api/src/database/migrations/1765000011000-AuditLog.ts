import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The tamper-evident audit log (docs/audit.md): `audit_log` (hash-chained entries, ids without
 * gaps), `audit_head` (one row: the last id and hash, locked by every append so concurrent
 * writers never fork the chain) and `audit_checkpoints` (signed heads). Triggers refuse UPDATE,
 * DELETE and TRUNCATE on the log and the checkpoints, whoever asks; a role that does not own
 * the tables cannot disable them (docs/audit.md, "Running as a role that does not own the log").
 */
export class AuditLog1765000011000 implements MigrationInterface {
  name = 'AuditLog1765000011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table audit_log (
        id bigint not null,
        at timestamptz not null,
        actor_kind text not null,
        actor_id text,
        actor_email text,
        action text not null,
        object_type text not null,
        object_id text,
        before jsonb,
        after jsonb,
        prev_hash text not null,
        hash text not null,
        constraint audit_log_pkey primary key (id),
        constraint audit_log_actor_kind_check check (actor_kind in ('user', 'ingest', 'system')),
        constraint audit_log_hash_check check (hash ~ '^[0-9a-f]{64}$' and prev_hash ~ '^[0-9a-f]{64}$')
      )`);
    await q.query(`create index audit_log_at_idx on audit_log (at, id)`);
    await q.query(`create index audit_log_actor_idx on audit_log (actor_id, id)`);
    await q.query(`create index audit_log_object_idx on audit_log (object_type, object_id, id)`);
    await q.query(`create index audit_log_action_idx on audit_log (action, id)`);
    await q.query(`
      create table audit_head (
        singleton boolean not null default true,
        last_id bigint not null,
        last_hash text not null,
        constraint audit_head_pkey primary key (singleton),
        constraint audit_head_singleton_check check (singleton)
      )`);
    await q.query(`insert into audit_head (singleton, last_id, last_hash) values (true, 0, repeat('0', 64))`);
    await q.query(`
      create table audit_checkpoints (
        entries bigint not null,
        hash text not null,
        at timestamptz not null,
        key_id text not null,
        signature text not null,
        constraint audit_checkpoints_pkey primary key (entries, at)
      )`);
    await q.query(`create index audit_checkpoints_at_idx on audit_checkpoints (at desc)`);
    await q.query(`
      create function audit_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'the audit log is append-only: % on % is refused', tg_op, tg_table_name using errcode = 'insufficient_privilege';
      end
      $$`);
    for (const table of ['audit_log', 'audit_checkpoints']) {
      await q.query(`create trigger ${table}_no_update_delete before update or delete on ${table} for each row execute function audit_refuse_change()`);
      await q.query(`create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function audit_refuse_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table audit_checkpoints`);
    await q.query(`drop table audit_head`);
    await q.query(`drop table audit_log`);
    await q.query(`drop function audit_refuse_change()`);
  }
}
