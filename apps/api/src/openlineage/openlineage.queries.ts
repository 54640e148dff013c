import { type EntityManager } from 'typeorm';
import { type RunFact } from './run-event';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * A run fact as the feed reads it. `position` is where it sits in the feed: when Closewatch
 * recorded it (as text, to the microsecond, so a cursor never drops or repeats a row) and a key
 * that also names it for the push's dedupe (`batch:<runs.id>`, `recon:<uuid>:start|end`).
 */
export interface FeedRow {
  recorded_at: string;
  key: string;
  kind: 'batch' | 'recon';
  job: string;
  run_ref: string;
  status: string;
  started_at: Date | null;
  finished_at: Date | null;
  recorded: Date;
  rows_in: string | null;
  rows_in2: string | null;
  rows_out: string | null;
  error_code: string | null;
  error_message: string | null;
  source_system: string | null;
  target_system: string | null;
}

export interface FeedPosition {
  recordedAt: string;
  key: string;
}

const AT = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The systems a reconciliation run read: as its definition names them (telemetry sides do), else its flow's. */
const RECON_SYSTEMS = `coalesce(rr.definition #>> '{source,system}', f.source_system), coalesce(rr.definition #>> '{target,system}', f.target_system)`;

/**
 * Batch run reports (one row per reported status) and reconciliation runs (a start once running,
 * an end once succeeded, failed, or cancelled after it started) in the order Closewatch recorded
 * them: a report when it arrived, a reconciliation run when it started and ended.
 */
const FEED = `
  select r.received_at as at, 'batch:' || r.id as key, 'batch' as kind, r.flow_id as job, r.run_id as run_ref, r.status,
         r.started_at, r.finished_at, r.rows_read as rows_in, null::bigint as rows_in2, r.rows_written as rows_out,
         r.error_code, r.error_message, f.source_system, f.target_system
    from runs r left join flows f on f.id = r.flow_id
  union all
  select rr.started_at, 'recon:' || rr.id || ':start', 'recon', rr.recon_id, rr.id::text, 'running',
         rr.started_at, null, null, null, null, null, null, ${RECON_SYSTEMS}
    from recon_runs rr left join flows f on f.id = rr.flow_id
   where rr.started_at is not null
  union all
  select rr.finished_at, 'recon:' || rr.id || ':end', 'recon', rr.recon_id, rr.id::text, rr.status,
         rr.started_at, rr.finished_at, rr.source_rows, rr.target_rows,
         coalesce(rr.missing_in_target, 0) + coalesce(rr.unexpected_in_target, 0) + coalesce(rr.amount_mismatch, 0)
           + coalesce(rr.field_mismatch, 0) + coalesce(rr.duplicate_key, 0),
         rr.error_code, rr.error_message, ${RECON_SYSTEMS}
    from recon_runs rr left join flows f on f.id = rr.flow_id
   where rr.finished_at is not null and rr.started_at is not null and rr.status in ('succeeded', 'failed', 'cancelled')`;

/** Up to `limit` run facts recorded at or after `since`, after `after` (a position the feed returned), in feed order. */
export function readFeed(m: Queryable, f: { since?: string; after?: FeedPosition; limit: number }): Promise<FeedRow[]> {
  const params: unknown[] = [f.since ?? null, f.after?.recordedAt ?? null, f.after?.key ?? null, f.limit];
  return m.query(
    `select ${AT('e.at')} as recorded_at, e.at as recorded, e.* from (${FEED}) e
      where ($1::timestamptz is null or e.at >= $1::timestamptz)
        and ($2::timestamptz is null or (e.at, e.key) > ($2::timestamptz, $3::text))
      order by e.at, e.key
      limit $4`,
    params,
  );
}

const count = (v: string | null): number | null => (v === null ? null : Number(v));

/** The run fact of a feed row, for run-event.ts. */
export function toFact(r: FeedRow): RunFact {
  const systems = { sourceSystem: r.source_system, targetSystem: r.target_system };
  if (r.kind === 'batch') {
    return {
      kind: 'batch',
      flow: r.job,
      runId: r.run_ref,
      status: r.status as 'started' | 'succeeded' | 'failed',
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      recordedAt: r.recorded,
      rowsRead: count(r.rows_in),
      rowsWritten: count(r.rows_out),
      errorCode: r.error_code,
      errorMessage: r.error_message,
      ...systems,
    };
  }
  return {
    kind: 'recon',
    phase: r.key.endsWith(':start') ? 'start' : 'end',
    recon: r.job,
    runId: r.run_ref,
    status: r.status as 'running' | 'succeeded' | 'failed' | 'cancelled',
    startedAt: r.started_at ?? r.recorded,
    finishedAt: r.finished_at,
    sourceRows: count(r.rows_in) ?? 0,
    targetRows: count(r.rows_in2) ?? 0,
    breaks: r.status === 'succeeded' ? count(r.rows_out) : null,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    ...systems,
  };
}

/** Where the push has read the feed up to (one row; null before the first pass). */
export async function readPushPosition(m: Queryable): Promise<FeedPosition | null> {
  const rows: { recorded_at: string | null; key: string | null }[] = await m.query(
    `select ${AT('recorded_at')} as recorded_at, key from openlineage_push_position`,
  );
  const r = rows[0];
  return r?.recorded_at && r.key ? { recordedAt: r.recorded_at, key: r.key } : null;
}

/** Moves the push position forward (never back: two replicas may pass at once). */
export async function savePushPosition(m: Queryable, p: FeedPosition): Promise<void> {
  await m.query(
    `update openlineage_push_position set recorded_at = $1::timestamptz, key = $2
      where recorded_at is null or (recorded_at, key) < ($1::timestamptz, $2)`,
    [p.recordedAt, p.key],
  );
}
