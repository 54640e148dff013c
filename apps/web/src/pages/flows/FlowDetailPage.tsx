import { SYNC_DATA_STATUSES, type SyncDataStatus } from '@closewatch/contracts/sync-health';
import { useParams, useSearchParams } from 'react-router-dom';
import { ApiRequestError } from '../../api/api-error';
import { type HopDto, type RunDto } from '@closewatch/contracts/telemetry';
import { Amount } from '../../components/Amount';
import { HealthBadge, StageTag, StatusBadge, UnregisteredMarker } from '../../components/Badges';
import { type Column } from '../../components/DataTable';
import { PagedTable } from '../../components/PagedTable';
import { FilterSelect, humanOptions } from '../../components/FilterSelect';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { HOP_COLUMNS } from '../../components/hop-columns';
import { PageHeader } from '../../components/PageHeader';
import { ThroughputChart } from '../../components/ThroughputChart';
import { SyncStatusBadge } from '../../components/SyncStatusBadge';
import { UtcTime } from '../../components/UtcTime';
import { formatPercent, formatRate } from '../../format/amount';
import { formatSeconds, humanize } from '../../format/catalog';
import { useFlow } from '../../hooks/useFlow';
import { useFlowHealth } from '../../hooks/useFlowHealth';
import { useFlowHops } from '../../hooks/useFlowHops';
import { useFlowRuns } from '../../hooks/useFlowRuns';
import { useFlowStats } from '../../hooks/useFlowStats';
import { useInFlight } from '../../hooks/useInFlight';
import { useLagSeries } from '../../hooks/useLagSeries';
import { useSetParam } from '../../hooks/useSetParam';
import { useStatsSeries } from '../../hooks/useStatsSeries';
import { BatchSchedulePanel } from './BatchSchedulePanel';
import { FlowExceptionsPanel } from './FlowExceptionsPanel';
import { HEALTH_WINDOWS, healthWindow } from './health-window';
import { InFlightPanel } from './InFlightPanel';
import { LagChart } from './LagChart';
import { FlowReplaysPanel } from './FlowReplaysPanel';
import { SyncHealthPanel } from './SyncHealthPanel';
import './flows.css';
import { Button } from '../../components/Button';
import { ConfigHistory } from '../../components/ConfigHistory';

const RECENT_HOP_COLUMNS: Column<HopDto>[] = [
  HOP_COLUMNS.time,
  HOP_COLUMNS.recordWithType,
  HOP_COLUMNS.system,
  HOP_COLUMNS.stage,
  HOP_COLUMNS.status,
  HOP_COLUMNS.amount,
  { header: 'Entity / period', cell: (h) => `${h.entity ?? '—'} / ${h.period ?? '—'}` },
  { header: 'Error', className: 'small text-bad', cell: (h) => (h.error ? [h.error.class, h.error.message].filter(Boolean).join(': ') : '') },
];

const RUN_COLUMNS: Column<RunDto>[] = [
  { header: 'Run', className: 'mono', cell: (r) => r.runId },
  {
    header: 'Status',
    cell: (r) => (
      <>
        <StatusBadge status={r.status} />
        {r.error?.message ? <div className="small text-bad">{r.error.message}</div> : null}
      </>
    ),
  },
  { header: 'Started', cell: (r) => <UtcTime iso={r.startedAt} /> },
  { header: 'Finished', cell: (r) => <UtcTime iso={r.finishedAt} /> },
  { header: 'Read', numeric: true, cell: (r) => r.rowsRead ?? '—' },
  { header: 'Written', numeric: true, cell: (r) => r.rowsWritten ?? '—' },
  { header: 'Rejected', numeric: true, className: (r) => (r.rowsRejected ? 'text-bad' : undefined), cell: (r) => r.rowsRejected ?? '—' },
  { header: 'Entity / period', cell: (r) => `${r.entity ?? '—'} / ${r.period ?? '—'}` },
  { header: 'Watermark', className: 'mono small', cell: (r) => r.watermark ?? '—' },
];

