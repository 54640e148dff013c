import { Decimal } from 'decimal.js';

/**
 * Exact decimal arithmetic for amounts. decimal.js rounds every result to `precision`
 * significant digits (20 by default), which a long sum of large amounts can exceed; this
 * clone keeps 1000 digits, so sums and differences of real amounts are exact, and never
 * prints exponents.
 */
export const Dec = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });
export type Dec = Decimal;

const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A value as an exact decimal: numbers (a binary double is taken at its shortest decimal
 * form, 0.1 → 0.1), bigints, decimal strings (surrounding whitespace allowed) and Decimal
 * instances. Null, undefined and empty strings give null; anything else gives undefined
 * (not a number).
 */
export function parseDecimal(value: unknown): Dec | null | undefined {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? new Dec(value) : undefined;
    case 'bigint':
      return new Dec(value.toString());
    case 'string': {
      const text = value.trim();
      if (text === '') return null;
      return DECIMAL_TEXT.test(text) ? new Dec(text) : undefined;
    }
    case 'object':
      return Decimal.isDecimal(value) ? new Dec(value as Decimal) : undefined;
    case 'boolean':
    case 'function':
    case 'symbol':
    case 'undefined':
      return undefined;
  }
}

/** Whether a value is a number, bigint or decimal string (what `auto` compares as decimals). */
export function isDecimalLike(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'bigint') return true;
  if (typeof value === 'string') return DECIMAL_TEXT.test(value.trim());
  return Decimal.isDecimal(value);
}

/** Plain decimal text of a Decimal, without exponent; -0 prints as 0. */
export function decimalText(value: Dec): string {
  return value.isZero() ? '0' : value.toFixed();
}
