import { type DataSource, type EntityManager } from 'typeorm';
import { type ReconDefinitionBody, type ReconRunTrigger } from '@closewatch/contracts/recon';
import { type RunRow } from './run-mapping';
import { RUN_COLUMNS } from './runs.queries';
import { nextRunAfter } from '../definitions/schedule';
import { returnedRows } from '../../common/query-records';

/**
 * The run queue, in PostgreSQL: a queued run is a `recon_runs` row with status `queued`; workers
 * on any replica claim the oldest due one with FOR UPDATE SKIP LOCKED, so each run is executed
 * once. Scheduled runs are enqueued once per schedule slot (unique recon_id, scheduled_for).
 */
type Db = DataSource | EntityManager;

export interface EnqueueInput {
  reconId: string;
  trigger: ReconRunTrigger;
  requestedScope?: Record<string, string>;
  requestedBy?: string | null;
  scheduledFor?: Date | null;
  retryOf?: string | null;
  attempt?: number;
  notBefore?: Date | null;
}

/** Queues a run of a definition; returns its id, or null when the definition does not exist or the schedule slot is taken. */
export async function enqueueRun(db: Db, input: EnqueueInput): Promise<string | null> {
  const rows: { id: string }[] = await db.query(
    `insert into recon_runs (recon_id, flow_id, trigger, mode, requested_scope, requested_by, scheduled_for, retry_of, attempt, not_before)
     select d.id, d.flow_id, $2, coalesce(d.definition->>'mode', 'merge'), $3::jsonb, $4, $5, $6, $7, coalesce($8, now())
       from recon_definitions d where d.id = $1
     on conflict on constraint recon_runs_schedule_slot_key do nothing
     returning id`,
    [
      input.reconId,
      input.trigger,
      JSON.stringify(input.requestedScope ?? {}),
      input.requestedBy ?? null,
      input.scheduledFor ?? null,
      input.retryOf ?? null,
      input.attempt ?? 1,
      input.notBefore ?? null,
    ],
  );
  return rows[0]?.id ?? null;
}

/** A claimed run: the row, with the definition as it was when the run started. */
export interface ClaimedRun extends RunRow {
  definition: ReconDefinitionBody;
  requested_by: string | null;
}

/**
 * Claims the oldest due queued run (FOR UPDATE SKIP LOCKED: concurrent workers never get the
 * same one), marks it running with this worker and a heartbeat, and snapshots the definition.
 */
export async function claimRun(db: Db, worker: string): Promise<ClaimedRun | null> {
  const result: unknown = await db.query(
    `with next as (
       select r.id from recon_runs r
        where r.status = 'queued' and r.not_before <= now()
        order by r.not_before, r.queued_at, r.id
        for update skip locked
        limit 1)
     update recon_runs r
        set status = 'running', started_at = now(), heartbeat_at = now(), worker = $1, definition = d.definition, flow_id = d.flow_id,
            mode = coalesce(d.definition->>'mode', 'merge')
       from next, recon_definitions d
      where r.id = next.id and d.id = r.recon_id
     returning ${RUN_COLUMNS.split(',')
       .map((c) => `r.${c.trim()}`)
       .join(', ')}, r.definition, r.requested_by`,
    [worker],
  );
  return returnedRows<ClaimedRun>(result)[0] ?? null;
}

/**
 * Enqueues one run for every enabled definition whose next scheduled time has come, and moves
 * its next time on (locked rows are skipped: another replica is doing it). Returns the runs queued.
 */
export async function enqueueDueSchedules(ds: DataSource, now: Date, limit = 50): Promise<string[]> {
  return ds.transaction(async (m) => {
    const due: { id: string; definition: ReconDefinitionBody; next_run_at: Date }[] = await m.query(
      `select id, definition, next_run_at from recon_definitions
        where enabled and next_run_at is not null and next_run_at <= $1
        order by next_run_at for update skip locked limit $2`,
      [now, limit],
    );
    const queued: string[] = [];
    for (const d of due) {
      const id = await enqueueRun(m, { reconId: d.id, trigger: 'schedule', scheduledFor: d.next_run_at });
      if (id) queued.push(id);
      let next: Date | null;
      try {
        next = nextRunAfter(d.definition.schedule, now);
      } catch {
        next = null;
      }
      await m.query(`update recon_definitions set next_run_at = $2 where id = $1`, [d.id, next]);
    }
    return queued;
  });
}

/** Running runs whose worker stopped reporting: failed as `worker_lost` (the caller applies the retry policy). */
export async function failStaleRuns(db: Db, staleSeconds: number): Promise<RunRow[]> {
  return returnedRows<RunRow>(
    await db.query(
      `update recon_runs set status = 'failed', finished_at = now(), error_code = 'worker_lost',
            error_message = 'the worker running it stopped reporting (process ended or lost the database)', error_retryable = true
      where status = 'running' and heartbeat_at < now() - make_interval(secs => $1)
     returning ${RUN_COLUMNS}`,
      [staleSeconds],
    ),
  );
}
