import { type CashSeriesResponse } from '@closewatch/contracts/impact';
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatUtc } from '../../format/time';
import { seriesChartData } from './impact-view';

/** The amount at risk open at each step, converted into the reporting currency (UTC). */
export function CashSeriesChart({ series, height = 240 }: { series: CashSeriesResponse; height?: number }) {
  const data = seriesChartData(series);
  const incomplete = series.points.some((p) => !p.total.complete);
  return (
    <figure className="chart" data-testid="cash-series-chart" aria-label={`Amount at risk open per ${series.step}, in ${series.reportingCurrency}, UTC`}>
      <AreaChart responsive data={data} style={{ width: '100%', height }} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid stroke="var(--grid)" vertical={false} />
        <XAxis
          dataKey="at"
          tickFormatter={(v: string) => v.slice(5, series.step === 'day' ? 10 : 16).replace('T', ' ')}
          minTickGap={32}
          tick={{ fontSize: 11, fill: 'var(--muted)' }}
          stroke="var(--border)"
        />
        <YAxis tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" />
        <Tooltip
          labelFormatter={(v) => formatUtc(String(v))}
          formatter={(value, _name, item) => [`${String(value)} ${series.reportingCurrency} — ${(item.payload as { detail: string }).detail}`, 'open']}
          contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: 'var(--border)' }}
        />
        <Area
          type="stepAfter"
          dataKey="total"
          name={`open, ${series.reportingCurrency}`}
          stroke="var(--bad)"
          strokeWidth={2}
          fill="var(--bad)"
          fillOpacity={0.12}
          isAnimationActive={false}
        />
      </AreaChart>
      <figcaption className="muted small">
        {formatUtc(series.from)} – {formatUtc(series.to)} · per {series.step} · in {series.reportingCurrency}
        {incomplete ? ' · some amounts have no rate and are not in the line' : ''}
      </figcaption>
    </figure>
  );
}
