import { type BoardMetricDto, type BoardMetricFlowDto, type CashSeriesStep } from '@closewatch/contracts/impact';
import { Link } from 'react-router-dom';
import { Badge } from '../../components/Badge';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FlowLink } from '../../components/FlowLink';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { SyncStatusBadge } from '../../components/SyncStatusBadge';
import { Table } from '../../components/Table';
import { useBoardMetricSeries, useBoardMetrics } from '../../hooks/useBoardMetrics';
import { FilterSelect } from '../../components/FilterSelect';
import { CashSeriesChart } from './CashSeriesChart';
import { ImpactFilterBar } from './ImpactFilterBar';
import { reasonLinks, SERIES_STEPS, totalText } from './impact-view';
import { useImpactParams } from './useImpactParams';
import './impact.css';

/** `/impact/board-metrics`: whether each board metric can be trusted for a period, and why not, and its amount at risk over time. */
export default function BoardMetricsPage() {
  const { params, period, currency, apiCurrency, set } = useImpactParams();
  const metrics = useBoardMetrics({ period, currency: apiCurrency });
  const items = metrics.data?.items;
  const step: CashSeriesStep = params.get('step') === 'hour' ? 'hour' : 'day';
  // The chart follows the metric in the address, else the first one that cannot be trusted, else the first.
  const chosen = params.get('metric') ?? items?.find((m) => !m.trustworthy)?.metric ?? items?.[0]?.metric ?? null;
  const series = useBoardMetricSeries(chosen ? { period, currency: apiCurrency, metric: chosen, step } : null);

  return (
    <div className="page" data-testid="board-metrics-page">
      <PageHeader title="Board metrics">
        <p className="muted">
          A metric is trustworthy for a period when every flow that feeds it is healthy, reconciled for the period without material breaks, and has no
          unresolved exception at or above its materiality.
        </p>
      </PageHeader>
      <ImpactFilterBar label="Board metrics filters" period={period} currency={currency} onChange={set} />
      <ErrorBanner error={metrics.error} onRetry={() => void metrics.refetch()} />
      {metrics.isPending ? <Loading /> : null}
      {items && items.length === 0 ? <EmptyState title="No board metrics">No flow names a board metric in the catalog (boardMetrics).</EmptyState> : null}
      <div className="impact-cards">
        {items?.map((m) => (
          <MetricCard key={m.metric} metric={m} />
        ))}
      </div>
      {items && items.length && chosen ? (
        <Panel
          title="Amount at risk over time"
          testId="metric-series-panel"
          actions={
            <>
              <FilterSelect
                label="Metric"
                value={chosen}
                onChange={(v) => set('metric', v)}
                options={items.map((m) => ({ value: m.metric, label: m.metric }))}
                testId="metric-series-metric"
              />
              <FilterSelect label="Step" value={step} onChange={(v) => set('step', v, 'day')} options={SERIES_STEPS} />
            </>
          }
        >
          <ErrorBanner error={series.error} onRetry={() => void series.refetch()} />
          {series.isPending ? <Loading /> : null}
          {series.data ? <CashSeriesChart series={series.data} /> : null}
        </Panel>
      ) : null}
    </div>
  );
}

function MetricCard({ metric: m }: { metric: BoardMetricDto }) {
  return (
    <Panel
      testId="board-metric"
      title={
        <>
          {m.metric}{' '}
          <Badge tone={m.trustworthy ? 'ok' : 'bad'} data-testid="trust-badge" data-trustworthy={m.trustworthy}>
            {m.trustworthy ? 'trustworthy' : 'not trustworthy'}
          </Badge>
        </>
      }
    >
      <div className="panel-body">
        <div className="impact-metric-summary">
          <span>
            At risk: <strong>{totalText(m.amountAtRisk)}</strong>
          </span>
          <span className="muted">
            {m.exceptions} unresolved {m.exceptions === 1 ? 'exception' : 'exceptions'}
          </span>
        </div>
        {m.reasons.length ? (
          <ul className="impact-reasons" aria-label={`Why ${m.metric} is not trustworthy`}>
            {m.reasons.map((r, i) => (
              <li key={i} data-testid="trust-reason" data-kind={r.kind}>
                {r.message}
                {reasonLinks(r).map((l) => (
                  <Link key={l.to} to={l.to}>
                    {l.label}
                  </Link>
                ))}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <Table compact aria-label={`Flows feeding ${m.metric}`}>
        <thead>
          <tr>
            <th scope="col">Flow</th>
            <th scope="col">Health</th>
            <th scope="col">Reconciled</th>
            <th scope="col" className="num">
              At risk
            </th>
          </tr>
        </thead>
        <tbody>
          {m.flows.map((f) => (
            <FeedingFlowRow key={f.flow} flow={f} />
          ))}
        </tbody>
      </Table>
    </Panel>
  );
}

function FeedingFlowRow({ flow: f }: { flow: BoardMetricFlowDto }) {
  return (
    <tr data-testid="feeding-flow">
      <td>
        <FlowLink flow={f.flow} />
      </td>
      <td>
        <SyncStatusBadge status={f.health.status} /> <span className="muted small">{f.health.reason}</span>
      </td>
      <td>
        <Badge tone={f.reconciled ? 'ok' : 'warn'}>{f.reconciled ? 'yes' : 'no'}</Badge>
        {f.recons.map((r) => (
          <div key={r.reconId} className="small impact-recon">
            <Link to={`/reconciliations/${encodeURIComponent(r.reconId)}`}>{r.name}</Link>: {r.state.replace(/_/g, ' ')}
            {r.runId ? (
              <>
                {' '}
                (<Link to={`/reconciliations/runs/${encodeURIComponent(r.runId)}`}>run</Link>)
              </>
            ) : null}
          </div>
        ))}
      </td>
      <td className="num">{totalText(f.amountAtRisk)}</td>
    </tr>
  );
}
