import { type ExceptionToPlace } from '../exceptions/incident-grouping.port';
import { type IncidentGroupKey } from '../config/exception-settings';
import { type IncidentCandidate, type IncidentGroup, incidentGroupOf, incidentTitle, pickIncident } from './incident-grouping';

/** New exceptions of one incident group, earliest seen first. */
export interface GroupToPlace {
  group: IncidentGroup;
  members: ExceptionToPlace[];
}

/** The time range in which a group's recent incidents can take its new exceptions. */
export interface GroupWindow {
  key: string;
  lo: string;
  hi: string;
}

/** An incident to insert, as the insert statement reads it (times as ISO text). */
export interface IncidentToCreate {
  id: string;
  group_key: string;
  flow_id: string;
  cause: string | null;
  exception_type: string | null;
  entity: string | null;
  period: string | null;
  title: string;
  first_seen_at: string;
  last_seen_at: string;
}

export interface PlacementPlan {
  /** Exception ref → incident id. */
  incidentOf: Map<string, string>;
  /** The incidents the exceptions go to, created ones included, in the order first used. */
  incidentIds: string[];
  created: IncidentToCreate[];
}

/** The exceptions by group key, the keys sorted (the order their advisory locks are taken in). */
export function groupsToPlace(exceptions: readonly ExceptionToPlace[], groupBy: readonly IncidentGroupKey[]): Map<string, GroupToPlace> {
  const groups = new Map<string, GroupToPlace>();
  for (const e of exceptions) {
    const group = incidentGroupOf(e, groupBy);
    const entry = groups.get(group.key) ?? { group, members: [] };
    entry.members.push(e);
    groups.set(group.key, entry);
  }
  const sorted = new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  for (const g of sorted.values()) g.members.sort((a, b) => a.firstSeenAt.getTime() - b.firstSeenAt.getTime());
  return sorted;
}

/** Per group: from its earliest exception minus the window to its latest plus the window. */
export function groupWindows(groups: ReadonlyMap<string, GroupToPlace>, windowMs: number): GroupWindow[] {
  return [...groups.entries()].map(([key, { members }]) => {
    const latest = members.reduce((t, e) => (e.lastSeenAt > t ? e.lastSeenAt : t), members[0]!.firstSeenAt);
    return { key, lo: new Date(members[0]!.firstSeenAt.getTime() - windowMs).toISOString(), hi: new Date(latest.getTime() + windowMs).toISOString() };
  });
}

/**
 * Places each exception, earliest first per group, in the incident it joins (pickIncident) among
 * its group's recent incidents and those opened for earlier ones; where none fits, a new incident
 * (its id from `newId`). An incident joined widens to cover the exception, for the next ones.
 */
export function planPlacement(
  groups: ReadonlyMap<string, GroupToPlace>,
  recent: ReadonlyMap<string, readonly IncidentCandidate[]>,
  windowMs: number,
  newId: () => string,
): PlacementPlan {
  const incidentOf = new Map<string, string>();
  const created: IncidentToCreate[] = [];
  const touched = new Set<string>();
  for (const [key, { group, members }] of groups) {
    const candidates = (recent.get(key) ?? []).map((c) => ({ ...c }));
    for (const e of members) {
      let id = pickIncident(candidates, e.firstSeenAt, windowMs);
      if (id === null) {
        id = newId();
        created.push({
          id,
          group_key: key,
          flow_id: group.flow,
          cause: group.cause,
          exception_type: group.type,
          entity: group.entity,
          period: group.period,
          title: incidentTitle(group, e.type),
          first_seen_at: e.firstSeenAt.toISOString(),
          last_seen_at: e.lastSeenAt.toISOString(),
        });
        candidates.push({ id, firstSeenAt: e.firstSeenAt, lastSeenAt: e.lastSeenAt });
      } else {
        const c = candidates.find((x) => x.id === id)!;
        if (e.firstSeenAt < c.firstSeenAt) c.firstSeenAt = e.firstSeenAt;
        if (e.lastSeenAt > c.lastSeenAt) c.lastSeenAt = e.lastSeenAt;
      }
      incidentOf.set(e.ref, id);
      touched.add(id);
    }
  }
  return { incidentOf, incidentIds: [...touched], created };
}
