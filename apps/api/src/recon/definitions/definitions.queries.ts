import { RUN_COLUMNS } from '../runs/runs.queries';

/** SQL of the definitions room: the definitions service's statements. */

const lastRunColumns = RUN_COLUMNS.split(',')
  .map((c) => `'${c.trim()}', r.${c.trim()}`)
  .join(', ');

/** Stores a new definition ($9 creates and updates it); returns no row when the id is taken. */
export const INSERT_DEFINITION = `insert into recon_definitions (id, name, flow_id, definition, enabled, schedule_cron, schedule_timezone, next_run_at, created_by, updated_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) on conflict (id) do nothing returning id`;

/** The stored definition $1. */
export const SELECT_DEFINITION_BODY = `select definition from recon_definitions where id = $1`;

/** Replaces definition $1 and its schedule state, counting the version up. */
export const UPDATE_DEFINITION = `update recon_definitions set name = $2, flow_id = $3, definition = $4, enabled = $5, schedule_cron = $6, schedule_timezone = $7, next_run_at = $8,
              updated_by = $9, updated_at = now(), version = version + 1
        where id = $1 returning id`;

/** Deletes definition $1. */
export const DELETE_DEFINITION = `delete from recon_definitions where id = $1 returning id`;

/** The flow of run $1. */
export const SELECT_RUN_FLOW = `select flow_id from recon_runs where id = $1`;

/** A row when definition $1 exists. */
export const DEFINITION_EXISTS = `select 1 from recon_definitions where id = $1`;

/** A page of definition $1's runs, newest first, filtered by status ($2), after ($3, $4); $5 rows. */
export const SELECT_RUN_HISTORY_PAGE = `select ${RUN_COLUMNS} from recon_runs
        where recon_id = $1 and ($2::text[] is null or status = any($2::text[]))
          and ($3::timestamptz is null or (queued_at, id) < ($3::timestamptz, $4::uuid))
        order by queued_at desc, id desc limit $5`;

/** A row when uploaded file $1 exists. */
export const FILE_EXISTS = `select 1 from recon_files where id = $1`;

/** Filter of selectDefinitions: definition $1. */
export const DEFINITION_BY_ID_FILTER = `where d.id = $1`;

/** Filter of selectDefinitions: flow $1 (or any), ids after $2 (or all). */
export const DEFINITION_PAGE_FILTER = `where ($1::text is null or d.flow_id = $1) and ($2::text is null or d.id > $2)`;

/** Definitions matching `where` (one of the filters above), by id, with their last run and last successful run. */
export function selectDefinitions(where: string, limit: number): string {
  return `select d.id, d.definition, d.enabled, d.next_run_at, d.version, d.created_at, d.updated_at,
              (select json_build_object(${lastRunColumns}) from recon_runs r where r.recon_id = d.id order by r.queued_at desc, r.id desc limit 1) as last_run,
              (select json_build_object(${lastRunColumns}) from recon_runs r where r.recon_id = d.id and r.status = 'succeeded'
                order by r.finished_at desc, r.id desc limit 1) as last_succeeded
         from recon_definitions d ${where} order by d.id limit ${Number(limit)}`;
}
