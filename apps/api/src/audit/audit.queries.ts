import { type EntityManager } from 'typeorm';
import { type AuditEntry } from './audit-chain';
import { type Checkpoint } from './checkpoint-signing';

/** `at` read back exactly as it was hashed (milliseconds, UTC, `Z`). */
const AT_TEXT = `to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const ENTRY_COLUMNS = `id::float8 as id, ${AT_TEXT} as at, actor_kind, actor_id, actor_email, action, object_type, object_id, before, after, prev_hash, hash`;

interface EntryRow {
  id: number;
  at: string;
  actor_kind: AuditEntry['actor']['kind'];
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

const toEntry = (r: EntryRow): AuditEntry => ({
  id: Number(r.id),
  at: r.at,
  actor: { kind: r.actor_kind, id: r.actor_id, email: r.actor_email },
  action: r.action,
  objectType: r.object_type,
  objectId: r.object_id,
  before: r.before,
  after: r.after,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** Locks the head of the chain until the caller's transaction ends: one append at a time. */
export async function lockHead(m: EntityManager): Promise<{ lastId: number; lastHash: string }> {
  const rows = (await m.query(`select last_id::float8 as last_id, last_hash from audit_head where singleton for update`)) as {
    last_id: number;
    last_hash: string;
  }[];
  const r = rows[0];
  if (!r) throw new Error('audit_head is missing its row (migration AuditLog1765000011000)');
  return { lastId: Number(r.last_id), lastHash: r.last_hash };
}

/** Inserts entries (consecutive ids, in order) and moves the head to the last one: one statement each. */
export async function insertEntries(m: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
  const last = entries[entries.length - 1];
  if (!last) return;
  await m.query(
    `insert into audit_log (id, at, actor_kind, actor_id, actor_email, action, object_type, object_id, before, after, prev_hash, hash)
     select * from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::jsonb[], $11::text[], $12::text[])`,
    [
      entries.map((e) => e.id),
      entries.map((e) => e.at),
      entries.map((e) => e.actor.kind),
      entries.map((e) => e.actor.id),
      entries.map((e) => e.actor.email),
      entries.map((e) => e.action),
      entries.map((e) => e.objectType),
      entries.map((e) => e.objectId),
      entries.map((e) => (e.before === null ? null : JSON.stringify(e.before))),
      entries.map((e) => (e.after === null ? null : JSON.stringify(e.after))),
      entries.map((e) => e.prevHash),
      entries.map((e) => e.hash),
    ],
  );
  await m.query(`update audit_head set last_id = $1, last_hash = $2 where singleton`, [last.id, last.hash]);
}

export async function readHead(m: EntityManager): Promise<{ lastId: number; lastHash: string }> {
  const rows = (await m.query(`select last_id::float8 as last_id, last_hash from audit_head where singleton`)) as { last_id: number; last_hash: string }[];
  return { lastId: Number(rows[0]?.last_id ?? 0), lastHash: rows[0]?.last_hash ?? '' };
}

/** Entries after `afterId`, in id order (the verify reads the chain in such batches). */
export async function entriesAfter(m: EntityManager, afterId: number, limit: number): Promise<AuditEntry[]> {
  const rows = (await m.query(`select ${ENTRY_COLUMNS} from audit_log where id > $1 order by id limit $2`, [afterId, limit])) as EntryRow[];
  return rows.map(toEntry);
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  from?: string;
  to?: string;
  /** Entries with an id below this (the keyset cursor: newest first). */
  beforeId?: number;
  limit: number;
}

/** Newest first; `actor` matches the actor's id or email; `from` inclusive, `to` exclusive. */
export async function listEntries(m: EntityManager, f: AuditFilter): Promise<AuditEntry[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.actor !== undefined) add((p) => `(actor_id = ${p} or lower(actor_email) = lower(${p}))`, f.actor);
  if (f.action !== undefined) add((p) => `action = ${p}`, f.action);
  if (f.objectType !== undefined) add((p) => `object_type = ${p}`, f.objectType);
  if (f.objectId !== undefined) add((p) => `object_id = ${p}`, f.objectId);
  if (f.from !== undefined) add((p) => `at >= ${p}`, f.from);
  if (f.to !== undefined) add((p) => `at < ${p}`, f.to);
  if (f.beforeId !== undefined) add((p) => `id < ${p}`, f.beforeId);
  params.push(f.limit + 1);
  const rows = (await m.query(
    `select ${ENTRY_COLUMNS} from audit_log ${where.length ? `where ${where.join(' and ')}` : ''} order by id desc limit $${params.length}`,
    params,
  )) as EntryRow[];
  return rows.map(toEntry);
}

interface CheckpointRow {
  entries: number;
  hash: string;
  at: string;
  key_id: string;
  signature: string;
}
const toCheckpoint = (r: CheckpointRow): Checkpoint => ({ entries: Number(r.entries), hash: r.hash, at: r.at, keyId: r.key_id, signature: r.signature });

export async function insertCheckpoint(m: EntityManager, c: Checkpoint): Promise<void> {
  await m.query(`insert into audit_checkpoints (entries, hash, at, key_id, signature) values ($1, $2, $3, $4, $5)`, [
    c.entries,
    c.hash,
    c.at,
    c.keyId,
    c.signature,
  ]);
}

/** Newest first, keyset on (at, entries). */
export async function listCheckpoints(m: EntityManager, limit: number, before?: { at: string; entries: number }): Promise<Checkpoint[]> {
  const rows = (await m.query(
    `select entries::float8 as entries, hash, ${AT_TEXT} as at, key_id, signature from audit_checkpoints
      ${before ? 'where (at, entries) < ($2::timestamptz, $3::bigint)' : ''} order by at desc, entries desc limit $1`,
    before ? [limit + 1, before.at, before.entries] : [limit + 1],
  )) as CheckpointRow[];
  return rows.map(toCheckpoint);
}

/** Every checkpoint (a few thousand a year at one an hour), oldest first. */
export async function allCheckpoints(m: EntityManager): Promise<Checkpoint[]> {
  const rows = (await m.query(
    `select entries::float8 as entries, hash, ${AT_TEXT} as at, key_id, signature from audit_checkpoints order by at, entries`,
  )) as CheckpointRow[];
  return rows.map(toCheckpoint);
}

/** Takes the checkpoint claim for this transaction; false when another replica holds it. */
export async function tryCheckpointLock(m: EntityManager): Promise<boolean> {
  const rows = (await m.query(`select pg_try_advisory_xact_lock(hashtext('closewatch.audit.checkpoint')) as ok`)) as { ok: boolean }[];
  return rows[0]?.ok === true;
}

export async function lastCheckpointAt(m: EntityManager): Promise<string | undefined> {
  const rows = (await m.query(`select ${AT_TEXT} as at from audit_checkpoints order by at desc limit 1`)) as { at: string }[];
  return rows[0]?.at;
}
