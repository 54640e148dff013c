import { type FxConversionDto } from '@closewatch/contracts/close';
import { type CashAggregate, cashConversionRequests, cashImpact } from './cash-impact';

/** Converts with fixed rates into USD, or says the rate is missing (as FxRatesService does). */
const convert = (r: { amount: string; from: string; to: string }): FxConversionDto => {
  const rates: Record<string, string> = { USD: '1', EUR: '2' };
  const rate = rates[r.from];
  if (!rate) return { ok: false, reason: 'missing_rate', amount: r.amount, from: r.from, to: r.to, asOf: '2026-11-30', message: `no ${r.from}/USD rate` };
  return { ok: true, amount: String(Number(r.amount) * Number(rate)), from: r.from, to: r.to, asOf: '2026-11-30', method: 'direct', rates: [] };
};

describe('cash impact', () => {
  const rows: CashAggregate[] = [
    { entity: null, currency: 'USD', amount: '1', exceptions: 1, flows: ['f1'] },
    { entity: 'US01', currency: 'USD', amount: '10.5', exceptions: 2, flows: ['f2', 'f1'] },
    { entity: 'DE01', currency: 'EUR', amount: '4', exceptions: 1, flows: ['f1'] },
    { entity: 'DE01', currency: 'JPY', amount: '300', exceptions: 3, flows: ['f1'] },
  ];

  it('asks for each row and each currency total, in that order', () => {
    expect(cashConversionRequests(rows, 'USD', '2026-11').map((r) => `${r.amount} ${r.from}`)).toEqual([
      '1 USD',
      '10.5 USD',
      '4 EUR',
      '300 JPY',
      '4 EUR',
      '300 JPY',
      '11.5 USD',
    ]);
  });

  it('sorts rows, converts each, and says the total is incomplete without a rate', () => {
    const conversions = cashConversionRequests(rows, 'USD', '2026-11').map(convert);
    const link = {
      id: 'x1',
      type: 'delivery_failure' as const,
      flow: 'f1',
      amountAtRisk: '4',
      currency: 'EUR',
      severity: 'high' as const,
      firstSeenAt: '2026-11-02T00:00:00.000Z',
    };
    const res = cashImpact({
      period: '2026-11',
      entity: null,
      reportingCurrency: 'USD',
      asOf: new Date(0),
      rows,
      links: [{ ...link, entity: 'DE01' }],
      conversions,
    });
    expect(res.rows.map((r) => [r.entity, r.currency, r.converted.ok ? r.converted.amount : r.converted.message, r.items.length])).toEqual([
      ['DE01', 'EUR', '8', 1],
      ['DE01', 'JPY', 'no JPY/USD rate', 0],
      ['US01', 'USD', '10.5', 0],
      [null, 'USD', '1', 0],
    ]);
    expect(res.rows[2]!.flows).toEqual(['f1', 'f2']);
    expect(res.byCurrency.map((c) => [c.currency, c.amount, c.exceptions, c.converted.ok])).toEqual([
      ['EUR', '4', 1, true],
      ['JPY', '300', 3, false],
      ['USD', '11.5', 3, true],
    ]);
    expect(res.total).toEqual({ currency: 'USD', amount: '19.5', complete: false, missingCurrencies: ['JPY'] });
    expect(res.exceptions).toBe(7);
  });
});
