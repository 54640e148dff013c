import { type AlertNotificationsChangedEvent } from '@closewatch/contracts/alerts';
import { type IncidentDetailDto } from '@closewatch/contracts/exceptions';
import { type ReconRunEvent } from '@closewatch/contracts/recon';
import { type FlowHealthChangedEvent } from '@closewatch/contracts/sync-health';
import { type InvalidateQueryFilters } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import { type ExceptionChanges } from './exception-changes';

/**
 * Which queries a batch of `exceptions.changed` makes stale: every exception list and the aging
 * report, the exceptions and incidents named, incident lists when an incident changed, any
 * incident shown with one of the changed exceptions, and the finance impact views (amounts at
 * risk are sums of exceptions). A resync (reconnect) touches all of them.
 */
export function exceptionChangeTargets(changes: ExceptionChanges): InvalidateQueryFilters[] {
  if (changes.resync) return [{ queryKey: queryKeys.exceptions.all }, { queryKey: queryKeys.incidents.all }, { queryKey: queryKeys.impact.all }];
  const changed = new Set(changes.exceptionIds);
  const targets: InvalidateQueryFilters[] = [
    { queryKey: queryKeys.exceptions.lists() },
    { queryKey: [...queryKeys.exceptions.all, 'aging'] },
    ...changes.exceptionIds.map((id) => ({ queryKey: queryKeys.exceptions.detail(id) })),
    ...changes.incidentIds.map((id) => ({ queryKey: queryKeys.incidents.detail(id) })),
    {
      queryKey: queryKeys.incidents.details(),
      predicate: (q) => (q.state.data as IncidentDetailDto | undefined)?.exceptions.some((e) => changed.has(e.id)) ?? false,
    },
    { queryKey: queryKeys.impact.all },
  ];
  if (changes.incidentIds.length) targets.push({ queryKey: queryKeys.incidents.lists() });
  return targets;
}

/** Which queries a `recon.run` event (null: the stream reconnected) makes stale; board metrics read whether flows are reconciled. */
export function reconRunTargets(event: ReconRunEvent | null): InvalidateQueryFilters[] {
  const boardMetrics = { queryKey: [...queryKeys.impact.all, 'board-metrics'] };
  if (event === null) return [{ queryKey: queryKeys.recons.all }, { queryKey: queryKeys.reconRuns.all }, boardMetrics];
  return [
    boardMetrics,
    { queryKey: [...queryKeys.recons.all, 'list'] },
    { queryKey: queryKeys.recons.detail(event.reconId) },
    { queryKey: [...queryKeys.recons.all, 'runs', event.reconId] },
    // The run itself and its breaks (breaks and exception links land when it finishes).
    { queryKey: [...queryKeys.reconRuns.all, event.runId] },
  ];
}

/** Which queries a `flows.health` event (null: the stream reconnected) makes stale; lag charts keep their own schedule; board metrics read flow health. */
export function flowHealthTargets(event: FlowHealthChangedEvent | null): InvalidateQueryFilters[] {
  const boardMetrics = { queryKey: [...queryKeys.impact.all, 'board-metrics'] };
  if (event === null) return [{ queryKey: queryKeys.health.all }, boardMetrics];
  return [
    boardMetrics,
    { queryKey: queryKeys.health.list() },
    ...event.changes.flatMap((c) => [
      { queryKey: [...queryKeys.health.flow(c.flow), 'detail'] },
      { queryKey: [...queryKeys.health.flow(c.flow), 'in-flight'] },
    ]),
  ];
}

/** Which queries a `close.readiness` event (null: the stream reconnected) makes stale: the matrix and histories. */
/** Replay requests made or moved: every replay list, history and series (the exceptions they resolve come with `exceptions.changed`). */
export function replayTargets(): InvalidateQueryFilters[] {
  return [{ queryKey: queryKeys.replays.all }];
}

export function readinessTargets(): InvalidateQueryFilters[] {
  return [{ queryKey: queryKeys.readiness.all }];
}

/**
 * Which queries an `alerts.notifications` event (null: the stream reconnected) makes stale: every
 * delivery log (the Alerts page's, each incident's) and the named notifications' attempt logs.
 */
export function alertNotificationTargets(event: AlertNotificationsChangedEvent | null): InvalidateQueryFilters[] {
  const logs = { queryKey: [...queryKeys.alerts.all, 'notifications'] };
  if (event === null) return [logs, { queryKey: [...queryKeys.alerts.all, 'notification'] }];
  return [logs, ...event.notifications.map((n) => ({ queryKey: queryKeys.alerts.notification(n.id) }))];
}
