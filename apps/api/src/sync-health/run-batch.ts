import { type EntityManager } from 'typeorm';
import { type OutboxItem, type RunReport, runReportItems } from './sync-findings';
import { batchParams, batchRowsSql, type StreamBatch } from './stream-cursor';

const RUNS_SQL = `
select flow_id, run_id, status, started_at, finished_at, received_at, entity, period,
       rows_read::text as rows_read, rows_written::text as rows_written, rows_rejected::text as rows_rejected, error_code, error_message
  from ${batchRowsSql('runs', '*')} r
 where status in ('succeeded', 'failed')
 order by coalesce(finished_at, started_at, received_at), id`;

interface RunRow {
  flow_id: string;
  run_id: string;
  status: RunReport['status'];
  started_at: Date | null;
  finished_at: Date | null;
  received_at: Date;
  entity: string | null;
  period: string | null;
  rows_read: string | null;
  rows_written: string | null;
  rows_rejected: string | null;
  error_code: string | null;
  error_message: string | null;
}

/**
 * What one batch of run reports means for the exceptions, in the order the runs finished: a
 * failed run is a `run_failed` finding (unless it finished before `reportSince`), a succeeded run
 * clears the flow's (or entity's) failed and missed runs.
 */
export async function applyRunBatch(m: EntityManager, batch: StreamBatch, now: Date, reportSince: Date): Promise<OutboxItem[]> {
  const rows: RunRow[] = await m.query(RUNS_SQL, batchParams(batch));
  const items: OutboxItem[] = [];
  for (const r of rows) {
    const finishedAt = r.finished_at ?? r.started_at ?? r.received_at;
    if (r.status === 'failed' && finishedAt < reportSince) continue;
    items.push(
      ...runReportItems(
        {
          flowId: r.flow_id,
          runId: r.run_id,
          status: r.status,
          startedAt: r.started_at,
          finishedAt: r.finished_at,
          receivedAt: r.received_at,
          entity: r.entity,
          period: r.period,
          rowsRead: r.rows_read,
          rowsWritten: r.rows_written,
          rowsRejected: r.rows_rejected,
          errorCode: r.error_code,
          errorMessage: r.error_message,
        },
        now,
      ),
    );
  }
  return items;
}
