import { type CashSeriesResponse } from '@closewatch/contracts/impact';
import { exceptionsLink, periodParam, reasonLinks, seriesChartData, totalAmount, totalGap, totalText, utcPeriod } from './impact-view';

describe('impact view', () => {
  const now = new Date('2026-12-07T04:00:00Z');

  it('defaults the period to the current UTC month, and keeps a valid one', () => {
    expect(utcPeriod(now)).toBe('2026-12');
    expect(periodParam(null, now)).toBe('2026-12');
    expect(periodParam('2026-13', now)).toBe('2026-12');
    expect(periodParam('2026-11', now)).toBe('2026-11');
  });

  it('links to the exception queue, the exception, the reconciliation and its run', () => {
    expect(exceptionsLink('DE01', '2026-11')).toBe('/exceptions?period=2026-11&entity=DE01');
    expect(exceptionsLink(null, '2026-11')).toBe('/exceptions?period=2026-11');
    expect(reasonLinks({ kind: 'recon_failed', flow: 'f', message: 'm', exceptionId: null, reconId: 'r 1', runId: 'u1' })).toEqual([
      { to: '/reconciliations/r%201', label: 'reconciliation' },
      { to: '/reconciliations/runs/u1', label: 'run' },
    ]);
    expect(reasonLinks({ kind: 'material_exception', flow: 'f', message: 'm', exceptionId: 'e1', reconId: null, runId: null })).toEqual([
      { to: '/exceptions?open=e1', label: 'exception' },
    ]);
  });

  it('says when a total leaves a currency out', () => {
    expect(totalText({ currency: 'USD', amount: '1234.5', complete: true, missingCurrencies: [] })).toBe('1,234.5 USD');
    expect(totalText({ currency: 'USD', amount: '10', complete: false, missingCurrencies: ['JPY'] })).toBe('10 USD (incomplete: no rate for JPY)');
    expect(totalAmount({ currency: 'USD', amount: '10', complete: false, missingCurrencies: ['JPY'] })).toBe('10 USD');
    expect(totalGap({ currency: 'USD', amount: '10', complete: false, missingCurrencies: ['JPY', 'CAD'] })).toBe('incomplete: no rate for JPY, CAD');
    expect(totalGap({ currency: 'USD', amount: '10', complete: true, missingCurrencies: [] })).toBeNull();
  });

  it('draws the converted total and keeps the exact amounts for the tooltip', () => {
    const series: CashSeriesResponse = {
      period: '2026-11',
      entity: null,
      metric: null,
      reportingCurrency: 'USD',
      step: 'day',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
      currencies: ['EUR', 'JPY'],
      points: [
        {
          at: '2026-11-02T00:00:00.000Z',
          byCurrency: [
            { currency: 'EUR', amount: '1000.5', exceptions: 2 },
            { currency: 'JPY', amount: '5', exceptions: 1 },
          ],
          total: { currency: 'USD', amount: '1100.55', complete: false, missingCurrencies: ['JPY'] },
        },
      ],
    };
    expect(seriesChartData(series)).toEqual([
      { at: '2026-11-02T00:00:00.000Z', total: 1100.55, detail: '1,000.5 EUR (2) · 5 JPY (1) · not in the total: JPY' },
    ]);
  });
});
