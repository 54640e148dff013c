import { type GroupByKey } from '@closewatch/contracts/alerts';
import { type IncidentFacts } from './alert-matching';
import { type PlanIncident } from './alert-plan';
import { type AlertPayload } from './delivery/payloads';
import { type IncidentFactsRow, type SnapshotRow } from './alerts.queries';

/** An incident as routing sees it: type and entity also from its exceptions (an incident not grouped by them has several). */
export function planIncidentOf(r: IncidentFactsRow): PlanIncident {
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null && x !== ''))];
  const facts: IncidentFacts = {
    flow: [r.flow_id],
    type: uniq([r.exception_type, ...r.types]),
    severity: [r.severity],
    impact: uniq(r.impacts ?? []),
    entity: uniq([r.entity, ...r.entities]),
    owner: uniq([r.owner_team]),
  };
  const groupValues: Record<GroupByKey, string | null> = {
    flow: r.flow_id,
    cause: r.cause,
    type: r.exception_type ?? (facts.type.length === 1 ? facts.type[0]! : null),
    severity: r.severity,
    entity: r.entity ?? (facts.entity.length === 1 ? facts.entity[0]! : null),
    period: r.period,
    owner: r.owner_team,
  };
  return { id: r.id, status: r.status, facts, flowRoute: r.alert_route, groupValues };
}

/** The flow's runbook for the incident's error class (its cause, else its type), else its `default` one. */
export function runbookOf(r: Pick<SnapshotRow, 'runbooks' | 'cause' | 'exception_type'>): { runbook?: string } {
  const books = r.runbooks ?? {};
  const url = (r.cause ? books[r.cause] : undefined) ?? (r.exception_type ? books[r.exception_type] : undefined) ?? books.default;
  return url ? { runbook: url } : {};
}

export function payloadOf(r: SnapshotRow, publicUrl: string): AlertPayload {
  return {
    incident: {
      id: r.id,
      title: r.title,
      flow: r.flow_id,
      cause: r.cause,
      type: r.exception_type,
      entity: r.entity,
      period: r.period,
      status: r.status,
      severity: r.severity,
      exceptionCount: r.exception_count,
      unresolvedCount: r.unresolved_count,
      firstSeenAt: r.first_seen_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
      resolvedAt: r.resolved_at?.toISOString() ?? null,
      amountsAtRisk: r.amounts_at_risk,
      impacts: r.impacts ?? [],
      ownerTeam: r.owner_team,
    },
    exceptions: r.exceptions,
    links: { incident: `${publicUrl}/incidents/${r.id}`, ...runbookOf(r) },
  };
}
