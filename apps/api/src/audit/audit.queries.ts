import { type Client } from 'pg';
import { type EntityManager } from 'typeorm';
import { copyLineBatches } from '../database/streaming/copy-line-batches';
import { copyTextBytes } from '../database/streaming/copy-text-bytes';
import { splitCopyLine } from '../database/streaming/copy-text';
import { sqlLiteral } from '../database/streaming/inline-parameters';
import { type AuditEntry, GENESIS_HASH } from './audit-chain';
import { type Checkpoint } from './checkpoint-signing';

/** A timestamp column read back exactly as `at` was hashed (milliseconds, UTC, `Z`). */
const atText = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const AT_TEXT = atText('at');

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

/**
 * Inserts entries (consecutive ids, in order) with the canonical text each was hashed over
 * (`canonicals`, same order; verify reads it, migration AuditCanonical) and moves the head to the
 * last one, in one statement.
 */
export async function insertEntries(m: EntityManager, entries: readonly AuditEntry[], canonicals: readonly string[]): Promise<void> {
  const last = entries[entries.length - 1];
  if (!last) return;
  // One round trip: the entries, their texts and the head. A text row left from a log rewritten
  // behind the triggers is replaced: the text is a cache, never evidence.
  await m.query(
    `with logged as (
       insert into audit_log (id, at, actor_kind, actor_id, actor_email, action, object_type, object_id, before, after, prev_hash, hash)
       select * from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::jsonb[], $11::text[], $12::text[])
     ), texts as (
       insert into audit_log_canonical (id, canonical) select * from unnest($1::bigint[], $13::text[])
       on conflict (id) do update set canonical = excluded.canonical
     )
     update audit_head set last_id = $14, last_hash = $15 where singleton`,
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
      canonicals,
      last.id,
      last.hash,
    ],
  );
}

