/** SQL of the runs room: the runner's and the run views' statements, and the columns a run read selects (the queue's own are in recon-queue.ts). */

/** Columns every run read selects. */
export const RUN_COLUMNS = `id, recon_id, flow_id, status, trigger, mode, requested_scope, scope, attempt, retry_of, queued_at, started_at, finished_at,
  cancel_requested_at, source_rows, target_rows, progress_at, matched, missing_in_target, unexpected_in_target, amount_mismatch, field_mismatch,
  duplicate_key, summary, classifications, amount_at_risk, material, bisect, exceptions_raised, exceptions_resolved, exceptions_skipped, error_code, error_message, error_retryable`;

/** The run with id $1. */
export const SELECT_RUN = `select ${RUN_COLUMNS} from recon_runs where id = $1`;

/** A page of a run's breaks after id $2, filtered by type ($3), classification ($4), record key ($5), exception raised ($6); $7 rows. */
export const SELECT_BREAKS_PAGE = `select id, type, key, record_key, source, target, differences, side, rows, amount_at_risk::text as amount_at_risk, currency, classification, exception_id
         from recon_breaks
        where run_id = $1 and id > $2::bigint
          and ($3::text[] is null or type = any($3::text[]))
          and ($4::text[] is null or classification_kind = any($4::text[]))
          and ($5::text is null or record_key = $5)
          and ($6::boolean is null or (exception_id is not null) = $6)
        order by id limit $7`;

/** Cancels run $1 if it is still queued, returning it. */
export const CANCEL_QUEUED_RUN = `update recon_runs set status = 'cancelled', finished_at = now(), cancel_requested_at = now() where id = $1 and status = 'queued' returning ${RUN_COLUMNS}`;

/** Marks running run $1 to be cancelled (its worker aborts it), returning its id. */
export const REQUEST_RUNNING_CANCEL = `update recon_runs set cancel_requested_at = coalesce(cancel_requested_at, now()) where id = $1 and status = 'running' returning id`;

/** Stores the scope run $1 resolved. */
export const SET_RUN_SCOPE = `update recon_runs set scope = $2 where id = $1`;

/** Stores a succeeded run's counts, summary and exception totals. */
export const FINISH_RUN_SUCCEEDED = `update recon_runs set status = 'succeeded', finished_at = now(), heartbeat_at = now(), progress_at = now(),
                source_rows = $2, target_rows = $3, matched = $4, missing_in_target = $5, unexpected_in_target = $6, amount_mismatch = $7,
                field_mismatch = $8, duplicate_key = $9, summary = $10, classifications = $11, amount_at_risk = $12, material = $13,
                bisect = $14, exceptions_raised = $15, exceptions_resolved = $16, exceptions_skipped = $17
          where id = $1 and status = 'running'`;

/** A batch of run $1's breaks after id $2 that may raise an exception (not in flight); $3 rows. */
export const SELECT_BREAKS_TO_RAISE = `select id, type, key, record_key, source, target, differences, side, rows, amount_at_risk::text as amount_at_risk, currency, classification, fingerprint
           from recon_breaks where run_id = $1 and id > $2 and classification_kind is distinct from 'in_flight' order by id limit $3`;

/** How many of run $1's breaks after id $2 were left unraised. */
export const COUNT_BREAKS_LEFT = `select count(*)::int as n from recon_breaks where run_id = $1 and id > $2 and classification_kind is distinct from 'in_flight'`;

/** Fingerprints of breaks the previous successful run of definition $1 with scope $2 had and run $3 has not. */
export const SELECT_GONE_FINGERPRINTS = `with prev as (
         select id from recon_runs where recon_id = $1 and status = 'succeeded' and scope = $2::jsonb and id <> $3
          order by finished_at desc, id desc limit 1)
       select distinct b.fingerprint from recon_breaks b join prev on b.run_id = prev.id
        where b.fingerprint is not null
          and not exists (select 1 from recon_breaks c where c.run_id = $3 and c.fingerprint = b.fingerprint)`;

/** Deletes run $1's breaks (a run handed back starts over). */
export const DELETE_RUN_BREAKS = `delete from recon_breaks where run_id = $1`;

/** Hands running run $1 back to the queue (the worker is stopping). */
export const REQUEUE_RUN = `update recon_runs set status = 'queued', started_at = null, heartbeat_at = null, worker = null, source_rows = 0, target_rows = 0, progress_at = null
          where id = $1 and status = 'running'`;

/** Ends running run $1 as cancelled. */
export const FINISH_RUN_CANCELLED = `update recon_runs set status = 'cancelled', finished_at = now(), cancel_requested_at = coalesce(cancel_requested_at, now())
          where id = $1 and status = 'running'`;

/** Ends running run $1 as failed with its error. */
export const FINISH_RUN_FAILED = `update recon_runs set status = 'failed', finished_at = now(), error_code = $2, error_message = $3, error_retryable = $4
        where id = $1 and status = 'running'`;

/** Heartbeat of run $1; returns whether a cancel was requested. */
export const BEAT_RUN = `update recon_runs set heartbeat_at = now() where id = $1 returning cancel_requested_at, status`;

/** Links run $1's breaks (within ids $3..$4 when given) to the exceptions of their fingerprints ($2: [{fingerprint, id}]). */
export const LINK_BREAK_EXCEPTIONS = `update recon_breaks b set exception_id = x.id::uuid
       from jsonb_to_recordset($2::jsonb) as x(fingerprint text, id text)
      where b.run_id = $1 and b.fingerprint = x.fingerprint and ($3::bigint is null or b.id between $3 and $4)`;

/** Stores running run $1's progress (rows read per side). */
export const SET_RUN_PROGRESS = `update recon_runs set source_rows = $2, target_rows = $3, progress_at = now(), heartbeat_at = now() where id = $1 and status = 'running'`;