export default function FlowDetailPage() {
  const { flowId = '' } = useParams();
  const [params] = useSearchParams();
  const range = healthWindow(params.get('window'));
  const dataStatus = (SYNC_DATA_STATUSES as readonly string[]).includes(params.get('data') ?? '') ? (params.get('data') as SyncDataStatus) : 'all';
  const flow = useFlow(flowId);
  const { stats } = useFlowStats();
  const live = stats?.flows.find((f) => f.flow === flowId);
  const series = useStatsSeries({ flow: flowId, windowSeconds: range.hopsWindowSeconds, stepSeconds: range.hopsStepSeconds }, `${live?.hops ?? 0}`);
  const hops = useFlowHops({ flow: flowId, limit: 25 });
  const runs = useFlowRuns({ flow: flowId, limit: 25 });
  const notInCatalog = flow.error instanceof ApiRequestError && flow.error.status === 404;
  const f = flow.data;
  // Sync health is measured for catalog flows only.
  const healthFlow = f ? flowId : null;
  const health = useFlowHealth(healthFlow, { windowSeconds: range.seconds, dataStatus });
  const lag = useLagSeries(healthFlow, { windowSeconds: range.seconds, stepSeconds: range.lagStepSeconds, dataStatus });
  const inFlight = useInFlight(healthFlow, dataStatus);
  const h = health.data;
  const dataStatuses = h ? h.byDataStatus.map((m) => m.dataStatus) : [];
  const setParam = useSetParam();

  return (
    <div className="page" data-testid="flow-detail-page">
      <PageHeader
        up={{ to: '/flows', label: 'Flows' }}
        title={
          <>
            {f?.name ?? flowId} {notInCatalog ? <UnregisteredMarker /> : null}
          </>
        }
        aside={
          <div className="flow-status" data-testid="flow-status">
            {h ? (
              <>
                <SyncStatusBadge status={h.status} size="large" />
                <span className="flow-status-reason" data-testid="flow-sync-reason">
                  {h.reason}
                </span>
              </>
            ) : null}
            {live ? (
              <span className="small muted">
                ingest, last 5 min: <HealthBadge health={live.health} />
              </span>
            ) : null}
          </div>
        }
      >
        <p className="muted mono small">{flowId}</p>
      </PageHeader>
      {flow.isLoading ? <Loading /> : null}
      {notInCatalog ? (
        <div className="banner banner-info" role="status">
          This flow id is not in the catalog. Its hops and runs are kept and shown here; an admin can register it to give it an SLO, an owner and alerting.
        </div>
      ) : (
        <ErrorBanner error={flow.error} onRetry={() => void flow.refetch()} />
      )}

      {f ? (
        <Panel title="Definition" testId="flow-definition">
          <dl className="facts">
            <div>
              <dt>Source → target</dt>
              <dd>
                {f.sourceSystem} → {f.targetSystem}
              </dd>
            </div>
            <div>
              <dt>Pattern</dt>
              <dd>{humanize(f.pattern)}</dd>
            </div>
            <div>
              <dt>Workflow</dt>
              <dd>{humanize(f.workflow)}</dd>
            </div>
            <div>
              <dt>Freshness SLO</dt>
              <dd>
                max lag {formatSeconds(f.slo.maxLagSeconds)}
                {f.slo.scheduleCron ? (
                  <div className="small muted">
                    schedule <span className="mono">{f.slo.scheduleCron}</span> ({f.slo.scheduleTimezone}), grace {formatSeconds(f.slo.graceSeconds)}
                  </div>
                ) : null}
                {f.slo.maxSilenceSeconds !== undefined ? (
                  <div className="small muted">stale when silent for {formatSeconds(f.slo.maxSilenceSeconds)}</div>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>Owner team</dt>
              <dd>{f.ownerTeam ?? '—'}</dd>
            </div>
            <div>
              <dt>Alert route</dt>
              <dd>{f.alertRoute ?? '—'}</dd>
            </div>
            <div>
              <dt>Finance impact</dt>
              <dd>
                {f.impacts.length
                  ? f.impacts.map((i) => (
                      <span key={i} className="chip">
                        {humanize(i)}
                      </span>
                    ))
                  : '—'}
                {f.boardMetrics.length ? <div className="small muted">feeds {f.boardMetrics.join(', ')}</div> : null}
              </dd>
            </div>
            <div>
              <dt>Materiality</dt>
              <dd>{f.materiality ? <Amount amount={f.materiality.amount} currency={f.materiality.currency} /> : '—'}</dd>
            </div>
            <div>
              <dt>Entities</dt>
              <dd>{f.entities.length ? f.entities.join(', ') : 'all'}</dd>
            </div>
          </dl>
          {f.description ? <p className="pad muted">{f.description}</p> : null}
        </Panel>
      ) : null}

      {f ? (
        <div className="window-bar" role="group" aria-label="Window and data status">
          <div className="segmented" role="radiogroup" aria-label="Window">
            {HEALTH_WINDOWS.map((w) => (
              <button
                key={w.id}
                type="button"
                role="radio"
                aria-checked={w.id === range.id}
                className={`segment${w.id === range.id ? ' active' : ''}`}
                onClick={() => setParam('window', w.id === HEALTH_WINDOWS[0]!.id ? null : w.id)}
                data-testid={`window-${w.id}`}
              >
                {w.label}
              </button>
            ))}
          </div>
          <FilterSelect
            label="Data status"
            className="field field-inline"
            value={dataStatus}
            onChange={(v) => setParam('data', v, 'all')}
            options={[{ value: 'all', label: 'All' }, ...humanOptions([...new Set([...dataStatuses, ...(dataStatus === 'all' ? [] : [dataStatus])])])]}
            testId="data-status-select"
          />
          {health.isFetching && h ? <span className="small muted">updating…</span> : null}
        </div>
      ) : null}
      {f ? <ErrorBanner error={health.error} onRetry={() => void health.refetch()} /> : null}
      {h ? <SyncHealthPanel health={h} windowLabel={range.label} /> : f && health.isFetching ? <Loading label="Measuring sync health…" /> : null}
      {f ? (
        <Panel title={`Sync lag and records posted · ${range.label.toLowerCase()}`} testId="flow-lag">
          {lag.data ? <LagChart series={lag.data} /> : lag.error ? <ErrorBanner error={lag.error} onRetry={() => void lag.refetch()} /> : <Loading />}
        </Panel>
      ) : null}
      {f ? <FlowExceptionsPanel flow={flowId} /> : null}
      {f?.replay ? <FlowReplaysPanel flow={flowId} range={range} /> : null}
      {f ? <InFlightPanel list={inFlight} maxLagSeconds={f.slo.maxLagSeconds} /> : null}
      {h?.batch ? <BatchSchedulePanel batch={h.batch} /> : null}

      <div className="flow-detail-grid">
        <Panel title="Last 5 minutes" testId="flow-live-stats">
          {live ? (
            <dl className="facts">
              <div>
                <dt>Throughput</dt>
                <dd data-testid="flow-detail-throughput">{formatRate(live.throughputPerMinute)} hops/min</dd>
              </div>
              <div>
                <dt>Hops</dt>
                <dd>{live.hops}</dd>
              </div>
              <div>
                <dt>Error rate</dt>
                <dd className={live.errors ? 'text-bad' : undefined}>
                  {formatPercent(live.errorRate)} ({live.errors})
                </dd>
              </div>
              <div>
                <dt>Duplicates</dt>
                <dd>{live.duplicates}</dd>
              </div>
              <div>
                <dt>Runs (failed)</dt>
                <dd>
                  {live.runs} ({live.failedRuns})
                </dd>
              </div>
              <div>
                <dt>Last hop</dt>
                <dd>
                  {live.lastHopAt ? (
                    <>
                      <StageTag stage={live.lastHopStage} /> <UtcTime iso={live.lastHopAt} className="small" />
                    </>
                  ) : (
                    'never'
                  )}
                </dd>
              </div>
            </dl>
          ) : (
            <p className="muted pad">Nothing received in the last 5 minutes.</p>
          )}
        </Panel>
        <Panel title={`Hops and errors · ${range.hopsWindowSeconds < range.seconds ? 'last 24 hours' : range.label.toLowerCase()}`} testId="flow-chart">
          {series.data ? (
            <ThroughputChart series={series.data} asOf={series.dataUpdatedAt} height={200} />
          ) : series.error ? (
            <ErrorBanner error={series.error} onRetry={() => void series.refetch()} />
          ) : (
            <Loading />
          )}
        </Panel>
      </div>

      <Panel
        title="Recent hops"
        actions={
          <Button size="small" onClick={hops.reload}>
            Refresh
          </Button>
        }
        testId="flow-hops"
      >
        <PagedTable
          list={hops}
          empty={<EmptyState title="No hops yet" />}
          moreLabel="Load older hops"
          columns={RECENT_HOP_COLUMNS}
          rowKey={(h, i) => `${i}-${h.recordKey}-${h.occurredAt}`}
          rowProps={() => ({ 'data-testid': 'flow-hop-row' })}
        />
      </Panel>

      <Panel title="Batch runs" testId="flow-runs">
        <PagedTable
          list={runs}
          empty={<p className="muted pad">No batch runs reported for this flow.</p>}
          moreLabel="Load older runs"
          columns={RUN_COLUMNS}
          rowKey={(r) => `${r.runId}-${r.status}`}
          rowProps={() => ({ 'data-testid': 'flow-run-row' })}
        />
      </Panel>

      {notInCatalog ? null : <ConfigHistory kind="flow" objectId={flowId} />}
    </div>
  );
}
