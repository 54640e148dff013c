import { type RunDto } from '@closewatch/contracts/telemetry';

/** A run as the run list reads it: bigint columns arrive from the pg driver as text. */
export interface RunRecord {
  id: string;
  flow_id: string;
  run_id: string;
  status: RunDto['status'];
  started_at: Date | null;
  finished_at: Date | null;
  rows_read: string | null;
  rows_written: string | null;
  rows_rejected: string | null;
  period: string | null;
  entity: string | null;
  watermark: string | null;
  error_code: string | null;
  error_message: string | null;
  received_at: Date;
  ingest_key_id: string | null;
  registered: boolean;
}

export function runRecordToDto(r: RunRecord): RunDto {
  return {
    flow: r.flow_id,
    runId: r.run_id,
    status: r.status,
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    rowsRead: count(r.rows_read),
    rowsWritten: count(r.rows_written),
    rowsRejected: count(r.rows_rejected),
    period: r.period,
    entity: r.entity,
    watermark: r.watermark,
    receivedAt: r.received_at.toISOString(),
    error: r.error_code !== null || r.error_message !== null ? { code: r.error_code, message: r.error_message } : null,
    registered: r.registered,
    ingestKeyId: r.ingest_key_id,
  };
}

function count(v: string | null): number | null {
  return v === null ? null : Number(v);
}
