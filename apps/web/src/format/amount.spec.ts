import { formatAmount, formatPercent, formatRate, formatSignedAmount, roundDecimal } from './amount';

describe(formatAmount.name, () => {
  it('groups thousands without losing a digit', () => {
    expect(formatAmount('12345678901234567.1234567891', 'USD')).toBe('12,345,678,901,234,567.1234567891 USD');
  });
  it('keeps the sign, trailing zeros and small values as sent', () => {
    expect(formatAmount('-1000.50', 'EUR')).toBe('-1,000.50 EUR');
    expect(formatAmount('0.10')).toBe('0.10');
    expect(formatAmount('999', 'JPY')).toBe('999 JPY');
  });
  it('shows a dash when there is no amount', () => {
    expect(formatAmount(null, 'USD')).toBe('—');
  });
});

describe(formatSignedAmount.name, () => {
  it('adds a plus to positive differences only', () => {
    expect(formatSignedAmount('1200.5', 'USD')).toBe('+1,200.5 USD');
    expect(formatSignedAmount('-0.01', 'USD')).toBe('-0.01 USD');
    expect(formatSignedAmount('0.00', 'USD')).toBe('0.00 USD');
  });
});

describe(formatPercent.name, () => {
  it.each([
    [0, '0.0%'],
    [0.042, '4.2%'],
    [1, '100.0%'],
    [0.0004, '0.04%'],
    [null, '—'],
  ])('%p is %s', (r, text) => {
    expect(formatPercent(r)).toBe(text);
  });
});

describe(formatRate.name, () => {
  it.each([
    [0, '0'],
    [0.4, '0.4'],
    [12.4, '12'],
    [1250.2, '1,250'],
  ])('%p is %s', (n, text) => {
    expect(formatRate(n)).toBe(text);
  });
});

describe('roundDecimal', () => {
  it.each([
    ['447770.8333333333', '447770.83'],
    ['0.005', '0.01'],
    ['-2.345', '-2.35'],
    ['-0.001', '0.00'],
    ['99.995', '100.00'],
    ['12.5', '12.5'],
    ['7', '7'],
  ])('%s → %s', (amount, rounded) => {
    expect(roundDecimal(amount)).toBe(rounded);
  });
});
