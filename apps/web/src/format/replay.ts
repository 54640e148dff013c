import { formatAmount } from './amount';

/** What a bulk replay covers, "3 failed records · 12,400.00 EUR" (amounts per currency, exact, joined with +). */
export function replayCoverage(count: number, amounts: readonly { amount: string; currency: string }[]): string {
  const records = `${count} failed record${count === 1 ? '' : 's'}`;
  return amounts.length ? `${records} · ${amounts.map((a) => formatAmount(a.amount, a.currency)).join(' + ')}` : records;
}
