import { type ExceptionStatus, type ExceptionType, type IncidentStatus } from '@closewatch/contracts/exceptions';
import { type IncidentGroupKey } from '../config/exception-settings';

export interface GroupableException {
  flow: string;
  type: ExceptionType;
  cause: string | null;
  entity: string | null;
  period: string | null;
}

/** What the exceptions of one incident share; fields not grouped by are null. */
export interface IncidentGroup {
  key: string;
  flow: string;
  cause: string | null;
  type: ExceptionType | null;
  entity: string | null;
  period: string | null;
}

/** The root cause an incident groups by: the exception's cause (error class, break type), else its type. */
export function incidentCause(e: GroupableException): string {
  return e.cause ?? e.type;
}

/** The group an exception belongs to under the configured keys. */
export function incidentGroupOf(e: GroupableException, keys: readonly IncidentGroupKey[]): IncidentGroup {
  const has = (k: IncidentGroupKey) => keys.includes(k);
  const group = {
    flow: e.flow,
    cause: has('cause') ? incidentCause(e) : null,
    type: has('type') ? e.type : null,
    entity: has('entity') ? e.entity : null,
    period: has('period') ? e.period : null,
  };
  return { key: JSON.stringify([group.flow, group.cause, group.type, group.entity, group.period]), ...group };
}

export interface IncidentCandidate {
  id: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/**
 * The incident a new exception of the same group joins: the most recent one whose activity
 * (first seen − window … last seen + window) covers the moment the exception was seen. A
 * resolved incident within the window is joined too (a flapping failure stays one incident and
 * pages once); past the window a new incident starts.
 */
export function pickIncident(candidates: readonly IncidentCandidate[], seenAt: Date, windowMs: number): string | null {
  const t = seenAt.getTime();
  const fits = candidates
    .filter((c) => t >= c.firstSeenAt.getTime() - windowMs && t <= c.lastSeenAt.getTime() + windowMs)
    .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
  return fits[0]?.id ?? null;
}

/** An incident's status, derived from its exceptions' statuses. */
export function incidentStatusOf(statuses: Readonly<Partial<Record<ExceptionStatus, number>>>): IncidentStatus {
  if ((statuses.open ?? 0) > 0) return 'open';
  if ((statuses.acknowledged ?? 0) > 0) return 'acknowledged';
  return 'resolved';
}

const TYPE_LABEL: Record<ExceptionType, string> = {
  delivery_failure: 'delivery failures',
  sync_delay: 'sync delays',
  missed_run: 'missed runs',
  run_failed: 'failed runs',
  unmapped_dimension: 'unmapped dimensions',
  unregistered_flow: 'unregistered flow',
  flow_stale: 'silent source',
  recon_break: 'reconciliation breaks',
};

export function incidentTitle(g: IncidentGroup, firstType: ExceptionType): string {
  const what = g.cause && g.cause !== firstType ? `${g.cause.replace(/_/g, ' ')} ${g.type ? TYPE_LABEL[g.type] : 'failures'}` : TYPE_LABEL[g.type ?? firstType];
  const scope = [g.entity, g.period].filter(Boolean).join(' ');
  return `${g.flow}: ${what}${scope ? ` (${scope})` : ''}`;
}
