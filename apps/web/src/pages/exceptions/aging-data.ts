import { AGE_BUCKETS, type AgeBucket, type AgingResponse, type MoneyDto, type Severity } from '@closewatch/contracts/exceptions';
import Decimal from 'decimal.js';

/**
 * decimal.js rounds every result to `precision` significant digits (20 by default): this one
 * keeps any amount PostgreSQL's numeric can hold exact, and never switches to exponent notation.
 */
const Dec = Decimal.clone({ precision: 1000, toExpNeg: -9e15, toExpPos: 9e15 });

/** One bar of the aging chart: unresolved exceptions of one age bucket, by severity, with amounts. */
export type AgingBar = Record<Severity, number> & {
  ageBucket: AgeBucket;
  count: number;
  overdue: number;
  /** Exact sums per currency, largest first. */
  amounts: MoneyDto[];
};

/** The report's bucket × severity cells as one bar per age bucket, amounts summed exactly per currency. */
export function agingBars(aging: AgingResponse): AgingBar[] {
  return AGE_BUCKETS.map((ageBucket) => {
    const cells = aging.cells.filter((c) => c.ageBucket === ageBucket);
    const bar = { ageBucket, count: 0, overdue: 0, critical: 0, high: 0, medium: 0, low: 0 };
    // Per currency: the exact sum, and the most decimal places of its parts (so 0.10 + 0.20 is 0.30, not 0.3).
    const sums = new Map<string, { sum: Decimal; places: number }>();
    for (const c of cells) {
      bar[c.severity] += c.count;
      bar.count += c.count;
      bar.overdue += c.overdue;
      for (const m of c.amounts) {
        const part = new Dec(m.amount);
        const prev = sums.get(m.currency) ?? { sum: new Dec(0), places: 0 };
        sums.set(m.currency, { sum: prev.sum.plus(part), places: Math.max(prev.places, part.decimalPlaces()) });
      }
    }
    const amounts = [...sums]
      .sort(([ca, a], [cb, b]) => b.sum.comparedTo(a.sum) || ca.localeCompare(cb))
      .map(([currency, { sum, places }]) => ({ currency, amount: sum.toFixed(places) }));
    return { ...bar, amounts };
  });
}

/** Currencies with an amount at risk, the largest total first (the chart plots one at a time). */
export function agingCurrencies(aging: AgingResponse): string[] {
  return [...aging.totals.amounts].sort((a, b) => new Dec(b.amount).comparedTo(a.amount) || a.currency.localeCompare(b.currency)).map((m) => m.currency);
}

/** The exact amount of one currency in a bar ('0' when none). */
export function barAmount(bar: AgingBar, currency: string): string {
  return bar.amounts.find((m) => m.currency === currency)?.amount ?? '0';
}
