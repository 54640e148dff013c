import { type ExceptionStatus, type IncidentStatus, SEVERITIES, type Severity } from '@closewatch/contracts/exceptions';
import { incidentStatusOf } from './incident-grouping';

/** What an incident's exceptions add up to (severity ranks as stored in exceptions.severity_rank, 4 critical … 1 low). */
export interface IncidentAggregate {
  incident_id: string;
  open: number;
  acknowledged: number;
  resolved: number;
  dismissed: number;
  occurrences: string;
  first_seen_at: Date;
  last_seen_at: Date;
  unresolved_rank: number | null;
  any_rank: number;
  last_closed_at: Date | null;
}

/** An incident's stored status before the refresh (locked). */
export interface IncidentBefore {
  id: string;
  status: string;
  resolved_at: Date | null;
}

/** An incident's derived fields, as the update statement reads them (times as ISO text). */
export interface DerivedIncident {
  id: string;
  status: IncidentStatus;
  severity: Severity;
  exception_count: number;
  unresolved_count: number;
  occurrences: string;
  first_seen_at: string;
  last_seen_at: string;
  resolved_at: string | null;
}

const severityOfRank = (rank: number): Severity => SEVERITIES[4 - rank] ?? 'low';

/**
 * An incident derived from its exceptions: severity the highest of the unresolved ones, else of
 * all; status from theirs (incidentStatusOf). A resolved incident keeps the time it was resolved
 * at; one resolving now takes its last exception's closing time (else `now`).
 */
export function deriveIncident(a: IncidentAggregate, before: IncidentBefore | undefined, now: Date): DerivedIncident {
  const counts: Partial<Record<ExceptionStatus, number>> = { open: a.open, acknowledged: a.acknowledged, resolved: a.resolved, dismissed: a.dismissed };
  const status = incidentStatusOf(counts);
  const resolvedAt = status !== 'resolved' ? null : before?.status === 'resolved' && before.resolved_at ? before.resolved_at : (a.last_closed_at ?? now);
  return {
    id: a.incident_id,
    status,
    severity: severityOfRank(a.unresolved_rank ?? a.any_rank),
    exception_count: a.open + a.acknowledged + a.resolved + a.dismissed,
    unresolved_count: a.open + a.acknowledged,
    occurrences: a.occurrences,
    first_seen_at: a.first_seen_at.toISOString(),
    last_seen_at: a.last_seen_at.toISOString(),
    resolved_at: resolvedAt?.toISOString() ?? null,
  };
}
