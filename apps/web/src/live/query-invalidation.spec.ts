import { type QueryKey, QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import { resyncChanges } from './exception-changes';
import { alertNotificationTargets, exceptionChangeTargets, flowHealthTargets, reconRunTargets } from './query-invalidation';

const AT = '2026-12-01T00:00:00.000Z';

/** Fills a cache with `keys`, invalidates `targets` and returns the keys that went stale. */
async function staleAfter(
  keys: Record<string, { key: QueryKey; data?: unknown }>,
  targets: Parameters<QueryClient['invalidateQueries']>[0][],
): Promise<string[]> {
  const client = new QueryClient();
  for (const { key, data } of Object.values(keys)) client.setQueryData(key, data ?? {});
  for (const t of targets) await client.invalidateQueries(t);
  return Object.entries(keys)
    .filter(([, { key }]) => client.getQueryState(key)?.isInvalidated)
    .map(([name]) => name)
    .sort();
}

describe('query invalidation from live events', () => {
  const exceptionKeys = {
    queue: { key: queryKeys.exceptions.list({ status: 'open' }, 50) },
    aging: { key: queryKeys.exceptions.aging({}) },
    changedException: { key: queryKeys.exceptions.detail('e1') },
    otherException: { key: queryKeys.exceptions.detail('e2') },
    incidents: { key: queryKeys.incidents.list({}, 50) },
    incidentWithChanged: { key: queryKeys.incidents.detail('i1'), data: { exceptions: [{ id: 'e1' }] } },
    otherIncident: { key: queryKeys.incidents.detail('i2'), data: { exceptions: [{ id: 'e9' }] } },
    namedIncident: { key: queryKeys.incidents.detail('i3'), data: { exceptions: [] } },
    recons: { key: queryKeys.recons.list(100) },
    cash: { key: queryKeys.impact.cash({ period: '2026-11', currency: '', entity: '' }) },
    boardMetrics: { key: queryKeys.impact.boardMetrics({ period: '2026-11', currency: '' }) },
  };

  it('marks lists, aging, the named records and incidents that show a changed exception', async () => {
    const stale = await staleAfter(
      exceptionKeys,
      exceptionChangeTargets({ causes: ['intake'], exceptionIds: ['e1'], incidentIds: ['i3'], at: AT, resync: false }),
    );
    expect(stale).toEqual(['aging', 'boardMetrics', 'cash', 'changedException', 'incidentWithChanged', 'incidents', 'namedIncident', 'queue']);
  });

  it('leaves incident lists alone when no incident changed', async () => {
    const stale = await staleAfter(
      exceptionKeys,
      exceptionChangeTargets({ causes: ['transition'], exceptionIds: ['e2'], incidentIds: [], at: AT, resync: false }),
    );
    expect(stale).toEqual(['aging', 'boardMetrics', 'cash', 'otherException', 'queue']);
  });

  it('marks every exception and incident query after a reconnect', async () => {
    const stale = await staleAfter(exceptionKeys, exceptionChangeTargets(resyncChanges(AT)));
    expect(stale).toEqual([
      'aging',
      'boardMetrics',
      'cash',
      'changedException',
      'incidentWithChanged',
      'incidents',
      'namedIncident',
      'otherException',
      'otherIncident',
      'queue',
    ]);
  });

  const reconKeys = {
    list: { key: queryKeys.recons.list(100) },
    recon: { key: queryKeys.recons.detail('r1') },
    otherRecon: { key: queryKeys.recons.detail('r2') },
    history: { key: queryKeys.recons.runs('r1', 100) },
    otherHistory: { key: queryKeys.recons.runs('r2', 100) },
    run: { key: queryKeys.reconRuns.detail('run1') },
    breaks: { key: queryKeys.reconRuns.breaks('run1', {}, 50) },
    otherRun: { key: queryKeys.reconRuns.detail('run2') },
    boardMetrics: { key: queryKeys.impact.boardMetrics({ period: '2026-11', currency: 'EUR' }) },
  };

  it('marks the definition, its history, the run and its breaks on a run event', async () => {
    const event = { runId: 'run1', reconId: 'r1', flow: 'f', status: 'succeeded' as const, matched: 1, breaks: null, error: null, at: AT };
    expect(await staleAfter(reconKeys, reconRunTargets(event))).toEqual(['boardMetrics', 'breaks', 'history', 'list', 'recon', 'run']);
    expect(await staleAfter(reconKeys, reconRunTargets(null))).toEqual(Object.keys(reconKeys).sort());
  });

  it('marks the health list and the changed flow health and records in flight, not its lag chart', async () => {
    const keys = {
      list: { key: queryKeys.health.list() },
      health: { key: queryKeys.health.detail('f1', { windowSeconds: 3600 }) },
      inFlight: { key: queryKeys.health.inFlight('f1', 'all', 25) },
      lag: { key: queryKeys.health.lag('f1', { windowSeconds: 3600, stepSeconds: 60 }) },
      otherFlow: { key: queryKeys.health.detail('f2', { windowSeconds: 3600 }) },
      boardMetrics: { key: queryKeys.impact.boardMetrics({ period: '2026-11', currency: '' }) },
    };
    const event = { at: AT, windowSeconds: 3600, changes: [{ flow: 'f1', status: 'stale' as const, previous: 'healthy' as const, reason: 'lag' }] };
    expect(await staleAfter(keys, flowHealthTargets(event))).toEqual(['boardMetrics', 'health', 'inFlight', 'list']);
    expect(await staleAfter(keys, flowHealthTargets(null))).toEqual(Object.keys(keys).sort());
  });

  it('marks every delivery log and the named notifications, not the alert configuration', async () => {
    const keys = {
      log: { key: queryKeys.alerts.notifications({ status: 'pending,failed' }, 100) },
      incidentLog: { key: queryKeys.alerts.notifications({ incidentId: 'i1' }, 100) },
      named: { key: queryKeys.alerts.notification('n1') },
      other: { key: queryKeys.alerts.notification('n2') },
      routes: { key: queryKeys.alerts.routes() },
    };
    const event = { at: AT, notifications: [{ id: 'n1', incidentIds: ['i1'], receiver: 'pd', action: 'trigger' as const, status: 'delivered' as const }] };
    expect(await staleAfter(keys, alertNotificationTargets(event))).toEqual(['incidentLog', 'log', 'named']);
    expect(await staleAfter(keys, alertNotificationTargets(null))).toEqual(['incidentLog', 'log', 'named', 'other']);
  });
});
