/**
 * The telemetry tables partitioned by time (migration TelemetryPartitions1765000021000,
 * docs/scaling.md "Time-partitioned telemetry"): one partition per calendar month (UTC) named
 * `<table>_pYYYYMM`, plus `<table>_default` for rows outside every month partition.
 *
 * The partition key is the record's own time as the client sent it, never the time Closewatch
 * received it: PostgreSQL requires the key in every unique index, so the idempotency keys became
 * (key columns + partition key), and a retry (the same span, event or run report, to any
 * replica, at any later time) carries the same time, lands in the same partition and is still
 * found as a duplicate. The ingest time would put a retry in another month's partition where the
 * first copy is not seen.
 */
export interface PartitionedTable {
  table: 'hops' | 'spans' | 'runs';
  /** The partition key column. */
  key: string;
  /**
   * The plain table holding the contract's idempotency keys of the rows, whatever their time
   * (migration 1765000028000-IdempotencyKeys), and its time column: retention deletes them with the rows.
   */
  keys?: { table: 'event_keys' | 'run_keys'; time: string };
}

export const TELEMETRY_TABLES: readonly PartitionedTable[] = [
  // When the finance step happened (an event's occurredAt, a finance span's time).
  { table: 'hops', key: 'occurred_at', keys: { table: 'event_keys', time: 'occurred_at' } },
  // The span's start time.
  { table: 'spans', key: 'start_time' },
  // runs.run_at: the report's own time (RUN_AT_SQL in apps/api/src/ingest/run-writer.ts).
  { table: 'runs', key: 'run_at', keys: { table: 'run_keys', time: 'run_at' } },
];

/** Months made ahead of the current one, so rows never wait for a partition. */
export const MONTHS_AHEAD = 2;

/** The first instant of the UTC month holding `at`. */
export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function addMonths(month: Date, n: number): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + n, 1));
}

/** `hops_p202612` for December 2026. */
export function partitionName(table: string, month: Date): string {
  return `${table}_p${month.getUTCFullYear()}${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

export const defaultPartitionName = (table: string): string => `${table}_default`;

/** The month of a partition from its name, or undefined for the default partition or another table. */
export function partitionMonth(table: string, name: string): Date | undefined {
  const m = new RegExp(`^${table}_p(\\d{4})(\\d{2})$`).exec(name);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) : undefined;
}

/** The months that must have a partition at `now`: this one and MONTHS_AHEAD more. */
export function monthsToMake(now: Date): Date[] {
  const first = monthStart(now);
  return Array.from({ length: MONTHS_AHEAD + 1 }, (_, i) => addMonths(first, i));
}

/**
 * The instant before which rows are past the retention (`days` of 0: keep forever). A month's
 * partition is dropped once its whole range is before it, so rows are kept `days` to `days` +
 * one month.
 */
export function retentionCutoff(now: Date, days: number): Date | undefined {
  return days > 0 ? new Date(now.getTime() - days * 86_400_000) : undefined;
}

/** Whether the month partition ends at or before the cutoff (every row in it is past retention). */
export const monthExpired = (month: Date, cutoff: Date): boolean => addMonths(month, 1).getTime() <= cutoff.getTime();

/** The `for values` clause of a month's partition (UTC bounds, whatever the session's time zone). */
export function monthBounds(month: Date): string {
  return `for values from ('${month.toISOString()}') to ('${addMonths(month, 1).toISOString()}')`;
}
