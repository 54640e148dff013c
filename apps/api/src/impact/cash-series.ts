import { type FxConversionDto } from '@closewatch/contracts/close';
import { type CashSeriesStep } from '@closewatch/contracts/impact';
import { convertedTotal } from './impact-money';

/** Most points one series returns. */
export const MAX_CASH_SERIES_POINTS = 1440;

const STEP_MS: Record<CashSeriesStep, number> = { hour: 3_600_000, day: 86_400_000 };

export type SeriesInstants = { ok: true; instants: Date[] } | { ok: false; field: 'from' | 'step'; message: string };

/** The first instant of a period (`2026-11` → 2026-11-01T00:00:00Z). */
export function periodStart(period: string): Date {
  return new Date(`${period}-01T00:00:00.000Z`);
}

/** The current UTC month, `YYYY-MM`. */
export function currentUtcPeriod(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/**
 * `to` when the request gives none: now, but at least one step after `from` (a period that has
 * not started yet) and at most as far as the most points a series returns (an old period).
 */
export function defaultSeriesEnd(from: Date, now: Date, step: CashSeriesStep): Date {
  const ms = STEP_MS[step];
  return new Date(Math.min(Math.max(now.getTime(), from.getTime() + ms), from.getTime() + (MAX_CASH_SERIES_POINTS - 1) * ms));
}

/**
 * The instants a series is measured at: `from`, every step after it, and `to` itself when it is
 * not on a step, so the last point is the amount open at `to`.
 */
export function seriesInstants(from: Date, to: Date, step: CashSeriesStep): SeriesInstants {
  if (from.getTime() >= to.getTime()) return { ok: false, field: 'from', message: 'must be before to' };
  const ms = STEP_MS[step];
  const count = Math.floor((to.getTime() - from.getTime()) / ms) + 1;
  const last = from.getTime() + (count - 1) * ms;
  const total = count + (last < to.getTime() ? 1 : 0);
  if (total > MAX_CASH_SERIES_POINTS) {
    return { ok: false, field: 'step', message: `gives ${total} points from ${from.toISOString()} to ${to.toISOString()}; at most ${MAX_CASH_SERIES_POINTS}` };
  }
  const instants = Array.from({ length: count }, (_, i) => new Date(from.getTime() + i * ms));
  if (last < to.getTime()) instants.push(to);
  return { ok: true, instants };
}

/** The amount open at instant `i` in one currency (impact.queries.ts cashOpenAt). */
export interface OpenAmountRow {
  i: number;
  currency: string;
  amount: string;
  exceptions: number;
}

/**
 * The points of a series, oldest first: each instant with its open amounts by currency (every
 * instant has a point, empty when nothing was open) and their converted total. `conversions`
 * are of `rows`, in order.
 */
export function seriesPoints(instants: readonly Date[], rows: readonly OpenAmountRow[], conversions: readonly FxConversionDto[], reportingCurrency: string) {
  const at = instants.map(() => ({ byCurrency: [] as { currency: string; amount: string; exceptions: number }[], conversions: [] as FxConversionDto[] }));
  rows.forEach((r, k) => {
    const point = at[r.i];
    if (!point) return;
    point.byCurrency.push({ currency: r.currency, amount: r.amount, exceptions: r.exceptions });
    point.conversions.push(conversions[k]!);
  });
  return instants.map((instant, i) => ({
    at: instant.toISOString(),
    byCurrency: at[i]!.byCurrency.sort((a, b) => a.currency.localeCompare(b.currency)),
    total: convertedTotal(reportingCurrency, at[i]!.conversions),
  }));
}
