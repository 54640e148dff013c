import { type LagSeriesResponse } from '@closewatch/contracts/sync-health';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatUtc, formatUtcClock } from '../../format/time';
import { formatLag } from './health-window';

/** Sync lag percentiles per step (lines, left axis) against the SLO, and records posted per step (bars, right axis). */
export function LagChart({ series, height = 240 }: { series: LagSeriesResponse; height?: number }) {
  const multiDay = series.windowSeconds > 86_400;
  const tick = (v: string) => (multiDay ? `${v.slice(5, 10)} ${formatUtcClock(v)}` : formatUtcClock(v));
  // The SLO line is drawn when lags come near it; far below it, it would flatten every line to zero.
  const worst = Math.max(0, ...series.points.map((p) => p.p99 ?? p.p95 ?? p.p50 ?? 0));
  const sloInView = worst >= series.maxLagSeconds * 0.25;
  return (
    <figure className="chart" data-testid="lag-chart" aria-label="Sync lag p50, p95 and p99 and records posted per step, UTC">
      <ComposedChart responsive data={series.points} style={{ width: '100%', height }} margin={{ top: 8, right: 4, bottom: 0, left: 4 }}>
        <CartesianGrid stroke="var(--grid)" vertical={false} />
        <XAxis dataKey="at" tickFormatter={tick} minTickGap={40} tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" />
        <YAxis yAxisId="lag" tickFormatter={(v: number) => formatLag(v)} tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" width={56} />
        <YAxis yAxisId="posted" orientation="right" allowDecimals={false} tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" width={36} />
        <Tooltip
          labelFormatter={(v) => formatUtc(String(v))}
          formatter={(value, name) => (name === 'records posted' ? [String(value), name] : [formatLag(Number(value)), name])}
          contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: 'var(--border)' }}
        />
        <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
        <Bar yAxisId="posted" dataKey="recordsPosted" name="records posted" fill="var(--chart-bar)" isAnimationActive={false} />
        <Line
          yAxisId="lag"
          type="monotone"
          dataKey="p50"
          name="p50"
          stroke="var(--accent)"
          strokeWidth={2}
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
        <Line
          yAxisId="lag"
          type="monotone"
          dataKey="p95"
          name="p95"
          stroke="var(--chart-amber)"
          strokeWidth={2}
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
        <Line
          yAxisId="lag"
          type="monotone"
          dataKey="p99"
          name="p99"
          stroke="var(--bad)"
          strokeWidth={1.5}
          strokeDasharray="4 3"
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
        <ReferenceLine
          yAxisId="lag"
          y={series.maxLagSeconds}
          ifOverflow={sloInView ? 'extendDomain' : 'hidden'}
          stroke="var(--bad)"
          strokeOpacity={0.5}
          label={{ value: `SLO ${formatLag(series.maxLagSeconds)}`, position: 'insideTopLeft', fontSize: 11, fill: 'var(--bad)' }}
        />
      </ComposedChart>
      <figcaption className="muted small">
        Lag = first posted − first emitted · SLO {formatLag(series.maxLagSeconds)}
        {sloInView ? '' : ' (far above every lag: not drawn)'} · step {formatLag(series.stepSeconds)} ·{' '}
        {series.dataStatus === 'all' ? 'every data status' : `data status ${series.dataStatus}`}
      </figcaption>
    </figure>
  );
}