export async function readHead(m: EntityManager): Promise<{ lastId: number; lastHash: string }> {
  const rows = (await m.query(`select last_id::float8 as last_id, last_hash from audit_head where singleton`)) as { last_id: number; last_hash: string }[];
  return { lastId: Number(rows[0]?.last_id ?? 0), lastHash: rows[0]?.last_hash ?? '' };
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

/**
 * The conditions of a filter, each value placed by `param` (a bind parameter for a query, a
 * literal for a COPY). `actor` matches the actor's id or email; `from` inclusive, `to` exclusive.
 */
function filterConditions(f: Omit<AuditFilter, 'limit'>, param: (value: string | number) => string): string[] {
  const where: string[] = [];
  if (f.actor !== undefined) {
    const p = param(f.actor);
    where.push(`(actor_id = ${p} or lower(actor_email) = lower(${p}))`);
  }
  if (f.action !== undefined) where.push(`action = ${param(f.action)}`);
  if (f.objectType !== undefined) where.push(`object_type = ${param(f.objectType)}`);
  if (f.objectId !== undefined) where.push(`object_id = ${param(f.objectId)}`);
  if (f.from !== undefined) where.push(`at >= ${param(f.from)}::timestamptz`);
  if (f.to !== undefined) where.push(`at < ${param(f.to)}::timestamptz`);
  if (f.beforeId !== undefined) where.push(`id < ${param(f.beforeId)}::bigint`);
  return where;
}

const whereClause = (where: readonly string[]) => (where.length ? `where ${where.join(' and ')}` : '');

/** Newest first (keyset on the id). */
export async function listEntries(m: EntityManager, f: AuditFilter): Promise<AuditEntry[]> {
  const params: unknown[] = [];
  const where = filterConditions(f, (value) => {
    params.push(value);
    return `$${params.length}`;
  });
  params.push(f.limit + 1);
  const rows = (await m.query(`select ${ENTRY_COLUMNS} from audit_log ${whereClause(where)} order by id desc limit $${params.length}`, params)) as EntryRow[];
  return rows.map(toEntry);
}

/** The COPY columns of an entry, in the order entryFromCopyLine reads them. */
const COPY_COLUMNS = `id, ${AT_TEXT}, actor_kind, actor_id, actor_email, action, object_type, object_id, before, after, prev_hash, hash`;

/** Entries per batch of a chain stream: batches small enough to be collected young (postgres-copy.ts, COPY_BATCH_ROWS). */
const CHAIN_BATCH_ROWS = 2000;

/**
 * The entries that match the filter, oldest first, streamed with COPY on a client inside the
 * caller's (read-snapshot) transaction: memory holds a few batches whatever the log's size. A
 * filter value holding a NUL cannot be inlined in a COPY (callers refuse it first).
 */
export function chainBatches(client: Client, f: Omit<AuditFilter, 'limit' | 'beforeId'> = {}): AsyncGenerator<AuditEntry[], void, undefined> {
  return entryBatches(
    client,
    filterConditions(f, (value) => sqlLiteral(String(value))),
  );
}

/** A JSON value's text in SQL: a string quoted and escaped as JSON.stringify does, NULL as `null`. */
const jsonText = (expr: string) => `coalesce(to_json(${expr})::text, 'null')`;

/**
 * An entry as one JSON line, members in the order the API gives them (AuditEntryDto); before
 * and after as PostgreSQL writes jsonb (the same values; a space after each colon and comma).
 */
const JSON_LINE = `'{"id":' || id || ',"at":"' || ${AT_TEXT} || '","actor":{"kind":' || ${jsonText('actor_kind')} || ',"id":' || ${jsonText('actor_id')}
  || ',"email":' || ${jsonText('actor_email')} || '},"action":' || ${jsonText('action')} || ',"objectType":' || ${jsonText('object_type')}
  || ',"objectId":' || ${jsonText('object_id')} || ',"before":' || coalesce(before::text, 'null') || ',"after":' || coalesce(after::text, 'null')
  || ',"prevHash":"' || prev_hash || '","hash":"' || hash || '"}'`;

/** An entry as one CSV record of AUDIT_CSV_HEADER (audit-export-format.ts), cells as csvCell writes them (migration CsvCellFunction). */
const CSV_LINE = `concat_ws(',', 'entry', id, ${AT_TEXT}, ${[
  'actor_kind',
  'actor_id',
  'actor_email',
  'action',
  'object_type',
  'object_id',
  'before::text',
  'after::text',
]
  .map((c) => `closewatch_csv_cell(${c})`)
  .join(', ')}, prev_hash, hash, '', '') || E'\\r\\n'`;

/**
 * The entries that match the filter, oldest first, as the lines of an export written by
 * PostgreSQL: JSON (each line `,{…}` and a line feed: the caller drops the first comma) or CSV
 * (each record and CRLF). They stream through as bytes (copyTextBytes), a few 64 KB chunks
 * at a time on a client inside the caller's read-snapshot transaction: no string or object per
 * entry in Node, so exporting a log of any size holds flat memory (docs/benchmarks.md).
 */
export function exportLines(client: Client, format: 'json' | 'csv', f: Omit<AuditFilter, 'limit' | 'beforeId'> = {}): AsyncGenerator<Buffer, void, undefined> {
  const line = format === 'json' ? `',' || ${JSON_LINE} || E'\\n'` : CSV_LINE;
  const where = whereClause(filterConditions(f, (value) => sqlLiteral(String(value))));
  return copyTextBytes(client, `select ${line} from audit_log ${where} order by id`);
}

/** The entries below `beforeId` that have no canonical text stored (written before it was kept), oldest first. */
export function uncachedChainBatches(client: Client, beforeId: number): AsyncGenerator<AuditEntry[], void, undefined> {
  const where = ['not exists (select 1 from audit_log_canonical k where k.id = audit_log.id)'];
  if (Number.isFinite(beforeId)) where.push(`id < ${sqlLiteral(String(beforeId))}::bigint`);
  return entryBatches(client, where);
}

async function* entryBatches(client: Client, where: readonly string[]): AsyncGenerator<AuditEntry[], void, undefined> {
  const fields: (string | null)[] = [];
  for await (const lines of copyLineBatches(client, `select ${COPY_COLUMNS} from audit_log ${whereClause(where)} order by id`, CHAIN_BATCH_ROWS)) {
    const batch: AuditEntry[] = new Array<AuditEntry>(lines.length);
    for (let i = 0; i < lines.length; i++) batch[i] = entryFromCopyLine(lines[i]!, fields);
    yield batch;
  }
}

// ---------------------------------------------------------------------------------------------
// Verify in PostgreSQL (docs/audit.md, "Verify"): each query answers the first entry it finds wrong.
// ---------------------------------------------------------------------------------------------

/**
 * The first entry with a stored canonical text that is not what it claims: the text's hash is not
 * the entry's (`sha256(prevHash + canonical)`, as entryHash computes it), or the text is not the
 * entry's own columns (the whole entry rebuilt as JSON, compared as jsonb: an edited column
 * shows). Parallel-safe, so PostgreSQL may split the scan.
 */
export async function firstContentBreak(m: EntityManager): Promise<number | undefined> {
  const [row] = (await m.query(
    `select min(a.id)::float8 as id
       from audit_log a
       join audit_log_canonical k on k.id = a.id
      where not coalesce(
              encode(sha256(convert_to(a.prev_hash || k.canonical, 'UTF8')), 'hex') = a.hash
              and k.canonical::jsonb = jsonb_build_object(
                'action', a.action,
                'actor', jsonb_build_object('email', a.actor_email, 'id', a.actor_id, 'kind', a.actor_kind),
                'after', a.after,
                'at', ${atText('a.at')},
                'before', a.before,
                'id', a.id,
                'objectId', a.object_id,
                'objectType', a.object_type,
                'prevHash', a.prev_hash),
              false)`,
  )) as { id: number | null }[];
  return row?.id === null || row?.id === undefined ? undefined : Number(row.id);
}

/** The first entry whose id does not follow the previous one (`gap`) or whose prevHash is not the previous entry's hash. */
export async function firstLinkBreak(m: EntityManager): Promise<{ id: number; prevId: number; gap: boolean } | undefined> {
  const [row] = (await m.query(
    `select id::float8 as id, prev_id::float8 as prev_id, id <> prev_id + 1 as gap
       from (select a.id, a.prev_hash,
                    coalesce(lag(a.id) over w, 0) as prev_id,
                    coalesce(lag(a.hash) over w, $1) as prev_row_hash
               from audit_log a
             window w as (order by a.id)) s
      where id <> prev_id + 1 or prev_hash <> prev_row_hash
      order by id
      limit 1`,
    [GENESIS_HASH],
  )) as { id: number; prev_id: number; gap: boolean }[];
  return row ? { id: Number(row.id), prevId: Number(row.prev_id), gap: row.gap } : undefined;
}

/** The first entry whose hash differs from a signed checkpoint at it (entries count -> head hash). */
export async function firstSignedBreak(m: EntityManager, checkpoints: ReadonlyMap<number, string>): Promise<number | undefined> {
  if (!checkpoints.size) return undefined;
  const [row] = (await m.query(
    `select min(a.id)::float8 as id from audit_log a join unnest($1::bigint[], $2::text[]) cp(entries, hash) on cp.entries = a.id where cp.hash <> a.hash`,
    [[...checkpoints.keys()], [...checkpoints.values()]],
  )) as { id: number | null }[];
  return row?.id === null || row?.id === undefined ? undefined : Number(row.id);
}

/** The last id of the log (0 when empty). */
export async function chainExtent(m: EntityManager): Promise<{ lastId: number }> {
  const [row] = (await m.query(`select coalesce(max(id), 0)::float8 as last_id from audit_log`)) as { last_id: number }[];
  return { lastId: Number(row?.last_id ?? 0) };
}

const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** One COPY line of COPY_COLUMNS as an entry (`fields` is reused line after line). */
function entryFromCopyLine(line: string, fields: (string | null)[]): AuditEntry {
  const n = splitCopyLine(line, fields);
  if (n !== 12) throw new Error(`audit COPY sent a line of ${n} fields for 12 columns`);
  return {
    id: Number(fields[0]),
    at: fields[1]!,
    actor: { kind: fields[2] as AuditEntry['actor']['kind'], id: fields[3] as string | null, email: fields[4] as string | null },
    action: fields[5]!,
    objectType: fields[6]!,
    objectId: fields[7] as string | null,
    before: parseJson(fields[8] as string | null),
    after: parseJson(fields[9] as string | null),
    prevHash: fields[10]!,
    hash: fields[11]!,
  };
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
