import { type IngestStatsSeriesResponse } from '@closewatch/contracts/telemetry';
import { Area, Bar, CartesianGrid, ComposedChart, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { endedSteps } from '../format/series';
import { formatUtc, formatUtcClock } from '../format/time';

/**
 * Hops (area) and error hops (bars) per step of a series, times in UTC. With steps of minutes, only
 * the steps that had ended when the series was read (`asOf`, ms: the query's dataUpdatedAt): the
 * step in progress would draw as a fall at the right edge, and the next minutes bring it whole.
 * Longer steps (hours) keep the step in progress, whose errors matter now; the caption says so.
 */
export function ThroughputChart({ series, asOf, height = 240 }: { series: IngestStatsSeriesResponse; asOf: number; height?: number }) {
  const hideCurrent = series.stepSeconds <= SHORT_STEP_SECONDS;
  const points = hideCurrent ? endedSteps(series.points, series.stepSeconds, asOf) : series.points;
  const data = points.map((p) => ({ at: p.at, hops: p.hops, errors: p.errors, duplicates: p.duplicates }));
  const stepLabel = series.stepSeconds % 3600 === 0 ? `${series.stepSeconds / 3600} h` : `${series.stepSeconds / 60} min`;
  return (
    <figure className="chart" data-testid="throughput-chart" aria-label={`Hops and errors per ${stepLabel}, UTC`}>
      <ComposedChart responsive data={data} style={{ width: '100%', height }} margin={{ top: 8, right: 8, bottom: 0, left: -12 }}>
        <defs>
          <linearGradient id="hopsFill" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor="var(--accent)" stopOpacity={0.28} />
            <stop offset="100%" stopColor="var(--accent)" stopOpacity={0.02} />
          </linearGradient>
        </defs>
        <CartesianGrid stroke="var(--grid)" vertical={false} />
        <XAxis
          dataKey="at"
          tickFormatter={(v: string) => formatUtcClock(v)}
          minTickGap={32}
          tick={{ fontSize: 11, fill: 'var(--muted)' }}
          stroke="var(--border)"
        />
        <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" />
        <Tooltip
          labelFormatter={(v) => `${formatUtc(String(v))} (+${stepLabel})`}
          contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: 'var(--border)' }}
        />
        <Legend iconType="square" wrapperStyle={{ fontSize: 12 }} />
        <Area
          type="monotone"
          dataKey="hops"
          name={`hops / ${stepLabel}`}
          stroke="var(--accent)"
          strokeWidth={2}
          fill="url(#hopsFill)"
          isAnimationActive={false}
        />
        <Bar dataKey="errors" name="errors" fill="var(--bad)" barSize={6} isAnimationActive={false} />
      </ComposedChart>
      <figcaption className="muted small">
        {formatUtc(series.from)} – {formatUtc(series.to)} · step {stepLabel},{' '}
        {hideCurrent ? 'the one in progress shown once it ends' : 'the last one still in progress'}
      </figcaption>
    </figure>
  );
}

/** Steps up to this long leave out the step in progress. */
const SHORT_STEP_SECONDS = 300;
