import { DECIMAL_PATTERN } from '@closewatch/contracts/finance';
import { AMOUNT_DEFECTS, applyAmountDefect, formatCents, randomAmount, sumAmounts } from './money';
import { Random } from './random';

describe('money', () => {
  it('formats integer cents as decimal text with two decimals', () => {
    expect(formatCents(0)).toBe('0.00');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(123456)).toBe('1234.56');
    expect(formatCents(-1050)).toBe('-10.50');
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });

  it('draws amounts as exact two-decimal strings within the range', () => {
    const r = new Random(9);
    for (let i = 0; i < 500; i++) {
      const a = randomAmount(r, 85, 250_000);
      expect(a).toMatch(/^\d+\.\d{2}$/);
      expect(a).toMatch(DECIMAL_PATTERN);
      expect(Number(a)).toBeGreaterThanOrEqual(85);
      expect(Number(a)).toBeLessThanOrEqual(250_000);
    }
  });

  it('sums exactly where binary floats would not', () => {
    expect(sumAmounts(['0.10', '0.20'])).toBe('0.30');
    expect(sumAmounts(['1234567890123.45', '0.01'])).toBe('1234567890123.46');
  });

  it.each([
    ['tax_dropped', '1200.00', '1000.00'],
    ['rounded_to_units', '1234.56', '1235.00'],
    ['minor_units', '1234.56', '12.35'],
  ] as const)('applies %s to %s giving %s', (defect, amount, changed) => {
    expect(applyAmountDefect(amount, defect)).toBe(changed);
  });

  it('always changes the amount, even where a defect alone would not', () => {
    expect(applyAmountDefect('1200.00', 'rounded_to_units')).toBe('1000.00');
    expect(applyAmountDefect('0.01', 'tax_dropped')).toBe('0.00');
    const r = new Random(5);
    for (let i = 0; i < 300; i++) {
      const a = randomAmount(r, 1, 100_000);
      for (const d of AMOUNT_DEFECTS) expect(applyAmountDefect(a, d)).not.toBe(a);
    }
  });
});
