import { type LineageBreakDto } from '@closewatch/contracts/lineage';
import { type BreakClassificationDto, type ReconBreakDto, type ReconBreakType, type ReconRunStatus } from '@closewatch/contracts/recon';

/**
 * The reconciliation breaks of one record key, newest first (when their run finished, or
 * started or was queued while it has not, then id), with their run and reconciliation and how
 * many there are in all. `$1` is the record key, `$2` the most rows to return. Served by the
 * partial index recon_breaks_record_key_idx (record_key) where record_key is not null; runs by
 * their primary key. A reconciliation renamed since keeps its current name.
 */
export const RECORD_BREAKS_SQL = `
  select b.id, b.run_id, r.recon_id, coalesce(d.name, r.definition->>'name', r.recon_id) as recon_name, r.status as run_status,
         r.flow_id, b.type, b.key, b.source, b.target, b.differences, b.side, b.rows, b.amount_at_risk::text as amount_at_risk,
         b.currency, b.classification, b.exception_id, coalesce(r.finished_at, r.started_at, r.queued_at) as found_at,
         count(*) over () as total
    from recon_breaks b
    join recon_runs r on r.id = b.run_id
    left join recon_definitions d on d.id = r.recon_id
   where b.record_key = $1
   order by found_at desc, b.id desc
   limit $2`;

/** A row of RECORD_BREAKS_SQL as the pg driver returns it (jsonb parsed, bigint and numeric as text). */
export interface RecordBreakRow {
  id: string;
  run_id: string;
  recon_id: string;
  recon_name: string;
  run_status: ReconRunStatus;
  flow_id: string;
  type: ReconBreakType;
  key: Record<string, string | null>;
  source: Record<string, unknown> | null;
  target: Record<string, unknown> | null;
  differences: ReconBreakDto['differences'];
  side: 'source' | 'target' | null;
  rows: number | null;
  amount_at_risk: string | null;
  currency: string | null;
  classification: BreakClassificationDto | null;
  exception_id: string | null;
  found_at: Date;
  total: string;
}

export function recordBreakToDto(r: RecordBreakRow): LineageBreakDto {
  return {
    id: r.id,
    reconId: r.recon_id,
    reconName: r.recon_name,
    runId: r.run_id,
    runStatus: r.run_status,
    flow: r.flow_id,
    type: r.type,
    key: r.key,
    source: r.source,
    target: r.target,
    differences: r.differences,
    side: r.side,
    rows: r.rows,
    amountAtRisk: r.amount_at_risk,
    currency: r.currency,
    classification: r.classification,
    foundAt: r.found_at.toISOString(),
    exceptionId: r.exception_id,
  };
}
