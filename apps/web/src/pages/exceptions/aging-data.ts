import { AGE_BUCKETS, type AgeBucket, type AgingResponse, type MoneyDto, type Severity } from '@closewatch/contracts/exceptions';
import Decimal from 'decimal.js';

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
    const sums = new Map<string, Decimal>();
    for (const c of cells) {
      bar[c.severity] += c.count;
      bar.count += c.count;
      bar.overdue += c.overdue;
      for (const m of c.amounts) sums.set(m.currency, (sums.get(m.currency) ?? new Decimal(0)).plus(m.amount));
    }
    const amounts = [...sums]
      .sort(([ca, a], [cb, b]) => b.comparedTo(a) || ca.localeCompare(cb))
      .map(([currency, sum]) => ({ currency, amount: sum.toFixed() }));
    return { ...bar, amounts };
  });
}

/** Currencies with an amount at risk, the largest total first (the chart plots one at a time). */
export function agingCurrencies(aging: AgingResponse): string[] {
  return [...aging.totals.amounts].sort((a, b) => new Decimal(b.amount).comparedTo(a.amount) || a.currency.localeCompare(b.currency)).map((m) => m.currency);
}

/** The exact amount of one currency in a bar ('0' when none). */
export function barAmount(bar: AgingBar, currency: string): string {
  return bar.amounts.find((m) => m.currency === currency)?.amount ?? '0';
}
