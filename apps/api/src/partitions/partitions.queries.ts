import { type EntityManager } from 'typeorm';
import {
  addMonths,
  defaultPartitionName,
  monthBounds,
  monthStart,
  type PartitionedTable,
  partitionMonth,
  partitionName,
} from '../database/telemetry-partitions';

/** The month partitions a table has, oldest first (the default partition is not among them). */
export async function monthPartitions(m: EntityManager, table: string): Promise<{ name: string; month: Date }[]> {
  const rows = (await m.query(`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = $1::regclass`, [
    table,
  ])) as { name: string }[];
  return rows
    .map((r) => ({ name: r.name, month: partitionMonth(table, r.name) }))
    .filter((p): p is { name: string; month: Date } => p.month !== undefined)
    .sort((a, b) => a.month.getTime() - b.month.getTime());
}

/**
 * The months in [from, to) the default partition holds rows of (rows of a past month that arrived
 * before it had a partition, e.g. history sent to a fresh installation), first of each month (UTC).
 * The default partition normally holds next to nothing, so the scan is cheap.
 */
export async function monthsInDefault(m: EntityManager, t: PartitionedTable, from: Date, to: Date): Promise<Date[]> {
  const rows = (await m.query(
    `select distinct date_trunc('month', ${t.key}, 'UTC') as month from ${defaultPartitionName(t.table)} where ${t.key} >= $1 and ${t.key} < $2`,
    [from, to],
  )) as { month: Date }[];
  return rows.map((r) => monthStart(r.month));
}

/**
 * Makes the month's partition and moves into it the rows the default partition holds for that
 * month (sent ahead of time, e.g. a skewed clock), in the caller's transaction: the table is
 * made standalone, filled, then attached, which PostgreSQL allows only once the default
 * partition holds no row of the range. Attaching takes a SHARE UPDATE EXCLUSIVE lock on the
 * parent (ingest goes on) and scans the default partition, which normally holds next to nothing.
 * Returns how many rows moved.
 */
export async function makeMonthPartition(m: EntityManager, t: PartitionedTable, month: Date): Promise<number> {
  const name = partitionName(t.table, month);
  await m.query(`create table ${name} (like ${t.table} including defaults including constraints including storage)`);
  const [moved] = (await m.query(
    `with moved as (delete from ${defaultPartitionName(t.table)} where ${t.key} >= $1 and ${t.key} < $2 returning *),
          copied as (insert into ${name} select * from moved returning 1)
     select count(*)::int as n from copied`,
    [month, addMonths(month, 1)],
  )) as { n: number }[];
  await m.query(`alter table ${t.table} attach partition ${name} ${monthBounds(month)}`);
  return moved?.n ?? 0;
}

/** Detaches and drops one month partition in the caller's transaction; returns how many rows it held. */
export async function dropMonthPartition(m: EntityManager, t: PartitionedTable, name: string): Promise<number> {
  await m.query(`alter table ${t.table} detach partition ${name}`);
  const [row] = (await m.query(`select count(*)::float8 as n from ${name}`)) as { n: number }[];
  await m.query(`drop table ${name}`);
  return Number(row?.n ?? 0);
}

/**
 * Deletes the default partition's rows older than the cutoff (rows that arrived for a month
 * already dropped or never made); a row without a time of its own (-infinity: a started run
 * reported with no time) is kept. Returns how many rows went.
 */
export async function deleteExpiredDefaultRows(m: EntityManager, t: PartitionedTable, cutoff: Date): Promise<number> {
  const [row] = (await m.query(
    `with gone as (delete from ${defaultPartitionName(t.table)} where ${t.key} > '-infinity' and ${t.key} < $1 returning 1)
     select count(*)::float8 as n from gone`,
    [cutoff],
  )) as { n: number }[];
  return Number(row?.n ?? 0);
}

/**
 * Deletes the idempotency keys (PartitionedTable.keys) of rows before `before`, the first month
 * retention keeps, once their rows are gone (a scan of the key table: run only after a drop).
 * Keys of rows without a time (-infinity) stay, as those rows do. Returns how many were deleted.
 */
export async function deleteExpiredKeys(m: EntityManager, t: PartitionedTable, before: Date): Promise<number> {
  if (!t.keys) return 0;
  const [row] = (await m.query(
    `with gone as (delete from ${t.keys.table} where ${t.keys.time} > '-infinity' and ${t.keys.time} < $1 returning 1)
     select count(*)::float8 as n from gone`,
    [before],
  )) as { n: number }[];
  return Number(row?.n ?? 0);
}
