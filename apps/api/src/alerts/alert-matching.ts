import { type AlertMatch, type GroupByKey, MATCH_KEYS, type MatchKey } from '@closewatch/contracts/alerts';

/** What routes and silences match an incident on: each key has the incident's values (an impact list, for one). */
export type IncidentFacts = Record<MatchKey, string[]>;

/** A route as matching reads it (ordered by `order`, then name). */
export interface MatchableRoute {
  name: string;
  order: number;
  match: AlertMatch;
  receivers: string[];
  continue: boolean;
}

const asList = (v: string | readonly string[] | undefined): readonly string[] | undefined => (v === undefined ? undefined : typeof v === 'string' ? [v] : v);

/**
 * Whether every matcher given matches: a matcher (one value or a list) matches when any of the
 * incident's values for that key is among its values. Keys left out match anything; an empty
 * matcher set matches every incident.
 */
export function matches(match: AlertMatch, facts: IncidentFacts): boolean {
  return MATCH_KEYS.every((key) => {
    const wanted = asList(match[key]);
    return wanted === undefined || facts[key].some((v) => wanted.includes(v));
  });
}

/**
 * The routes an incident goes to: the flow's `alertRoute` first when it names an existing route
 * (picked by name, whatever its matchers), then the others in order; each matching route is
 * taken and matching stops at the first taken one without `continue`.
 */
export function routesFor<R extends MatchableRoute>(routes: readonly R[], facts: IncidentFacts, flowRoute: string | null): R[] {
  const ordered = [...routes].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  const picked = flowRoute ? ordered.find((r) => r.name === flowRoute) : undefined;
  const taken: R[] = [];
  if (picked) {
    taken.push(picked);
    if (!picked.continue) return taken;
  }
  for (const r of ordered) {
    if (r === picked || !matches(r.match, facts)) continue;
    taken.push(r);
    if (!r.continue) break;
  }
  return taken;
}

/** The group of an incident within a route: the route's name and the values of its groupBy keys (an empty groupBy: one group per incident). */
export function groupKeyOf(route: string, groupBy: readonly GroupByKey[], values: Record<GroupByKey, string | null>, incidentId: string): string {
  if (!groupBy.length) return JSON.stringify([route, incidentId]);
  return JSON.stringify([route, ...groupBy.map((k) => values[k])]);
}
