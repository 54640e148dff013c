import { SYNC_DATA_STATUSES, type SyncDataStatus } from '@closewatch/contracts/sync-health';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiRequestError } from '../../api/api-error';
import { Amount } from '../../components/Amount';
import { HealthBadge, StageTag, StatusBadge, UnregisteredMarker } from '../../components/Badges';
import { EmptyState, ErrorBanner, Loading, Panel } from '../../components/Feedback';
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
import { useStatsSeries } from '../../hooks/useStatsSeries';
import { BatchSchedulePanel } from './BatchSchedulePanel';
import { FlowExceptionsPanel } from './FlowExceptionsPanel';
import { HEALTH_WINDOWS, healthWindow } from './health-window';
import { InFlightPanel } from './InFlightPanel';
import { LagChart } from './LagChart';
import { SyncHealthPanel } from './SyncHealthPanel';
import './flows.css';

export default function FlowDetailPage() {
  const { flowId = '' } = useParams();
  const [params, setParams] = useSearchParams();
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
  const setParam = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  return (
    <div className="page" data-testid="flow-detail-page">
      <div className="page-header">
        <div>
          <div className="breadcrumb">
            <Link to="/flows">Flows</Link> /
          </div>
          <h1>
            {f?.name ?? flowId} {notInCatalog ? <UnregisteredMarker /> : null}
          </h1>
          <p className="muted mono small">{flowId}</p>
        </div>
        <div className="flow-status" data-testid="flow-status">
          {h ? (
            <>
              <SyncStatusBadge status={h.status} />
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
      </div>
      {flow.loading && !f ? <Loading /> : null}
      {notInCatalog ? (
        <div className="banner banner-info" role="status">
          This flow id is not in the catalog. Its hops and runs are kept and shown here; an admin can register it to give it an SLO, an owner and alerting.
        </div>
      ) : (
        <ErrorBanner error={flow.error} onRetry={flow.reload} />
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
                {f.impacts.length ? f.impacts.map((i) => <span key={i} className="chip">{humanize(i)}</span>) : '—'}
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
          <label className="field field-inline">
            <span>Data status</span>
            <select className="input" value={dataStatus} onChange={(e) => setParam('data', e.target.value === 'all' ? null : e.target.value)} data-testid="data-status-select">
              <option value="all">All</option>
              {[...new Set([...dataStatuses, ...(dataStatus === 'all' ? [] : [dataStatus])])].map((d) => (
                <option key={d} value={d}>
                  {humanize(d)}
                </option>
              ))}
            </select>
          </label>
          {health.loading && h ? <span className="small muted">updating…</span> : null}
        </div>
      ) : null}
      {f ? <ErrorBanner error={health.error} onRetry={health.reload} /> : null}
      {h ? <SyncHealthPanel health={h} windowLabel={range.label} /> : f && health.loading ? <Loading label="Measuring sync health…" /> : null}
      {f ? (
        <Panel title={`Sync lag and records posted · ${range.label.toLowerCase()}`} testId="flow-lag">
          {lag.data ? <LagChart series={lag.data} /> : lag.error ? <ErrorBanner error={lag.error} onRetry={lag.reload} /> : <Loading />}
        </Panel>
      ) : null}
      {f ? <FlowExceptionsPanel flow={flowId} /> : null}
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
          {series.data ? <ThroughputChart series={series.data} height={200} /> : series.error ? <ErrorBanner error={series.error} onRetry={series.reload} /> : <Loading />}
        </Panel>
      </div>

      <Panel title="Recent hops" actions={<button type="button" className="button button-small" onClick={hops.reload}>Refresh</button>} testId="flow-hops">
        <ErrorBanner error={hops.error} onRetry={hops.reload} />
        {hops.items.length ? (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Record</th>
                  <th scope="col">System</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col">Entity / period</th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                {hops.items.map((h, i) => (
                  <tr key={`${i}-${h.recordKey}-${h.occurredAt}`} data-testid="flow-hop-row">
                    <td>
                      <UtcTime iso={h.occurredAt} />
                    </td>
                    <td>
                      <Link to={`/lineage?recordKey=${encodeURIComponent(h.recordKey)}`} className="mono">
                        {h.recordKey}
                      </Link>
                      {h.recordType ? <div className="small muted">{h.recordType}</div> : null}
                    </td>
                    <td>{h.system}</td>
                    <td>
                      <StageTag stage={h.stage} />
                    </td>
                    <td>
                      <StatusBadge status={h.status} />
                    </td>
                    <td className="num">
                      <Amount amount={h.amount} currency={h.currency} />
                    </td>
                    <td>
                      {h.entity ?? '—'} / {h.period ?? '—'}
                    </td>
                    <td className="small text-bad">{h.error ? [h.error.class, h.error.message].filter(Boolean).join(': ') : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : hops.loading ? (
          <Loading />
        ) : (
          !hops.error && <EmptyState title="No hops yet" />
        )}
        {hops.hasMore ? (
          <div className="list-footer">
            <button type="button" className="button button-small" onClick={hops.loadMore} disabled={hops.loading}>
              Load older hops
            </button>
          </div>
        ) : null}
      </Panel>

      <Panel title="Batch runs" testId="flow-runs">
        <ErrorBanner error={runs.error} onRetry={runs.reload} />
        {runs.items.length ? (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Status</th>
                  <th scope="col">Started</th>
                  <th scope="col">Finished</th>
                  <th scope="col" className="num">
                    Read
                  </th>
                  <th scope="col" className="num">
                    Written
                  </th>
                  <th scope="col" className="num">
                    Rejected
                  </th>
                  <th scope="col">Entity / period</th>
                  <th scope="col">Watermark</th>
                </tr>
              </thead>
              <tbody>
                {runs.items.map((r) => (
                  <tr key={`${r.runId}-${r.status}`} data-testid="flow-run-row">
                    <td className="mono">{r.runId}</td>
                    <td>
                      <StatusBadge status={r.status} />
                      {r.error?.message ? <div className="small text-bad">{r.error.message}</div> : null}
                    </td>
                    <td>
                      <UtcTime iso={r.startedAt} />
                    </td>
                    <td>
                      <UtcTime iso={r.finishedAt} />
                    </td>
                    <td className="num">{r.rowsRead ?? '—'}</td>
                    <td className="num">{r.rowsWritten ?? '—'}</td>
                    <td className={`num${r.rowsRejected ? ' text-bad' : ''}`}>{r.rowsRejected ?? '—'}</td>
                    <td>
                      {r.entity ?? '—'} / {r.period ?? '—'}
                    </td>
                    <td className="mono small">{r.watermark ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : runs.loading ? (
          <Loading />
        ) : (
          !runs.error && <p className="muted pad">No batch runs reported for this flow.</p>
        )}
        {runs.hasMore ? (
          <div className="list-footer">
            <button type="button" className="button button-small" onClick={runs.loadMore} disabled={runs.loading}>
              Load older runs
            </button>
          </div>
        ) : null}
      </Panel>
    </div>
  );
}
