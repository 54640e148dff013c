import Decimal from 'decimal.js';
import { type Random } from './random';

/** Money as exact decimal text with two decimals; never a binary float. */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be a safe integer, got ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A random amount in [min, max] major units, as text with two decimals. */
export function randomAmount(rng: Random, min: number, max: number): string {
  return formatCents(rng.int(Math.round(min * 100), Math.round(max * 100)));
}

/** Sums decimal amounts exactly. */
export function sumAmounts(amounts: readonly string[]): string {
  return amounts.reduce((s, a) => s.plus(a), new Decimal(0)).toFixed(2);
}

/**
 * How a faulty transformation changes an amount, each a bug seen in real mappings:
 * a tax line dropped (gross booked as net at 20 %), cents rounded away, or an amount already
 * in major units divided again as if it were in minor units.
 */
export const AMOUNT_DEFECTS = ['tax_dropped', 'rounded_to_units', 'minor_units'] as const;
export type AmountDefect = (typeof AMOUNT_DEFECTS)[number];

export function applyAmountDefect(amount: string, defect: AmountDefect): string {
  const a = new Decimal(amount);
  let changed: Decimal;
  switch (defect) {
    case 'tax_dropped':
      changed = a.div('1.2');
      break;
    case 'rounded_to_units':
      changed = a.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
      break;
    case 'minor_units':
      changed = a.div(100);
      break;
  }
  const text = changed.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
  if (text !== a.toFixed(2)) return text;
  // A defect that happens to leave this amount unchanged still drops the tax line; on a
  // few cents that rounds away, so the last cent goes.
  return defect === 'tax_dropped' ? a.minus('0.01').toFixed(2) : applyAmountDefect(amount, 'tax_dropped');
}
