import { AGE_BUCKETS, type AgingResponse, SEVERITIES } from '@closewatch/contracts/exceptions';
import { agingBars, agingCurrencies, barAmount } from './aging-data';

function report(fill: Partial<Record<string, { count: number; overdue?: number; amounts?: { amount: string; currency: string }[] }>>): AgingResponse {
  const cells = AGE_BUCKETS.flatMap((ageBucket) =>
    SEVERITIES.map((severity) => {
      const c = fill[`${ageBucket}/${severity}`];
      return { ageBucket, severity, count: c?.count ?? 0, overdue: c?.overdue ?? 0, amounts: c?.amounts ?? [] };
    }),
  );
  return { asOf: '2026-11-20T10:00:00.000Z', cells, totals: { count: 0, overdue: 0, amounts: [] } };
}

describe(agingBars.name, () => {
  it('gives one bar per age bucket, in order, with counts by severity', () => {
    const bars = agingBars(report({ '<1d/high': { count: 2, overdue: 1 }, '<1d/low': { count: 3 }, '>30d/critical': { count: 1, overdue: 1 } }));
    expect(bars.map((b) => b.ageBucket)).toEqual([...AGE_BUCKETS]);
    expect(bars[0]).toMatchObject({ count: 5, overdue: 1, critical: 0, high: 2, medium: 0, low: 3 });
    expect(bars[4]).toMatchObject({ count: 1, overdue: 1, critical: 1 });
  });

  it('sums amounts per currency exactly, never through binary floating point', () => {
    const [bar] = agingBars(
      report({
        '<1d/high': {
          count: 1,
          amounts: [
            { amount: '0.10', currency: 'USD' },
            { amount: '5', currency: 'EUR' },
          ],
        },
        '<1d/low': { count: 2, amounts: [{ amount: '0.20', currency: 'USD' }] },
        '<1d/medium': { count: 1, amounts: [{ amount: '12345678901234567.01', currency: 'USD' }] },
      }),
    );
    expect(bar!.amounts).toEqual([
      { currency: 'USD', amount: '12345678901234567.31' },
      { currency: 'EUR', amount: '5' },
    ]);
    expect(barAmount(bar!, 'EUR')).toBe('5');
    expect(barAmount(bar!, 'GBP')).toBe('0');
  });

  it('keeps the decimal places of the amounts it adds', () => {
    const [bar] = agingBars(
      report({
        '<1d/high': { count: 1, amounts: [{ amount: '15940688.05', currency: 'GBP' }] },
        '<1d/low': { count: 1, amounts: [{ amount: '0.05', currency: 'GBP' }] },
      }),
    );
    expect(bar!.amounts).toEqual([{ currency: 'GBP', amount: '15940688.10' }]);
  });

  it('stays exact past twenty significant digits', () => {
    const [bar] = agingBars(
      report({
        '<1d/high': { count: 1, amounts: [{ amount: '123456789012345678901234567.89', currency: 'USD' }] },
        '<1d/low': { count: 1, amounts: [{ amount: '0.01', currency: 'USD' }] },
      }),
    );
    expect(bar!.amounts).toEqual([{ currency: 'USD', amount: '123456789012345678901234567.90' }]);
  });
});

describe(agingCurrencies.name, () => {
  it('puts the currency with the most at risk first', () => {
    const r = report({});
    r.totals.amounts = [
      { currency: 'EUR', amount: '900.00' },
      { currency: 'USD', amount: '1000.00' },
    ];
    expect(agingCurrencies(r)).toEqual(['USD', 'EUR']);
  });
});
