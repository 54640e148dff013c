import { useMemo } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { ThroughputChart } from '../../components/ThroughputChart';
import { formatPercent, formatRate } from '../../format/amount';
import { useFlowStats } from '../../hooks/useFlowStats';
import { useThrottled } from '../../hooks/useThrottled';
import { useStatsSeries } from '../../hooks/useStatsSeries';
import { sortFlowsForOverview, statsTotals } from '../../live/stats-merge';
import { FinanceSummary } from './FinanceSummary';
import { FlowHealthTable } from './FlowHealthTable';
import { LiveFeedPanel } from './LiveFeedPanel';
import './overview.css';

const SERIES = { windowSeconds: 3600, stepSeconds: 60 };
const CHART_RELOAD_MS = 5_000;

export default function OverviewPage() {
  const { stats, error: statsError, updates } = useFlowStats();
  const totals = useMemo(() => (stats ? statsTotals(stats) : undefined), [stats]);
  const flows = useMemo(() => (stats ? sortFlowsForOverview(stats.flows) : []), [stats]);
  // The chart follows new traffic: it reloads when the live hop total moves, at most every 5 s
  // (its steps are minutes; under load the total moves every few hundred ms, and each reload is a
  // request, a cache entry and a redraw competing with the live feed).
  const series = useStatsSeries(SERIES, useThrottled(`${totals?.hops ?? 0}:${totals?.duplicates ?? 0}`, CHART_RELOAD_MS));

  return (
    <div className="page overview" data-testid="overview-page">
      <div className="page-header">
        <div>
          <h1>Overview</h1>
          <p className="muted">Every flow over the last 5 minutes; updates stream in live. Times are UTC.</p>
        </div>
      </div>
      <FinanceSummary />
      <ErrorBanner error={statsError} />
      <div className="kpis" data-testid="kpis">
        <Kpi label="Active flows" value={totals ? `${totals.active} / ${totals.flows}` : '—'} testId="kpi-active-flows" />
        <Kpi label="Throughput" value={totals ? formatRate(totals.throughputPerMinute) : '—'} unit="hops/min" testId="kpi-throughput" />
        <Kpi label="Hops (5 min)" value={totals ? totals.hops.toLocaleString('en-US') : '—'} testId="kpi-hops" />
        <Kpi
          label="Error rate"
          value={totals ? formatPercent(totals.errorRate) : '—'}
          tone={totals && totals.errors > 0 ? 'bad' : undefined}
          testId="kpi-error-rate"
        />
        <Kpi label="Duplicates (5 min)" value={totals ? totals.duplicates.toLocaleString('en-US') : '—'} testId="kpi-duplicates" />
        <Kpi
          label="Flows needing attention"
          value={totals ? String(totals.unhealthy) : '—'}
          tone={totals && totals.unhealthy > 0 ? 'warn' : undefined}
          testId="kpi-unhealthy"
        />
      </div>
      <div className="overview-grid">
        <div className="overview-main">
          <Panel title="Throughput and errors, last hour" testId="chart-panel">
            {series.data ? (
              <ThroughputChart series={series.data} asOf={series.dataUpdatedAt} />
            ) : series.error ? (
              <ErrorBanner error={series.error} onRetry={() => void series.refetch()} />
            ) : (
              <Loading />
            )}
          </Panel>
          <Panel
            title="Flows"
            actions={
              <span className="muted small" data-testid="stats-updates">
                {stats ? `${updates} live update${updates === 1 ? '' : 's'}` : ''}
              </span>
            }
            testId="flows-panel"
          >
            {stats ? <FlowHealthTable flows={flows} /> : statsError ? null : <Loading />}
          </Panel>
        </div>
        <LiveFeedPanel />
      </div>
    </div>
  );
}

function Kpi({ label, value, unit, tone, testId }: { label: string; value: string; unit?: string; tone?: 'bad' | 'warn'; testId: string }) {
  return (
    <div className={`kpi${tone ? ` kpi-${tone}` : ''}`} data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">
        <span data-testid={`${testId}-value`}>{value}</span>
        {unit ? <span className="kpi-unit">{unit}</span> : null}
      </div>
    </div>
  );
}
