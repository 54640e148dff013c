import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { addMonths, defaultPartitionName, monthBounds, monthStart, monthsToMake, partitionName } from '../telemetry-partitions';

/**
 * `hops`, `spans` and `runs` become tables partitioned by range of the record's own time, one
 * partition per UTC month plus a default partition (apps/api/src/database/telemetry-partitions.ts
 * says why that key, docs/scaling.md "Time-partitioned telemetry"). Each table is renamed, a
 * partitioned table of the same columns, defaults, checks and identity is created with a
 * partition for every month that holds rows (within ten years back and one ahead; other rows go
 * to the default partition) and the coming months, the rows are copied with their ids, the
 * identity continues after the old sequence's last value (the evaluators' cursors are ids), the
 * indexes are made again and the old table is dropped. Unique indexes gain the partition key
 * (PostgreSQL requires it): `hops_source_key` is (source, source_id, flow_id, occurred_at),
 * `spans_pkey` (trace_id, span_id, start_time), `runs_flow_run_status_key` (flow_id, run_id,
 * status, run_at), and the primary keys (id, key). `runs` gains `run_at` (RUN_AT below). Nothing
 * references these tables by foreign key or trigger; the view `trace_spans` is made again on the
 * new tables. One transaction: a failure leaves the plain tables as they were.
 */

/** A run report's own time: what it says about its start or end, by status; -infinity when it says neither. */
const RUN_AT = `case when status = 'started' then coalesce(started_at, finished_at, '-infinity') else coalesce(finished_at, started_at, '-infinity') end`;

interface TableShape {
  table: string;
  key: string;
  /** The key of an old row, when it is not a column of it. */
  keyFrom?: string;
  /** Constraints and indexes after the copy; the partitioned form includes the key in the unique ones. */
  indexes: (partitioned: boolean) => string[];
}

const withKey = (columns: string, key: string, partitioned: boolean) => (partitioned ? `${columns}, ${key}` : columns);

const TABLES: TableShape[] = [
  {
    table: 'hops',
    key: 'occurred_at',
    indexes: (p) => [
      `alter table hops add constraint hops_pkey primary key (${withKey('id', 'occurred_at', p)}),
                        add constraint hops_source_key unique (${withKey('source, source_id, flow_id', 'occurred_at', p)})`,
      `create index hops_record_key_idx on hops (record_key, occurred_at)`,
      `create index hops_flow_occurred_idx on hops (flow_id, occurred_at)`,
      `create index hops_flow_id_idx on hops (flow_id, id)`,
      `create index hops_trace_id_idx on hops (trace_id) where trace_id is not null`,
      `create index hops_postings_close_idx on hops (entity, period, occurred_at)
        where stage in ('posted', 'published') and entity is not null and period is not null`,
    ],
  },
  {
    table: 'spans',
    key: 'start_time',
    indexes: (p) => [
      `alter table spans add constraint spans_pkey primary key (${withKey('trace_id, span_id', 'start_time', p)})`,
      `create index spans_received_at_idx on spans (received_at)`,
    ],
  },
  {
    table: 'runs',
    key: 'run_at',
    keyFrom: RUN_AT,
    indexes: (p) => [
      `alter table runs add constraint runs_pkey primary key (${withKey('id', 'run_at', p)}),
                        add constraint runs_flow_run_status_key unique (${withKey('flow_id, run_id, status', 'run_at', p)})`,
      `create index runs_flow_id_idx on runs (flow_id, id)`,
      `create index runs_flow_started_idx on runs (flow_id, started_at)`,
      `create index runs_received_idx on runs (received_at, id)`,
    ],
  },
];

/** Oldest and newest months given their own partition when the existing rows are spread. */
const YEARS_BACK = 10;

export class TelemetryPartitions1765000021000 implements MigrationInterface {
  name = 'TelemetryPartitions1765000021000';

  async up(q: QueryRunner): Promise<void> {
    await rebuild(q, true);
  }

  async down(q: QueryRunner): Promise<void> {
    await rebuild(q, false);
  }
}

