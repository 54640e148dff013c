import { type ReconRunHistoryDto } from '@closewatch/contracts/recon';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { formatUtc } from '../../format/time';
import { trendPoints } from './recon-view';

const COLORS = {
  missing_in_target: 'var(--bad)',
  unexpected_in_target: 'var(--warn)',
  amount_mismatch: 'var(--chart-violet)',
  field_mismatch: 'var(--info)',
  duplicate_key: 'var(--muted)',
} as const;
const LABELS = {
  missing_in_target: 'missing',
  unexpected_in_target: 'unexpected',
  amount_mismatch: 'amount',
  field_mismatch: 'field',
  duplicate_key: 'duplicate',
} as const;

/** Matched % (line, right axis) and breaks by type (stacked bars) over the succeeded runs. */
export function TrendChart({ history }: { history: readonly ReconRunHistoryDto[] }) {
  const points = trendPoints(history);
  if (!points.length)
    return (
      <p className="muted pad" data-testid="trend-empty">
        No finished runs yet.
      </p>
    );
  const data = points.map((p) => ({ ...p.breaks, label: formatUtc(p.at), matchedPct: p.matchedPct, runId: p.runId }));
  return (
    <div data-testid="recon-trend" data-points={points.length}>
      <figure className="chart" aria-label="Matched percentage and breaks per run">
        <ComposedChart responsive data={data} style={{ width: '100%', height: 260 }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" minTickGap={24} />
          <YAxis yAxisId="breaks" allowDecimals={false} tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" width={40} />
          <YAxis yAxisId="pct" orientation="right" domain={[0, 100]} unit="%" tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" width={48} />
          <Tooltip contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: 'var(--border)' }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {(Object.keys(COLORS) as (keyof typeof COLORS)[]).map((t) => (
            <Bar key={t} yAxisId="breaks" dataKey={t} name={LABELS[t]} stackId="breaks" fill={COLORS[t]} isAnimationActive={false} maxBarSize={28} />
          ))}
          <Line yAxisId="pct" dataKey="matchedPct" name="matched %" stroke="var(--ok)" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        </ComposedChart>
      </figure>
    </div>
  );
}
