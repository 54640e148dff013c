import { type LineageExceptionDto } from '@closewatch/contracts/lineage';

/**
 * The exceptions of one record key, newest first (last seen, then id), with how many there are
 * in all. `$1` is the record key, `$2` the most rows to return. Served by the partial index
 * exceptions_record_key_idx (record_key) where record_key is not null. Columns are named as the
 * answer's fields.
 */
export const RECORD_EXCEPTIONS_SQL = `
  select e.id, e.type, e.status, e.severity, e.flow_id as flow, e.cause, e.title, e.amount_at_risk::text as "amountAtRisk",
         e.currency, e.entity, e.period, e.occurrences::text as occurrences, e.first_seen_at as "firstSeenAt",
         e.last_seen_at as "lastSeenAt", e.incident_id as "incidentId", count(*) over () as total
    from exceptions e
   where e.record_key = $1
   order by e.last_seen_at desc, e.id desc
   limit $2`;

/** A row of RECORD_EXCEPTIONS_SQL as the pg driver returns it: times as Dates, bigints as text. */
export type RecordExceptionRow = Omit<LineageExceptionDto, 'occurrences' | 'firstSeenAt' | 'lastSeenAt'> & {
  occurrences: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  total: string;
};

export function recordExceptionToDto({ total: _total, occurrences, firstSeenAt, lastSeenAt, ...rest }: RecordExceptionRow): LineageExceptionDto {
  return { ...rest, occurrences: Number(occurrences), firstSeenAt: firstSeenAt.toISOString(), lastSeenAt: lastSeenAt.toISOString() };
}
