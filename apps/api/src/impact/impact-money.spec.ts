import { type FxConversionDto } from '@closewatch/contracts/close';
import { convertedAmount, convertedTotal, sumByCurrency, sumDecimals } from './impact-money';

const ok = (amount: string, from: string): FxConversionDto => ({
  ok: true,
  amount,
  from,
  to: 'USD',
  asOf: '2026-11-30',
  method: 'direct',
  rates: [{ date: '2026-11-30', base: from, quote: 'USD', rate: '1.1' }],
});
const missing = (from: string): FxConversionDto => ({
  ok: false,
  reason: 'missing_rate',
  amount: '5',
  from,
  to: 'USD',
  asOf: '2026-11-30',
  message: `no ${from}/USD rate on or before 2026-11-30, directly, inverted or through a common base`,
});

describe('impact money', () => {
  it('adds decimals exactly', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['123456789012345678.0000000001', '1'])).toBe('123456789012345679.0000000001');
    expect(sumDecimals([])).toBe('0');
  });

  it('shows a conversion with its rates, and a missing rate as a reason', () => {
    expect(convertedAmount(ok('11', 'EUR'))).toEqual({
      ok: true,
      currency: 'USD',
      amount: '11',
      rates: [{ date: '2026-11-30', base: 'EUR', quote: 'USD', rate: '1.1' }],
    });
    expect(convertedAmount(missing('JPY'))).toEqual({ ok: false, currency: 'USD', reason: 'missing_rate', message: expect.stringContaining('JPY/USD') });
  });

  it('totals what converted and names what did not, never counting it as zero silently', () => {
    expect(convertedTotal('USD', [ok('11', 'EUR'), ok('0.05', 'GBP')])).toEqual({ currency: 'USD', amount: '11.05', complete: true, missingCurrencies: [] });
    expect(convertedTotal('USD', [ok('11', 'EUR'), missing('JPY'), missing('JPY'), missing('CHF')])).toEqual({
      currency: 'USD',
      amount: '11',
      complete: false,
      missingCurrencies: ['CHF', 'JPY'],
    });
  });

  it('sums by currency, sorted', () => {
    const money = (text: string) => {
      const [amount, currency, exceptions] = text.split(' ');
      return { currency: currency!, amount: amount!, exceptions: Number(exceptions) };
    };
    const sums = sumByCurrency(['1.10 USD 1', '2 EUR 2', '3.9 USD 3'].map(money));
    expect(sums).toEqual(['2 EUR 2', '5 USD 4'].map(money));
  });
});
