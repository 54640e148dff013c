import { type ExceptionStatus, type ExceptionType, type Severity } from '@closewatch/contracts/exceptions';
import { type LineageExceptionDto } from '@closewatch/contracts/lineage';

/**
 * The exceptions of one record key, newest first (last seen, then id), with how many there are
 * in all. `$1` is the record key, `$2` the most rows to return. Served by the partial index
 * exceptions_record_key_idx (record_key) where record_key is not null.
 */
export const RECORD_EXCEPTIONS_SQL = `
  select e.id, e.type, e.status, e.severity, e.flow_id, e.cause, e.title, e.amount_at_risk::text as amount_at_risk,
         e.currency, e.entity, e.period, e.occurrences::text as occurrences, e.first_seen_at, e.last_seen_at, e.incident_id,
         count(*) over () as total
    from exceptions e
   where e.record_key = $1
   order by e.last_seen_at desc, e.id desc
   limit $2`;

/** A row of RECORD_EXCEPTIONS_SQL as the pg driver returns it. */
export interface RecordExceptionRow {
  id: string;
  type: ExceptionType;
  status: ExceptionStatus;
  severity: Severity;
  flow_id: string;
  cause: string | null;
  title: string;
  amount_at_risk: string | null;
  currency: string | null;
  entity: string | null;
  period: string | null;
  occurrences: string;
  first_seen_at: Date;
  last_seen_at: Date;
  incident_id: string | null;
  /** bigint, as text. */
  total: string;
}

export function recordExceptionToDto(r: RecordExceptionRow): LineageExceptionDto {
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    severity: r.severity,
    flow: r.flow_id,
    cause: r.cause,
    title: r.title,
    amountAtRisk: r.amount_at_risk,
    currency: r.currency,
    entity: r.entity,
    period: r.period,
    occurrences: Number(r.occurrences),
    firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    incidentId: r.incident_id,
  };
}
