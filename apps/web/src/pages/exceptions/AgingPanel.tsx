import { AGE_BUCKETS, type AgeBucket, type AgingResponse } from '@closewatch/contracts/exceptions';
import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { Amount } from '../../components/Amount';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { formatAmount } from '../../format/amount';
import { type UseQueryResult } from '@tanstack/react-query';
import { agingBars, agingCurrencies, barAmount } from './aging-data';
import { Select } from '../../components/Input';
import { Table } from '../../components/Table';

const SEVERITY_COLOR = { critical: 'var(--severity-critical)', high: 'var(--bad)', medium: 'var(--chart-amber)', low: 'var(--severity-low)' } as const;
/** Most severe at the bottom of each bar. */
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const;

/**
 * Unresolved exceptions by age bucket: counts by severity and the amount at risk in one
 * currency (charts), with the exact numbers under them. Clicking a bar filters the queue.
 */
export function AgingPanel({
  aging,
  selected,
  onSelect,
}: {
  aging: UseQueryResult<AgingResponse>;
  selected: AgeBucket | '';
  onSelect(bucket: AgeBucket | ''): void;
}) {
  const data = aging.data;
  const bars = useMemo(() => (data ? agingBars(data) : []), [data]);
  const currencies = useMemo(() => (data ? agingCurrencies(data) : []), [data]);
  const [chosen, setChosen] = useState('');
  const currency = currencies.includes(chosen) ? chosen : (currencies[0] ?? '');
  // The chart needs numbers to draw; every amount shown as text stays the exact decimal.
  const amountData = bars.map((b) => ({ ageBucket: b.ageBucket, exact: barAmount(b, currency), amount: Number(barAmount(b, currency)) }));
  const pick = (bucket: unknown) => {
    const b = String(bucket) as AgeBucket;
    if (AGE_BUCKETS.includes(b)) onSelect(selected === b ? '' : b);
  };

  return (
    <Panel
      title="Aging of unresolved exceptions"
      testId="aging-panel"
      actions={
        data ? (
          <span className="muted small" data-testid="aging-totals">
            {data.totals.count} unresolved · {data.totals.overdue} overdue
            {data.totals.amounts.length ? ` · ${data.totals.amounts.map((m) => formatAmount(m.amount, m.currency)).join(', ')} at risk` : ''}
          </span>
        ) : null
      }
    >
      <ErrorBanner error={aging.error} onRetry={() => void aging.refetch()} />
      {!data ? (
        aging.error ? null : (
          <Loading />
        )
      ) : (
        <>
          <div className="aging-charts">
            <figure className="chart" data-testid="aging-count-chart" aria-label="Unresolved exceptions by age bucket and severity">
              <BarChart
                responsive
                data={bars}
                style={{ width: '100%', height: 200 }}
                margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
                onClick={(s) => pick(s?.activeLabel)}
              >
                <CartesianGrid stroke="var(--grid)" vertical={false} />
                <XAxis dataKey="ageBucket" tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" />
                <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" />
                <Tooltip contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: 'var(--border)' }} cursor={{ fill: 'var(--accent-weak)' }} />
                {SEVERITY_ORDER.map((s) => (
                  <Bar key={s} dataKey={s} stackId="sev" fill={SEVERITY_COLOR[s]} isAnimationActive={false} cursor="pointer" />
                ))}
              </BarChart>
              <figcaption className="muted small chart-legend">
                Count by age since first seen:
                {SEVERITY_ORDER.map((s) => (
                  <span key={s} className="legend-item">
                    <span className="legend-swatch" style={{ background: SEVERITY_COLOR[s] }} aria-hidden="true" />
                    {s}
                  </span>
                ))}
                · click a bar to filter
              </figcaption>
            </figure>
            <figure className="chart" data-testid="aging-amount-chart" aria-label={`Amount at risk by age bucket${currency ? ` in ${currency}` : ''}`}>
              {currency ? (
                <BarChart
                  responsive
                  data={amountData}
                  style={{ width: '100%', height: 200 }}
                  margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
                  onClick={(s) => pick(s?.activeLabel)}
                >
                  <CartesianGrid stroke="var(--grid)" vertical={false} />
                  <XAxis dataKey="ageBucket" tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" />
                  <YAxis tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" tickFormatter={(v: number) => compact(v)} />
                  <Tooltip
                    contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: 'var(--border)' }}
                    cursor={{ fill: 'var(--accent-weak)' }}
                    formatter={(_v, _n, item) => [formatAmount(String((item.payload as { exact: string }).exact), currency), 'at risk']}
                  />
                  <Bar dataKey="amount" name={`at risk (${currency})`} fill="var(--accent)" isAnimationActive={false} cursor="pointer" />
                </BarChart>
              ) : (
                <p className="muted pad">No amount at risk among the unresolved exceptions.</p>
              )}
              <figcaption className="muted small chart-legend">
                Amount at risk by age
                {currencies.length > 1 ? (
                  <Select
                    className="input-inline"
                    value={currency}
                    onChange={(e) => setChosen(e.target.value)}
                    aria-label="Currency"
                    data-testid="aging-currency"
                  >
                    {currencies.map((c) => (
                      <option key={c}>{c}</option>
                    ))}
                  </Select>
                ) : currency ? (
                  ` (${currency})`
                ) : null}
              </figcaption>
            </figure>
          </div>
          <Table compact className="aging-table" data-testid="aging-table">
            <thead>
              <tr>
                <th scope="col">Age</th>
                {bars.map((b) => (
                  <th key={b.ageBucket} scope="col" className="num">
                    <button
                      type="button"
                      className={`linklike${selected === b.ageBucket ? ' selected' : ''}`}
                      onClick={() => pick(b.ageBucket)}
                      data-testid={`aging-bucket-${b.ageBucket}`}
                    >
                      {b.ageBucket}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Unresolved</th>
                {bars.map((b) => (
                  <td key={b.ageBucket} className="num" data-testid="aging-count">
                    {b.count}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">Overdue</th>
                {bars.map((b) => (
                  <td key={b.ageBucket} className={`num${b.overdue ? ' text-bad' : ''}`}>
                    {b.overdue}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">At risk</th>
                {bars.map((b) => (
                  <td key={b.ageBucket} className="num">
                    {b.amounts.length ? (
                      b.amounts.map((m) => (
                        <div key={m.currency}>
                          <Amount amount={m.amount} currency={m.currency} />
                        </div>
                      ))
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                ))}
              </tr>
            </tbody>
          </Table>
        </>
      )}
    </Panel>
  );
}

/** Axis labels: 1.2k, 3.4M (the exact amounts are in the tooltip and the table). */
function compact(n: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}
