import { type ReplaySeriesResponse } from '@closewatch/contracts/replays';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent } from '../../format/amount';
import { formatUtc, formatUtcClock } from '../../format/time';

/**
 * Does replaying work? Replay requests per step by where they stand now (stacked bars, left
 * axis) and the share of the settled ones that succeeded (line, right axis), UTC.
 */
export function ReplaySuccessChart({ series, height = 220 }: { series: ReplaySeriesResponse; height?: number }) {
  const { total } = series;
  if (!total.requested) {
    return (
      <p className="muted pad" data-testid="replay-success-none">
        No replay requests in this window.
      </p>
    );
  }
  const multiDay = series.windowSeconds > 86_400;
  const tick = (v: string) => (multiDay ? `${v.slice(5, 10)} ${formatUtcClock(v)}` : formatUtcClock(v));
  return (
    <figure className="chart" data-testid="replay-success-chart" aria-label="Replay requests per step by outcome, and the share that succeeded, UTC">
      <ComposedChart responsive data={series.points} style={{ width: '100%', height }} margin={{ top: 8, right: 4, bottom: 0, left: 4 }}>
        <CartesianGrid stroke="var(--grid)" vertical={false} />
        <XAxis dataKey="at" tickFormatter={tick} minTickGap={40} tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" />
        <YAxis yAxisId="count" allowDecimals={false} tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" width={36} />
        <YAxis
          yAxisId="rate"
          orientation="right"
          domain={[0, 1]}
          tickFormatter={(v: number) => formatPercent(v)}
          tick={{ fontSize: 11, fill: 'var(--muted)' }}
          stroke="var(--border)"
          width={48}
        />
        <Tooltip
          labelFormatter={(v) => formatUtc(String(v))}
          formatter={(value, name) => (name === 'success rate' ? [formatPercent(value as number | null), name] : [String(value), name])}
          contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: 'var(--border)' }}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar yAxisId="count" stackId="r" dataKey="succeeded" name="succeeded" fill="var(--ok)" isAnimationActive={false} />
        <Bar yAxisId="count" stackId="r" dataKey="failed" name="failed" fill="var(--bad)" isAnimationActive={false} />
        <Bar yAxisId="count" stackId="r" dataKey="expired" name="expired" fill="var(--idle)" isAnimationActive={false} />
        <Bar yAxisId="count" stackId="r" dataKey="waiting" name="waiting" fill="var(--chart-bar)" isAnimationActive={false} />
        <Line
          yAxisId="rate"
          type="monotone"
          dataKey="successRate"
          name="success rate"
          stroke="var(--accent)"
          strokeWidth={2}
          dot={{ r: 2 }}
          connectNulls
          isAnimationActive={false}
        />
      </ComposedChart>
      <figcaption className="muted small" data-testid="replay-success-total" data-rate={total.successRate ?? ''}>
        {total.requested} requested · {total.succeeded} succeeded · {total.failed} failed · {total.expired} expired · {total.waiting} waiting · success{' '}
        {formatPercent(total.successRate)} of those settled
      </figcaption>
    </figure>
  );
}
