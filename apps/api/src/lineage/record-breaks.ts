import { type LineageBreakDto } from '@closewatch/contracts/lineage';

/**
 * The reconciliation breaks of one record key, newest first (when their run finished, or
 * started or was queued while it has not, then id), with their run and reconciliation and how
 * many there are in all. `$1` is the record key, `$2` the most rows to return. Served by the
 * partial index recon_breaks_record_key_idx (record_key) where record_key is not null; runs by
 * their primary key. A reconciliation renamed since keeps its current name. Columns are named
 * as the answer's fields.
 */
export const RECORD_BREAKS_SQL = `
  select b.id::text as id, r.recon_id as "reconId", coalesce(d.name, r.definition->>'name', r.recon_id) as "reconName",
         b.run_id as "runId", r.status as "runStatus", r.flow_id as flow, b.type, b.key, b.source, b.target, b.differences,
         b.side, b.rows, b.amount_at_risk::text as "amountAtRisk", b.currency, b.classification,
         coalesce(r.finished_at, r.started_at, r.queued_at) as "foundAt", b.exception_id as "exceptionId",
         count(*) over () as total
    from recon_breaks b
    join recon_runs r on r.id = b.run_id
    left join recon_definitions d on d.id = r.recon_id
   where b.record_key = $1
   order by "foundAt" desc, b.id desc
   limit $2`;

/** A row of RECORD_BREAKS_SQL as the pg driver returns it: jsonb parsed, the time a Date, the total (bigint) as text. */
export type RecordBreakRow = Omit<LineageBreakDto, 'foundAt'> & { foundAt: Date; total: string };

export function recordBreakToDto({ total: _total, foundAt, ...rest }: RecordBreakRow): LineageBreakDto {
  return { ...rest, foundAt: foundAt.toISOString() };
}
