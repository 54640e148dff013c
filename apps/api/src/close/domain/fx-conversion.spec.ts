import { type FxRateDto } from '@closewatch/contracts/close';
import { convertAmount, latestRates } from './fx-conversion';

const rate = (date: string, base: string, quote: string, r: string): FxRateDto => ({ date, base, quote, rate: r });
const rates = [
  rate('2026-10-30', 'EUR', 'USD', '1.0700'),
  rate('2026-11-30', 'EUR', 'USD', '1.0842'),
  rate('2026-12-31', 'EUR', 'USD', '1.1000'),
  rate('2026-11-27', 'USD', 'GBP', '0.7900'),
  rate('2026-11-27', 'USD', 'JPY', '151.25'),
];

describe(convertAmount.name, () => {
  it('uses the latest rate on or before the cut-off and names it', () => {
    expect(convertAmount('1000.00', 'EUR', 'USD', '2026-11-30', rates)).toEqual({
      ok: true,
      amount: '1084.2',
      from: 'EUR',
      to: 'USD',
      asOf: '2026-11-30',
      method: 'direct',
      rates: [rate('2026-11-30', 'EUR', 'USD', '1.0842')],
    });
    expect(convertAmount('1000', 'EUR', 'USD', '2026-11-29', rates)).toMatchObject({ amount: '1070', rates: [rate('2026-10-30', 'EUR', 'USD', '1.0700')] });
    expect(convertAmount('1000', 'EUR', 'USD', '2027-03-31', rates)).toMatchObject({ amount: '1100' });
  });

  it('inverts a rate quoted the other way, exactly', () => {
    const r = convertAmount('1084.2', 'USD', 'EUR', '2026-11-30', rates);
    expect(r).toMatchObject({ ok: true, method: 'inverse', amount: '1000', rates: [rate('2026-11-30', 'EUR', 'USD', '1.0842')] });
    expect(convertAmount('1', 'USD', 'EUR', '2026-11-30', rates)).toMatchObject({ amount: '0.9223390518' });
  });

  it('crosses through a common base when neither side is the base', () => {
    // 1 USD = 0.79 GBP and 1 USD = 151.25 JPY, so 79 GBP = 100 USD = 15125 JPY
    const r = convertAmount('79.00', 'GBP', 'JPY', '2026-11-30', rates);
    expect(r).toMatchObject({
      ok: true,
      method: 'cross',
      amount: '15125',
      rates: [rate('2026-11-27', 'USD', 'GBP', '0.7900'), rate('2026-11-27', 'USD', 'JPY', '151.25')],
    });
  });

  it('returns the same amount for the same currency, with no rate', () => {
    expect(convertAmount('12.50', 'EUR', 'EUR', '2026-11-30', [])).toMatchObject({ ok: true, method: 'identity', amount: '12.5', rates: [] });
  });

  it('returns missing_rate, never zero, when no rate is dated early enough or none links the pair', () => {
    expect(convertAmount('1000', 'EUR', 'USD', '2026-10-29', rates)).toEqual({
      ok: false,
      reason: 'missing_rate',
      amount: '1000',
      from: 'EUR',
      to: 'USD',
      asOf: '2026-10-29',
      message: 'no EUR/USD rate on or before 2026-10-29, directly, inverted or through a common base',
    });
    expect(convertAmount('5', 'EUR', 'JPY', '2026-11-30', rates)).toMatchObject({ ok: false, reason: 'missing_rate' });
    expect(convertAmount('5', 'GBP', 'JPY', '2026-11-26', rates)).toMatchObject({ ok: false });
  });
});

describe(latestRates.name, () => {
  it('keeps one rate per pair, the latest not after the cut-off', () => {
    expect(latestRates(rates, '2026-12-01').filter((r) => r.base === 'EUR')).toEqual([rate('2026-11-30', 'EUR', 'USD', '1.0842')]);
  });
});
