import { type AlertMatch, type GroupByKey, type NotificationAction } from '@closewatch/contracts/alerts';
import { type IncidentStatus } from '@closewatch/contracts/exceptions';
import { groupKeyOf, type IncidentFacts, type MatchableRoute, matches, routesFor } from './alert-matching';

/**
 * The alert state machine, pure: what an incident change (or the passing of time) sends, to
 * whom and when. Per incident and receiver a state `triggered` → `acknowledged` → `resolved`
 * (or `silenced` while a silence mutes it): a trigger is planned only for a receiver without a
 * state or whose incident resolved and opened again, so it is never sent twice for one episode.
 */

export type ReceiverState = 'triggered' | 'acknowledged' | 'resolved' | 'silenced';

export interface PlanRoute extends MatchableRoute {
  groupBy: GroupByKey[];
  groupWaitSeconds: number;
  groupIntervalSeconds: number;
  repeatIntervalSeconds: number;
  escalation: { afterMinutes: number; receiver: string }[];
}

export interface PlanIncident {
  id: string;
  status: IncidentStatus;
  facts: IncidentFacts;
  flowRoute: string | null;
  groupValues: Record<GroupByKey, string | null>;
}

export interface StateRow {
  incidentId: string;
  receiver: string;
  route: string;
  state: ReceiverState;
  repeatIntervalSeconds: number;
}

export interface PlanSilence {
  id: string;
  matchers: AlertMatch;
}

export interface PlannedNotification {
  incidentId: string;
  receiver: string;
  route: string;
  action: NotificationAction;
  status: 'pending' | 'silenced';
  dueAt: Date;
  /**
   * The route group of an incident's first trigger on a route with `groupBy`: such triggers of
   * one group, receiver and flush time may go out as one message (docs/alerts.md, "Grouping").
   */
  group?: { key: string; by: Partial<Record<GroupByKey, string | null>> };
}

export interface StateWrite {
  incidentId: string;
  receiver: string;
  route: string;
  state: ReceiverState;
  via: 'route' | 'escalation';
  repeatIntervalSeconds: number;
  repeatAt: Date | null;
  /** Set on a (re)trigger; kept otherwise. */
  triggeredAt: Date | null;
}

export interface IncidentRouteWrite {
  incidentId: string;
  route: string;
  escalateAt: Date | null;
}

export interface Plan {
  notifications: PlannedNotification[];
  states: StateWrite[];
  /** New (incident, route) rows, with the first escalation time. */
  incidentRoutes: IncidentRouteWrite[];
  /** Incidents whose escalation stops (acknowledged or resolved). */
  stopEscalation: string[];
  /** Group flush times to store. */
  groups: Map<string, { route: string; groupKey: string; flushAt: Date }>;
}

/**
 * When a new trigger of a group goes out: with the group's pending batch when there is one;
 * a group interval after the last batch while the group is recent; otherwise (a new group) a
 * group wait from now.
 */
export function groupFlushAt(lastFlushAt: Date | null, now: Date, waitSeconds: number, intervalSeconds: number): Date {
  const t = now.getTime();
  if (lastFlushAt) {
    const last = lastFlushAt.getTime();
    if (last >= t) return lastFlushAt;
    if (last + intervalSeconds * 1000 > t) return new Date(last + intervalSeconds * 1000);
  }
  return new Date(t + waitSeconds * 1000);
}

const after = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000);

export function silencedBy(silences: readonly PlanSilence[], facts: IncidentFacts): string[] {
  return silences.filter((s) => matches(s.matchers, facts)).map((s) => s.id);
}

/**
 * What incident changes send: `resolve` to every receiver triggered or acknowledged when the
 * incident resolved; `acknowledge` to every triggered one when it is acknowledged; `trigger` to
 * each receiver of the routes an open incident matches that has no state yet (or whose state
 * is resolved: the incident opened again), at the time its group flushes — or logged
 * `silenced` when a silence matches. Acknowledge and resolve are due at once (the worker still
 * delivers each receiver's notifications in order).
 */
