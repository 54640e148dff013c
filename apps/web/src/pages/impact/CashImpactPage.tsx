import { type CashImpactRowDto, type CashSeriesStep } from '@closewatch/contracts/impact';
import { Link } from 'react-router-dom';
import { Amount } from '../../components/Amount';
import { roundDecimal } from '../../format/amount';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FilterSelect } from '../../components/FilterSelect';
import { FlowLink } from '../../components/FlowLink';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { SeverityBadge } from '../../components/ExceptionBadges';
import { Table } from '../../components/Table';
import { useCashImpact, useCashSeries } from '../../hooks/useCashImpact';
import { CashSeriesChart } from './CashSeriesChart';
import { ImpactFilterBar } from './ImpactFilterBar';
import { exceptionLink, exceptionsLink, SERIES_STEPS, totalText } from './impact-view';
import { useImpactParams } from './useImpactParams';
import './impact.css';

/** `/impact/cash`: amount at risk in cash-affecting flows by entity and currency, and over time. */
export default function CashImpactPage() {
  const { params, period, currency, apiCurrency, entity, set } = useImpactParams();
  const step: CashSeriesStep = params.get('step') === 'hour' ? 'hour' : 'day';
  const req = { period, currency: apiCurrency, entity };
  const cash = useCashImpact(req);
  const series = useCashSeries({ ...req, step });
  const data = cash.data;

  return (
    <div className="page" data-testid="cash-impact-page">
      <PageHeader title="Cash at risk">
        <p className="muted">
          Unresolved exceptions with an amount on flows that affect cash, by entity and currency, converted into the reporting currency with the period&apos;s
          FX rates.
        </p>
      </PageHeader>
      <ImpactFilterBar label="Cash at risk filters" period={period} currency={currency} entity={entity} onChange={set} />
      <Panel title={`By entity and currency, ${period}`} testId="cash-table-panel">
        <ErrorBanner error={cash.error} onRetry={() => void cash.refetch()} />
        {cash.isPending ? <Loading /> : null}
        {data && data.rows.length === 0 ? (
          <EmptyState title="Nothing at risk">No unresolved exception with an amount on a cash flow in {period}.</EmptyState>
        ) : null}
        {data && data.rows.length > 0 ? (
          <Table data-testid="cash-table" aria-label={`Amount at risk by entity and currency in ${period}`}>
            <thead>
              <tr>
                <th scope="col">Entity</th>
                <th scope="col">Currency</th>
                <th scope="col" className="num">
                  Amount at risk
                </th>
                <th scope="col" className="num">
                  In {data.reportingCurrency}
                </th>
                <th scope="col">Flows</th>
                <th scope="col">Exceptions</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <CashRow key={`${r.entity ?? ''}/${r.currency}`} row={r} period={period} />
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="cash-total">
                <th scope="row" colSpan={3}>
                  Total ({data.exceptions} {data.exceptions === 1 ? 'exception' : 'exceptions'})
                </th>
                <td className="num" colSpan={3}>
                  <strong>{totalText(data.total)}</strong>
                </td>
              </tr>
            </tfoot>
          </Table>
        ) : null}
      </Panel>
      <Panel
        title="Amount at risk over time"
        testId="cash-series-panel"
        actions={<FilterSelect label="Step" value={step} onChange={(v) => set('step', v, 'day')} options={SERIES_STEPS} />}
      >
        <ErrorBanner error={series.error} onRetry={() => void series.refetch()} />
        {series.isPending ? <Loading /> : null}
        {series.data ? <CashSeriesChart series={series.data} /> : null}
      </Panel>
    </div>
  );
}

function CashRow({ row, period }: { row: CashImpactRowDto; period: string }) {
  return (
    <tr data-testid="cash-row">
      <td className="mono">{row.entity ?? <span className="muted">no entity</span>}</td>
      <td className="mono">{row.currency}</td>
      <td className="num">
        <Amount amount={row.amount} currency={row.currency} />
      </td>
      <td className="num">
        {row.converted.ok ? (
          <Amount amount={roundDecimal(row.converted.amount)} currency={row.converted.currency} />
        ) : (
          <span className="impact-missing-rate" data-testid="missing-rate">
            no rate: {row.converted.message}
          </span>
        )}
      </td>
      <td>
        {row.flows.map((f) => (
          <div key={f}>
            <FlowLink flow={f} />
          </div>
        ))}
      </td>
      <td>
        <details className="impact-exceptions">
          <summary>
            {row.exceptions} {row.exceptions === 1 ? 'exception' : 'exceptions'}
          </summary>
          <ul>
            {row.items.map((e) => (
              <li key={e.id}>
                <Link to={exceptionLink(e.id)} data-testid="cash-exception-link">
                  {e.type.replace(/_/g, ' ')} on {e.flow}
                </Link>{' '}
                <Amount amount={e.amountAtRisk} currency={e.currency} /> <SeverityBadge severity={e.severity} />
              </li>
            ))}
          </ul>
          {row.exceptions > row.items.length ? <Link to={exceptionsLink(row.entity, period)}>All {row.exceptions} in the queue</Link> : null}
        </details>
      </td>
    </tr>
  );
}
