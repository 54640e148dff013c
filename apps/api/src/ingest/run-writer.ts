import { type EntityManager } from 'typeorm';
import { type runReportSchema } from '@closewatch/contracts/runs';
import { type z } from 'zod';

export type RunReportInput = z.output<typeof runReportSchema>;

/**
 * `runs.run_at`, the partition key (apps/api/src/database/telemetry-partitions.ts): the report's
 * own time, its start for `started` and its end otherwise, so a retry of the report lands in the
 * same partition and meets its first copy; -infinity (the default partition) when it gives neither.
 * Parameters: $3 status, $4 started at, $5 finished at.
 */
export const RUN_AT_SQL = `case when $3 = 'started' then coalesce($4::timestamptz, $5::timestamptz, '-infinity') else coalesce($5::timestamptz, $4::timestamptz, '-infinity') end`;

/**
 * Stores one run report, with the ingest key that sent it, unless (flow, runId, status) is already
 * there, whatever its times: the key is taken in `run_keys` first (the partitioned `runs` can only
 * hold keys that include run_at; migration 1765000028000-IdempotencyKeys). Returns whether it was new.
 */
export async function insertRun(tx: EntityManager, r: RunReportInput, ingestKeyId: string | null = null): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `with new_key as (
       insert into run_keys (flow_id, run_id, status, run_at) values ($1, $2, $3, ${RUN_AT_SQL})
       on conflict on constraint run_keys_pkey do nothing
       returning 1
     )
     insert into runs (flow_id, run_id, status, started_at, finished_at, rows_read, rows_written, rows_rejected,
                       period, entity, watermark, error_code, error_message, ingest_key_id, run_at)
     select $1, $2, $3, $4::timestamptz, $5::timestamptz, $6, $7, $8, $9, $10, $11, $12, $13, $14::uuid, ${RUN_AT_SQL}
      where exists (select 1 from new_key)
     on conflict on constraint runs_flow_run_status_key do nothing
     returning id`,
    [
      r.flow,
      r.runId,
      r.status,
      r.startedAt ?? null,
      r.finishedAt ?? null,
      r.rowsRead ?? null,
      r.rowsWritten ?? null,
      r.rowsRejected ?? null,
      r.period ?? null,
      r.entity ?? null,
      r.watermark ?? null,
      r.error?.code ?? null,
      r.error?.message ?? null,
      ingestKeyId,
    ],
  );
  return rows.length > 0;
}
