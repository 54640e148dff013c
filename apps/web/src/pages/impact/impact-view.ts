import { type BoardMetricReasonDto, type CashSeriesResponse, type ConvertedTotalDto } from '@closewatch/contracts/impact';
import { PERIOD_PATTERN } from '@closewatch/contracts/finance';
import { formatAmount, roundDecimal } from '../../format/amount';

/** The steps an amount-at-risk chart can be drawn in. */
export const SERIES_STEPS = [
  { value: 'day', label: 'Per day' },
  { value: 'hour', label: 'Per hour' },
];

/** The month `now` falls in, UTC (the pages' default period). */
export function utcPeriod(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/** The period of the address, or the current one when it is missing or not `YYYY-MM`. */
export function periodParam(value: string | null, now: Date): string {
  return value && PERIOD_PATTERN.test(value) ? value : utcPeriod(now);
}

/** The exception queue filtered to the unresolved exceptions of one entity and period. */
export function exceptionsLink(entity: string | null, period: string): string {
  const q = new URLSearchParams({ period });
  if (entity) q.set('entity', entity);
  return `/exceptions?${q.toString()}`;
}

export const exceptionLink = (id: string) => `/exceptions?open=${encodeURIComponent(id)}`;

/** Where a reason's ids lead: the exception, the reconciliation, its run. */
export function reasonLinks(r: BoardMetricReasonDto): { to: string; label: string }[] {
  const links: { to: string; label: string }[] = [];
  if (r.exceptionId) links.push({ to: exceptionLink(r.exceptionId), label: 'exception' });
  if (r.reconId) links.push({ to: `/reconciliations/${encodeURIComponent(r.reconId)}`, label: 'reconciliation' });
  if (r.runId) links.push({ to: `/reconciliations/runs/${encodeURIComponent(r.runId)}`, label: 'run' });
  return links;
}

/** A converted total in words: the amount, and what it leaves out. */
export function totalText(t: ConvertedTotalDto): string {
  const gap = totalGap(t);
  return gap ? `${totalAmount(t)} (${gap})` : totalAmount(t);
}

/** A converted total's amount alone, for a figure whose gap is said beside it (totalGap). */
export function totalAmount(t: ConvertedTotalDto): string {
  return formatAmount(roundDecimal(t.amount), t.currency);
}

/** What a converted total leaves out ("incomplete: no rate for CAD"), null when nothing. */
export function totalGap(t: ConvertedTotalDto): string | null {
  return t.complete ? null : `incomplete: no rate for ${t.missingCurrencies.join(', ')}`;
}

export interface SeriesChartPoint {
  at: string;
  /** The converted total as a number, for drawing only (the table shows the exact text). */
  total: number;
  /** Exact amounts by currency and what the total leaves out, for the tooltip. */
  detail: string;
}

export function seriesChartData(series: CashSeriesResponse): SeriesChartPoint[] {
  return series.points.map((p) => ({
    at: p.at,
    total: Number(p.total.amount),
    detail: [
      ...p.byCurrency.map((c) => `${formatAmount(c.amount, c.currency)} (${c.exceptions})`),
      ...(p.total.complete ? [] : [`not in the total: ${p.total.missingCurrencies.join(', ')}`]),
    ].join(' · '),
  }));
}