async function rebuild(q: QueryRunner, partitioned: boolean): Promise<void> {
  const [view] = (await q.query(`select pg_get_viewdef('trace_spans'::regclass) as def`)) as { def: string }[];
  await q.query(`drop view trace_spans`);
  for (const t of TABLES) await rebuildTable(q, t, partitioned);
  await q.query(`create view trace_spans as ${view!.def}`);
}

async function rebuildTable(q: QueryRunner, t: TableShape, partitioned: boolean): Promise<void> {
  const old = `${t.table}_old`;
  await q.query(`alter table ${t.table} rename to ${old}`);
  await dropIndexes(q, old);
  const sequence = await identitySequence(q, old);
  if (sequence) await q.query(`alter sequence ${sequence.name} rename to ${old}_id_seq`);
  // runs.run_at is a column of the partitioned form only.
  const addsKey = partitioned && t.keyFrom !== undefined;
  const dropsKey = !partitioned && t.keyFrom !== undefined;
  await q.query(
    `create table ${t.table} (like ${old} including defaults including constraints including identity including storage including comments
       ${addsKey ? `, ${t.key} timestamptz not null` : ''}) ${partitioned ? `partition by range (${t.key})` : ''}`,
  );
  if (dropsKey) await q.query(`alter table ${t.table} drop column ${t.key}`);
  if (partitioned) await createPartitions(q, t, old);
  const columns = (
    (await q.query(`select attname from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum`, [t.table])) as {
      attname: string;
    }[]
  )
    .map((c) => c.attname)
    .filter((c) => !addsKey || c !== t.key);
  const list = columns.join(', ');
  await q.query(
    `insert into ${t.table} (${list}${addsKey ? `, ${t.key}` : ''}) ${sequence ? 'overriding system value' : ''}
     select ${list}${addsKey ? `, ${t.keyFrom!}` : ''} from ${old}`,
  );
  if (sequence) await q.query(`alter table ${t.table} alter column id restart with ${sequence.next}`);
  for (const sql of t.indexes(partitioned)) await q.query(sql);
  await q.query(`drop table ${old}`);
  await q.query(`analyze ${t.table}`);
}

/** Drops a table's indexes (its primary key and unique constraints with them) so their names are free. */
async function dropIndexes(q: QueryRunner, table: string): Promise<void> {
  const constraints = (await q.query(`select conname from pg_constraint where conrelid = $1::regclass and contype in ('p', 'u')`, [table])) as {
    conname: string;
  }[];
  for (const c of constraints) await q.query(`alter table ${table} drop constraint ${c.conname}`);
  const indexes = (await q.query(`select indexrelid::regclass::text as name from pg_index where indrelid = $1::regclass`, [table])) as { name: string }[];
  for (const i of indexes) await q.query(`drop index ${i.name}`);
}

/** The identity sequence of `id` and the next value it would give (ids already burnt by conflicts included). */
async function identitySequence(q: QueryRunner, table: string): Promise<{ name: string; next: string } | undefined> {
  const [row] = (await q.query(`select pg_get_serial_sequence($1, 'id') as name from pg_attribute where attrelid = $1::regclass and attname = 'id'`, [
    table,
  ])) as { name: string | null }[];
  if (!row?.name) return undefined;
  const [s] = (await q.query(`select (case when is_called then last_value + 1 else last_value end)::text as next from ${row.name}`)) as { next: string }[];
  return { name: row.name, next: s!.next };
}

/** A partition for every month holding rows (within the window), the coming months, and the default. */
async function createPartitions(q: QueryRunner, t: TableShape, old: string): Promise<void> {
  const key = t.keyFrom ?? t.key;
  const now = new Date();
  const rows = (await q.query(
    `select distinct date_trunc('month', k, 'UTC') as month
       from (select ${key} as k from ${old}) s
      where k >= $1 and k < $2`,
    [addMonths(monthStart(now), -12 * YEARS_BACK), addMonths(monthStart(now), 12)],
  )) as { month: Date }[];
  const months = new Map<string, Date>();
  for (const m of [...rows.map((r) => monthStart(r.month)), ...monthsToMake(now)]) months.set(m.toISOString(), m);
  for (const m of months.values()) await q.query(`create table ${partitionName(t.table, m)} partition of ${t.table} ${monthBounds(m)}`);
  await q.query(`create table ${defaultPartitionName(t.table)} partition of ${t.table} default`);
}
