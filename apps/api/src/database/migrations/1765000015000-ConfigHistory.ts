import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Governed configuration (docs/configuration-history.md): `config_versions` keeps every version
 * of a flow, reconciliation definition, close calendar and alert route, written in the
 * transaction of the change; `config_changes` holds the changes that wait for a second admin
 * when CLOSEWATCH_CONFIG_APPROVAL is on.
 */
export class ConfigHistory1765000015000 implements MigrationInterface {
  name = 'ConfigHistory1765000015000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table config_versions (
        kind text not null,
        object_id text not null,
        version integer not null,
        op text not null,
        at timestamptz not null,
        actor_kind text not null,
        actor_id text,
        actor_email text,
        approved_by_id text,
        approved_by_email text,
        snapshot jsonb,
        constraint config_versions_pkey primary key (kind, object_id, version),
        constraint config_versions_kind_check check (kind in ('flow', 'recon', 'close_calendar', 'alert_route')),
        constraint config_versions_op_check check (op in ('baseline', 'create', 'update', 'delete')),
        constraint config_versions_actor_kind_check check (actor_kind in ('user', 'ingest', 'system'))
      )`);
    await q.query(`
      create table config_changes (
        id uuid not null default gen_random_uuid(),
        kind text not null,
        object_id text not null,
        op text not null,
        status text not null default 'pending',
        before jsonb,
        payload jsonb,
        requested_by_id text not null,
        requested_by_email text,
        requested_at timestamptz not null,
        decided_by_id text,
        decided_by_email text,
        decided_at timestamptz,
        note text,
        constraint config_changes_pkey primary key (id),
        constraint config_changes_kind_check check (kind in ('flow', 'recon', 'alert_route')),
        constraint config_changes_op_check check (op in ('create', 'update', 'delete')),
        constraint config_changes_status_check check (status in ('pending', 'approved', 'rejected'))
      )`);
    await q.query(`create index config_changes_status_idx on config_changes (status, requested_at desc, id desc)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table config_changes`);
    await q.query(`drop table config_versions`);
  }
}