export function planIncidentChanges(input: {
  incidents: readonly PlanIncident[];
  states: readonly StateRow[];
  routes: readonly PlanRoute[];
  silences: readonly PlanSilence[];
  /** Stored flush times per group key. */
  groupFlushes: ReadonlyMap<string, Date>;
  /** Incidents that already have a row per route (escalation state). */
  incidentRoutes: ReadonlySet<string>;
  now: Date;
}): Plan {
  const { now } = input;
  const plan: Plan = { notifications: [], states: [], incidentRoutes: [], stopEscalation: [], groups: new Map() };
  const flushes = new Map(input.groupFlushes);
  for (const incident of input.incidents) {
    const states = input.states.filter((s) => s.incidentId === incident.id);
    const write = (s: StateRow, state: ReceiverState, triggeredAt: Date | null = null, repeatAt: Date | null = null) =>
      plan.states.push({ ...s, state, via: 'route', repeatAt, triggeredAt });
    if (incident.status === 'resolved' || incident.status === 'acknowledged') {
      const action = incident.status === 'resolved' ? 'resolve' : 'acknowledge';
      const from: ReceiverState[] = action === 'resolve' ? ['triggered', 'acknowledged', 'silenced'] : ['triggered'];
      for (const s of states.filter((x) => from.includes(x.state))) {
        if (s.state !== 'silenced')
          plan.notifications.push({ incidentId: incident.id, receiver: s.receiver, route: s.route, action, status: 'pending', dueAt: now });
        write(s, action === 'resolve' ? 'resolved' : 'acknowledged');
      }
      plan.stopEscalation.push(incident.id);
      continue;
    }
    const silenced = silencedBy(input.silences, incident.facts).length > 0;
    const seen = new Set(states.map((s) => s.receiver));
    for (const route of routesFor(input.routes, incident.facts, incident.flowRoute)) {
      const key = groupKeyOf(route.name, route.groupBy, incident.groupValues, incident.id);
      let dueAt: Date | undefined;
      const due = () => {
        if (dueAt) return dueAt;
        dueAt = groupFlushAt(flushes.get(key) ?? null, now, route.groupWaitSeconds, route.groupIntervalSeconds);
        flushes.set(key, dueAt);
        plan.groups.set(key, { route: route.name, groupKey: key, flushAt: dueAt });
        return dueAt;
      };
      let triggered = false;
      for (const receiver of route.receivers) {
        const prior = states.find((s) => s.receiver === receiver);
        if (seen.has(receiver) && prior?.state !== 'resolved') continue;
        seen.add(receiver);
        const row: StateRow = { incidentId: incident.id, receiver, route: route.name, state: 'triggered', repeatIntervalSeconds: route.repeatIntervalSeconds };
        if (silenced) {
          plan.notifications.push({ incidentId: incident.id, receiver, route: route.name, action: 'trigger', status: 'silenced', dueAt: now });
          write(row, 'silenced', now);
          continue;
        }
        const at = due();
        const group = route.groupBy.length && !prior ? { key, by: Object.fromEntries(route.groupBy.map((k) => [k, incident.groupValues[k]])) } : undefined;
        plan.notifications.push({
          incidentId: incident.id,
          receiver,
          route: route.name,
          action: 'trigger',
          status: 'pending',
          dueAt: at,
          ...(group && { group }),
        });
        write(row, 'triggered', now, after(at, route.repeatIntervalSeconds));
        triggered = true;
      }
      const routeKey = `${incident.id}\u0000${route.name}`;
      if (triggered && !input.incidentRoutes.has(routeKey) && route.escalation.length) {
        plan.incidentRoutes.push({ incidentId: incident.id, route: route.name, escalateAt: after(now, route.escalation[0]!.afterMinutes * 60) });
      }
    }
  }
  return plan;
}

