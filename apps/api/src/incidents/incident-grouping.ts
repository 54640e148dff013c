import { type ExceptionStatus, type ExceptionType, type IncidentStatus } from '@closewatch/contracts/exceptions';

/** Fields incidents can be grouped by (CLOSEWATCH_INCIDENT_GROUP_BY); `flow` is always one of them. */
export const INCIDENT_GROUP_KEYS = ['flow', 'cause', 'type', 'entity', 'period'] as const;
export type IncidentGroupKey = (typeof INCIDENT_GROUP_KEYS)[number];
export const DEFAULT_INCIDENT_GROUP_BY: readonly IncidentGroupKey[] = ['flow', 'cause'];
export const DEFAULT_INCIDENT_WINDOW_MINUTES = 60;

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

/** Parses `flow,cause` (comma-separated keys; `flow` is required, order does not matter). */
export function parseIncidentGroupBy(text: string): IncidentGroupKey[] {
  const keys = [...new Set(text.split(',').map((k) => k.trim()).filter(Boolean))];
  for (const k of keys) {
    if (!(INCIDENT_GROUP_KEYS as readonly string[]).includes(k)) throw new Error(`"${k}" is not one of ${INCIDENT_GROUP_KEYS.join(', ')}`);
  }
  if (!keys.includes('flow')) throw new Error('must include flow (an incident belongs to one flow)');
  return INCIDENT_GROUP_KEYS.filter((k) => keys.includes(k));
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
  recon_break: 'reconciliation breaks',
};

export function incidentTitle(g: IncidentGroup, firstType: ExceptionType): string {
  const what = g.cause && g.cause !== firstType ? `${g.cause.replace(/_/g, ' ')} ${g.type ? TYPE_LABEL[g.type] : 'failures'}` : TYPE_LABEL[g.type ?? firstType];
  const scope = [g.entity, g.period].filter(Boolean).join(' ');
  return `${g.flow}: ${what}${scope ? ` (${scope})` : ''}`;
}
