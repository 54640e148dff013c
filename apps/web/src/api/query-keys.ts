import { type ConfigKind } from '@closewatch/contracts/config-history';
import { type SyncDataStatus } from '@closewatch/contracts/sync-health';
import { type NotificationFilters } from './alerts';
import { type AuditFilters } from './audit';
import { type ExceptionFilters } from './exceptions';
import { type BoardMetricSeriesRequest, type BoardMetricsRequest, type CashRequest, type CashSeriesRequest } from './impact';
import { type FlowFilters } from './flows';
import { type HopFilters } from './hops';
import { type IncidentFilters } from './incidents';
import { type ReplayFilters, type ReplaySeriesRequest } from './replays';
import { type ReadinessFilters } from './readiness';
import { type BreakFilters } from './recon-runs';
import { type RunFilters } from './runs';
import { type SeriesRequest } from './stats';
import { type HealthRequest } from './sync-health';

/**
 * Every TanStack Query key of the dashboard, one factory per resource. Keys nest (a resource's
 * `all` is the prefix of its lists and details), so a live event or a mutation invalidates a
 * whole resource, or one list or record of it, with one prefix.
 */
export const queryKeys = {
  exceptions: {
    all: ['exceptions'] as const,
    lists: () => [...queryKeys.exceptions.all, 'list'] as const,
    list: (filters: ExceptionFilters, pageSize: number) => [...queryKeys.exceptions.lists(), filters, pageSize] as const,
    details: () => [...queryKeys.exceptions.all, 'detail'] as const,
    detail: (id: string) => [...queryKeys.exceptions.details(), id] as const,
    aging: (filters: ExceptionFilters) => [...queryKeys.exceptions.all, 'aging', filters] as const,
  },
  incidents: {
    all: ['incidents'] as const,
    lists: () => [...queryKeys.incidents.all, 'list'] as const,
    list: (filters: IncidentFilters, pageSize: number) => [...queryKeys.incidents.lists(), filters, pageSize] as const,
    details: () => [...queryKeys.incidents.all, 'detail'] as const,
    detail: (id: string) => [...queryKeys.incidents.details(), id] as const,
  },
  recons: {
    all: ['recons'] as const,
    list: (pageSize: number) => [...queryKeys.recons.all, 'list', pageSize] as const,
    detail: (id: string) => [...queryKeys.recons.all, 'detail', id] as const,
    runs: (id: string, limit: number) => [...queryKeys.recons.all, 'runs', id, limit] as const,
  },
  reconRuns: {
    all: ['recon-runs'] as const,
    detail: (runId: string) => [...queryKeys.reconRuns.all, runId, 'detail'] as const,
    breaks: (runId: string, filters: BreakFilters, pageSize: number) => [...queryKeys.reconRuns.all, runId, 'breaks', filters, pageSize] as const,
  },
  flows: {
    all: ['flows'] as const,
    list: (filters: Omit<FlowFilters, 'cursor'>) => [...queryKeys.flows.all, 'list', filters] as const,
    detail: (id: string) => [...queryKeys.flows.all, 'detail', id] as const,
    hops: (filters: Omit<HopFilters, 'cursor'>) => [...queryKeys.flows.all, 'hops', filters] as const,
    runs: (filters: Omit<RunFilters, 'cursor'>) => [...queryKeys.flows.all, 'runs', filters] as const,
  },
  systems: { all: ['systems'] as const },
  /** Sync health keys carry the flow right after the prefix, so one flow's health, lag and records in flight invalidate together. */
  health: {
    all: ['health'] as const,
    list: () => [...queryKeys.health.all, 'list'] as const,
    flow: (flow: string) => [...queryKeys.health.all, 'flow', flow] as const,
    detail: (flow: string, req: HealthRequest) => [...queryKeys.health.flow(flow), 'detail', req] as const,
    lag: (flow: string, req: HealthRequest & { stepSeconds: number }) => [...queryKeys.health.flow(flow), 'lag', req] as const,
    inFlight: (flow: string, dataStatus: SyncDataStatus | 'all', pageSize: number) =>
      [...queryKeys.health.flow(flow), 'in-flight', dataStatus, pageSize] as const,
  },
  stats: {
    all: ['stats'] as const,
    series: (req: SeriesRequest, version: string | number) => [...queryKeys.stats.all, 'series', req, version] as const,
    /** Per-flow stats that `flows.stats` pushes update in place. */
    live: (windowSeconds: number) => [...queryKeys.stats.all, 'live', windowSeconds] as const,
  },
  /** The newest hops (of one flow or of all) that `hops.created` pushes prepend to. */
  liveHops: (flow: string | undefined, max: number) => ['live-hops', flow ?? '*', max] as const,
  close: {
    all: ['close'] as const,
    overview: (day: string) => [...queryKeys.close.all, 'overview', day] as const,
    fxRates: (base: string) => [...queryKeys.close.all, 'fx-rates', base] as const,
  },
  /** Close readiness: the matrix and each cell's history; `close.readiness` events invalidate it all. */
  readiness: {
    all: ['readiness'] as const,
    list: (filters: ReadinessFilters) => [...queryKeys.readiness.all, 'list', filters] as const,
    history: (entity: string, period: string) => [...queryKeys.readiness.all, 'history', entity, period] as const,
    signOff: (entity: string, period: string) => [...queryKeys.readiness.all, 'signoff', entity, period] as const,
  },
  /** Finance impact reads exceptions, reconciliation runs and flow health: any of them changing makes it stale. */
  impact: {
    all: ['impact'] as const,
    cash: (req: CashRequest) => [...queryKeys.impact.all, 'cash', req] as const,
    cashSeries: (req: CashSeriesRequest) => [...queryKeys.impact.all, 'cash-series', req] as const,
    boardMetrics: (req: BoardMetricsRequest) => [...queryKeys.impact.all, 'board-metrics', req] as const,
    boardMetricSeries: (req: BoardMetricSeriesRequest) => [...queryKeys.impact.all, 'board-metric-series', req] as const,
  },
  alerts: {
    all: ['alerts'] as const,
    receivers: () => [...queryKeys.alerts.all, 'receivers'] as const,
    routes: () => [...queryKeys.alerts.all, 'routes'] as const,
    silences: (state: string) => [...queryKeys.alerts.all, 'silences', state] as const,
    notifications: (filters: NotificationFilters, limit: number) => [...queryKeys.alerts.all, 'notifications', filters, limit] as const,
    notification: (id: string) => [...queryKeys.alerts.all, 'notification', id] as const,
  },
  replays: {
    all: ['replays'] as const,
    list: (filters: ReplayFilters, limit: number) => [...queryKeys.replays.all, 'list', filters, limit] as const,
    series: (req: ReplaySeriesRequest) => [...queryKeys.replays.all, 'series', req] as const,
    pages: (filters: ReplayFilters, limit: number) => [...queryKeys.replays.all, 'pages', filters, limit] as const,
    preview: (incidentId: string) => [...queryKeys.replays.all, 'preview', incidentId] as const,
  },
  audit: {
    all: ['audit'] as const,
    list: (filters: AuditFilters, limit: number) => [...queryKeys.audit.all, 'list', filters, limit] as const,
    lastCheckpoint: () => [...queryKeys.audit.all, 'last-checkpoint'] as const,
  },
  users: { all: ['users'] as const },
  ingestKeys: { all: ['ingest-keys'] as const },
  connections: { all: ['connections'] as const },
  traces: { detail: (traceId: string) => ['traces', traceId] as const },
  lineage: { detail: (recordKey: string) => ['lineage', recordKey] as const },
  /** Versions of governed configuration and four-eyes changes; any configuration change makes them stale. */
  config: {
    all: ['config'] as const,
    versions: (kind: ConfigKind, id: string) => [...queryKeys.config.all, 'versions', kind, id] as const,
    diff: (kind: ConfigKind, id: string, from: number, to: number) => [...queryKeys.config.all, 'diff', kind, id, from, to] as const,
    changes: (status: string) => [...queryKeys.config.all, 'changes', status] as const,
  },
};
