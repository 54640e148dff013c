/** SQL of the runs room (runs.queries.ts): statements the queue, the runner and the run views share. */

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
