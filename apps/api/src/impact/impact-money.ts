import Decimal from 'decimal.js';
import { type FxConversionDto } from '@closewatch/contracts/close';
import { type ConvertedAmountDto, type ConvertedTotalDto } from '@closewatch/contracts/impact';

/**
 * Decimals wide enough that sums never round: 18 integer and 10 fraction digits per amount (the
 * telemetry contract's), and a margin for adding many of them.
 */
export const Money = Decimal.clone({ precision: 60 });

/** Exact sum of decimal strings ("0" for none). */
export function sumDecimals(values: readonly string[]): string {
  return values.reduce((sum, v) => sum.plus(v), new Money(0)).toFixed();
}

/** A conversion as impact shows it: the amount and the rates used, or the missing rate in words. */
export function convertedAmount(c: FxConversionDto): ConvertedAmountDto {
  if (!c.ok) return { ok: false, currency: c.to, reason: c.reason, message: c.message };
  return { ok: true, currency: c.to, amount: c.amount, rates: c.rates.map((r) => ({ date: r.date, base: r.base, quote: r.quote, rate: r.rate })) };
}

/**
 * The converted amounts added up in `currency`. An amount that could not be converted is left
 * out and named in `missingCurrencies`, so the total says it is incomplete instead of counting zero.
 */
export function convertedTotal(currency: string, conversions: readonly FxConversionDto[]): ConvertedTotalDto {
  const converted = conversions.filter((c): c is Extract<FxConversionDto, { ok: true }> => c.ok);
  const missing = [...new Set(conversions.filter((c) => !c.ok).map((c) => c.from))].sort();
  return { currency, amount: sumDecimals(converted.map((c) => c.amount)), complete: missing.length === 0, missingCurrencies: missing };
}

/** Sums amounts by currency, currencies sorted. */
export function sumByCurrency<T extends { currency: string; amount: string; exceptions: number }>(
  rows: readonly T[],
): { currency: string; amount: string; exceptions: number }[] {
  const by = new Map<string, { amount: Decimal; exceptions: number }>();
  for (const r of rows) {
    const seen = by.get(r.currency) ?? { amount: new Money(0), exceptions: 0 };
    by.set(r.currency, { amount: seen.amount.plus(r.amount), exceptions: seen.exceptions + r.exceptions });
  }
  return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, s]) => ({ currency, amount: s.amount.toFixed(), exceptions: s.exceptions }));
}