/** A receiver state whose repeat is due, with its incident's status. */
export interface RepeatCandidate extends StateRow {
  incidentStatus: IncidentStatus;
}

/** An (incident, route) whose next escalation step is due. */
export interface EscalationCandidate {
  incidentId: string;
  route: string;
  incidentStatus: IncidentStatus;
  triggeredAt: Date;
  step: number;
  facts: IncidentFacts;
}

export interface TickPlan {
  notifications: PlannedNotification[];
  /** Receivers whose repeat moves on (or stops: null). */
  repeats: { incidentId: string; receiver: string; repeatAt: Date | null }[];
  states: StateWrite[];
  escalations: { incidentId: string; route: string; step: number; escalateAt: Date | null }[];
}

/**
 * What the passing of time sends: `repeat` to a receiver still triggered (not acknowledged)
 * every repeat interval; `escalate` to the next receiver of the route's chain when the incident
 * is still open `afterMinutes` after it was triggered (logged `silenced` while a silence matches);
 * `trigger` to a receiver muted by a silence that has ended while its incident is still open.
 */
export function planTick(input: {
  repeats: readonly RepeatCandidate[];
  escalations: readonly EscalationCandidate[];
  unsilenced: readonly (StateRow & { incidentStatus: IncidentStatus })[];
  routes: ReadonlyMap<string, PlanRoute>;
  existingReceivers: ReadonlySet<string>;
  silences: readonly PlanSilence[];
  now: Date;
}): TickPlan {
  const { now } = input;
  const plan: TickPlan = { notifications: [], repeats: [], states: [], escalations: [] };
  for (const r of input.repeats) {
    const open = r.incidentStatus === 'open' && r.state === 'triggered';
    if (open) plan.notifications.push({ incidentId: r.incidentId, receiver: r.receiver, route: r.route, action: 'repeat', status: 'pending', dueAt: now });
    plan.repeats.push({ incidentId: r.incidentId, receiver: r.receiver, repeatAt: open ? after(now, r.repeatIntervalSeconds) : null });
  }
  for (const u of input.unsilenced) {
    if (u.incidentStatus !== 'open') continue;
    plan.notifications.push({ incidentId: u.incidentId, receiver: u.receiver, route: u.route, action: 'trigger', status: 'pending', dueAt: now });
    plan.states.push({ ...u, state: 'triggered', via: 'route', triggeredAt: now, repeatAt: after(now, u.repeatIntervalSeconds) });
  }
  for (const e of input.escalations) {
    const route = input.routes.get(e.route);
    const step = route?.escalation[e.step];
    if (!route || !step || e.incidentStatus !== 'open') {
      plan.escalations.push({ incidentId: e.incidentId, route: e.route, step: e.step, escalateAt: null });
      continue;
    }
    const next = route.escalation[e.step + 1];
    plan.escalations.push({
      incidentId: e.incidentId,
      route: e.route,
      step: e.step + 1,
      escalateAt: next ? new Date(e.triggeredAt.getTime() + next.afterMinutes * 60_000) : null,
    });
    const silenced = silencedBy(input.silences, e.facts).length > 0;
    plan.notifications.push({
      incidentId: e.incidentId,
      receiver: step.receiver,
      route: e.route,
      action: 'escalate',
      status: silenced ? 'silenced' : 'pending',
      dueAt: now,
    });
    if (!input.existingReceivers.has(`${e.incidentId}\u0000${step.receiver}`)) {
      plan.states.push({
        incidentId: e.incidentId,
        receiver: step.receiver,
        route: e.route,
        state: silenced ? 'silenced' : 'triggered',
        via: 'escalation',
        repeatIntervalSeconds: route.repeatIntervalSeconds,
        repeatAt: silenced ? null : after(now, route.repeatIntervalSeconds),
        triggeredAt: now,
      });
    }
  }
  return plan;
}
