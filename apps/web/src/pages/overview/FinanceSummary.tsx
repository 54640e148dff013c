import { Link } from 'react-router-dom';
import { ErrorBanner } from '../../components/ErrorBanner';
import { readinessMatrix } from '../../format/readiness';
import { useBoardMetrics } from '../../hooks/useBoardMetrics';
import { useCashImpact } from '../../hooks/useCashImpact';
import { useReadiness } from '../../hooks/useReadiness';
import { totalAmount, totalGap, utcPeriod } from '../impact/impact-view';

/** One finance figure that leads to the page behind it. */
function FinanceKpi({
  label,
  value,
  detail,
  tone,
  to,
  testId,
}: {
  label: string;
  value: string;
  detail?: string;
  tone?: 'bad' | 'warn';
  to: string;
  testId: string;
}) {
  return (
    <Link to={to} className={`kpi kpi-link${tone ? ` kpi-${tone}` : ''}`} data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">
        <span data-testid={`${testId}-value`}>{value}</span>
      </div>
      {detail ? <div className="small muted">{detail}</div> : null}
    </Link>
  );
}

/**
 * What finance asks first: which closes are blocked or at risk (recent periods), how much cash is
 * at risk this month, and which board metrics cannot be trusted this month. Live: readiness,
 * exceptions, reconciliation runs and flow health events refresh them.
 */
export function FinanceSummary() {
  const period = utcPeriod(new Date());
  const readiness = useReadiness();
  const cash = useCashImpact({ period, currency: '', entity: '' });
  const metrics = useBoardMetrics({ period, currency: '' });
  const counts = readiness.data ? readinessMatrix(readiness.data.items).counts : null;
  const blockedEntities = readiness.data ? new Set(readiness.data.items.filter((i) => i.status === 'blocked').map((i) => i.entity)).size : 0;
  const untrusted = metrics.data?.items.filter((m) => !m.trustworthy) ?? [];

  return (
    <section aria-label="Finance summary" data-testid="finance-summary">
      <ErrorBanner error={readiness.error ?? cash.error ?? metrics.error} />
      <div className="kpis">
        <FinanceKpi
          label="Closes blocked"
          value={counts ? String(counts.blocked) : '—'}
          detail={counts ? `${blockedEntities} entit${blockedEntities === 1 ? 'y' : 'ies'} · ${counts.at_risk} at risk · ${counts.ready} ready` : undefined}
          tone={counts && counts.blocked > 0 ? 'bad' : counts && counts.at_risk > 0 ? 'warn' : undefined}
          to="/close"
          testId="kpi-closes-blocked"
        />
        <FinanceKpi
          label={`Cash at risk (${period})`}
          value={cash.data ? totalAmount(cash.data.total) : '—'}
          detail={cash.data ? cashDetail(cash.data.exceptions, totalGap(cash.data.total)) : undefined}
          tone={cash.data && cash.data.exceptions > 0 ? 'warn' : undefined}
          to={`/impact/cash?period=${period}`}
          testId="kpi-cash-at-risk"
        />
        <FinanceKpi
          label={`Metrics not trustworthy (${period})`}
          value={metrics.data ? `${untrusted.length} / ${metrics.data.items.length}` : '—'}
          detail={untrusted.length ? untrusted.map((m) => m.metric).join(', ') : undefined}
          tone={untrusted.length ? 'warn' : undefined}
          to={`/impact/board-metrics?period=${period}`}
          testId="kpi-metrics-untrusted"
        />
      </div>
    </section>
  );
}

/** Under the cash figure: the exceptions behind it, and what the total leaves out (a rate missing) first. */
function cashDetail(exceptions: number, gap: string | null): string {
  const count = `${exceptions} open exception${exceptions === 1 ? '' : 's'} on cash flows`;
  return gap ? `${gap[0]!.toUpperCase()}${gap.slice(1)} · ${count}` : count;
}
