import { type EntityManager } from 'typeorm';
import {
  type ConfigActorDto,
  type ConfigKind,
  type ConfigVersionOp,
  type PendingChangeKind,
  type PendingChangeOp,
  type PendingChangeStatus,
} from '@closewatch/contracts/config-history';
import { returnedRows } from '../common/query-records';

/** SQL of governed configuration: `config_versions` and `config_changes`. */

type Queryable = Pick<EntityManager, 'query'>;

export interface VersionRow {
  kind: ConfigKind;
  object_id: string;
  version: number;
  op: ConfigVersionOp;
  at: Date;
  actor_kind: ConfigActorDto['kind'];
  actor_id: string | null;
  actor_email: string | null;
  approved_by_id: string | null;
  approved_by_email: string | null;
  snapshot: unknown;
}

export interface NewVersion {
  kind: ConfigKind;
  objectId: string;
  op: ConfigVersionOp;
  at: Date;
  actor: ConfigActorDto;
  approvedBy: ConfigActorDto | null;
  snapshot: unknown;
}

/**
 * Serialises version numbering of one object until the transaction ends, so two concurrent
 * changes of it (on any replica) take versions n and n+1, never the same one.
 */
export async function lockVersions(m: Queryable, kind: ConfigKind, objectId: string): Promise<void> {
  await m.query(`select pg_advisory_xact_lock(hashtextextended('config_versions:' || $1 || ':' || $2, 0))`, [kind, objectId]);
}

/** The newest version number of the object (0: none yet). */
export async function lastVersion(m: Queryable, kind: ConfigKind, objectId: string): Promise<number> {
  const rows: { v: number | null }[] = await m.query(`select max(version) as v from config_versions where kind = $1 and object_id = $2`, [kind, objectId]);
  return rows[0]?.v ?? 0;
}

export async function insertVersion(m: Queryable, version: number, v: NewVersion): Promise<void> {
  await m.query(
    `insert into config_versions (kind, object_id, version, op, at, actor_kind, actor_id, actor_email, approved_by_id, approved_by_email, snapshot)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      v.kind,
      v.objectId,
      version,
      v.op,
      v.at,
      v.actor.kind,
      v.actor.id,
      v.actor.email,
      v.approvedBy?.id ?? null,
      v.approvedBy?.email ?? null,
      v.snapshot === null || v.snapshot === undefined ? null : JSON.stringify(v.snapshot),
    ],
  );
}

/** Every version of the object, oldest first. */
export function listVersions(m: Queryable, kind: ConfigKind, objectId: string): Promise<VersionRow[]> {
  return m.query(`select * from config_versions where kind = $1 and object_id = $2 order by version`, [kind, objectId]);
}

/** Versions `a` and `b` of the object (those that exist). */
export function versionsOf(m: Queryable, kind: ConfigKind, objectId: string, numbers: readonly number[]): Promise<VersionRow[]> {
  return m.query(`select * from config_versions where kind = $1 and object_id = $2 and version = any($3::int[])`, [kind, objectId, numbers]);
}

export interface ChangeRow {
  id: string;
  kind: PendingChangeKind;
  object_id: string;
  op: PendingChangeOp;
  status: PendingChangeStatus;
  before: unknown;
  payload: unknown;
  requested_by_id: string;
  requested_by_email: string | null;
  requested_at: Date;
  decided_by_id: string | null;
  decided_by_email: string | null;
  decided_at: Date | null;
  note: string | null;
}

export interface NewChange {
  kind: PendingChangeKind;
  objectId: string;
  op: PendingChangeOp;
  before: unknown;
  payload: unknown;
  requestedBy: { id: string; email: string | null };
  at: Date;
}

export async function insertChange(m: Queryable, c: NewChange): Promise<ChangeRow> {
  const rows: ChangeRow[] = await m.query(
    `insert into config_changes (kind, object_id, op, before, payload, requested_by_id, requested_by_email, requested_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
    [
      c.kind,
      c.objectId,
      c.op,
      c.before === null || c.before === undefined ? null : JSON.stringify(c.before),
      c.payload === null || c.payload === undefined ? null : JSON.stringify(c.payload),
      c.requestedBy.id,
      c.requestedBy.email,
      c.at,
    ],
  );
  return rows[0]!;
}

export async function changeById(m: Queryable, id: string): Promise<ChangeRow | undefined> {
  const rows: ChangeRow[] = await m.query(`select * from config_changes where id = $1`, [id]);
  return rows[0];
}

/** Decides a change still pending; no row when another decision came first. */
export async function decideChange(
  m: Queryable,
  id: string,
  status: 'approved' | 'rejected',
  by: { id: string; email: string | null },
  at: Date,
  note: string | null,
): Promise<ChangeRow | undefined> {
  const result: unknown = await m.query(
    `update config_changes set status = $2, decided_by_id = $3, decided_by_email = $4, decided_at = $5, note = $6
      where id = $1 and status = 'pending' returning *`,
    [id, status, by.id, by.email, at, note],
  );
  return returnedRows<ChangeRow>(result)[0];
}

/** A page of changes, newest first, optionally of one status, after the keyset ($2, $3). */
export function listChanges(
  m: Queryable,
  status: PendingChangeStatus | undefined,
  after: { at: string; id: string } | undefined,
  limit: number,
): Promise<ChangeRow[]> {
  return m.query(
    `select * from config_changes
      where ($1::text is null or status = $1)
        and ($2::timestamptz is null or (requested_at, id) < ($2::timestamptz, $3::uuid))
      order by requested_at desc, id desc limit $4`,
    [status ?? null, after?.at ?? null, after?.id ?? null, limit],
  );
}
