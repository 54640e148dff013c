import { type EntityManager } from 'typeorm';
import { type runReportSchema } from '@closewatch/contracts/runs';
import { type z } from 'zod';

export type RunReportInput = z.output<typeof runReportSchema>;

/** Stores one run report, with the ingest key that sent it, unless (flow, runId, status) is already there; returns whether it was new. */
export async function insertRun(tx: EntityManager, r: RunReportInput, ingestKeyId: string | null = null): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `insert into runs (flow_id, run_id, status, started_at, finished_at, rows_read, rows_written, rows_rejected,
                       period, entity, watermark, error_code, error_message, ingest_key_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
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
