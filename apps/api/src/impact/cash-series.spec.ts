import { type FxConversionDto } from '@closewatch/contracts/close';
import { currentUtcPeriod, defaultSeriesEnd, MAX_CASH_SERIES_POINTS, periodStart, seriesInstants, seriesPoints } from './cash-series';

describe('cash series instants', () => {
  const iso = (r: ReturnType<typeof seriesInstants>) => (r.ok ? r.instants.map((d) => d.toISOString()) : r);

  it('steps from `from` and ends exactly at `to`', () => {
    expect(iso(seriesInstants(new Date('2026-11-01T00:00:00Z'), new Date('2026-11-03T12:00:00Z'), 'day'))).toEqual([
      '2026-11-01T00:00:00.000Z',
      '2026-11-02T00:00:00.000Z',
      '2026-11-03T00:00:00.000Z',
      '2026-11-03T12:00:00.000Z',
    ]);
    expect(iso(seriesInstants(new Date('2026-11-01T00:00:00Z'), new Date('2026-11-01T02:00:00Z'), 'hour'))).toEqual([
      '2026-11-01T00:00:00.000Z',
      '2026-11-01T01:00:00.000Z',
      '2026-11-01T02:00:00.000Z',
    ]);
  });

  it('refuses an empty range and too many points, naming the field', () => {
    const at = new Date('2026-11-01T00:00:00Z');
    expect(seriesInstants(at, at, 'day')).toEqual({ ok: false, field: 'from', message: 'must be before to' });
    const far = new Date(at.getTime() + MAX_CASH_SERIES_POINTS * 3_600_000);
    expect(seriesInstants(at, far, 'hour')).toMatchObject({ ok: false, field: 'step' });
    expect(seriesInstants(at, far, 'day')).toMatchObject({ ok: true });
  });

  it('ends a series now by default, within one step and the most points', () => {
    const from = new Date('2026-11-01T00:00:00Z');
    const now = new Date('2026-12-07T04:00:00Z');
    expect(defaultSeriesEnd(from, now, 'day')).toEqual(now);
    expect(defaultSeriesEnd(new Date('2027-01-01T00:00:00Z'), now, 'day').toISOString()).toBe('2027-01-02T00:00:00.000Z');
    const old = defaultSeriesEnd(new Date('2020-01-01T00:00:00Z'), now, 'hour');
    const r = seriesInstants(new Date('2020-01-01T00:00:00Z'), old, 'hour');
    expect(r.ok && r.instants.length).toBe(MAX_CASH_SERIES_POINTS);
  });

  it('knows a period by its first instant, and the current one in UTC', () => {
    expect(periodStart('2026-02').toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(currentUtcPeriod(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12');
  });
});

describe('cash series points', () => {
  const conv = (amount: string, from: string, ok = true): FxConversionDto =>
    ok
      ? { ok: true, amount, from, to: 'USD', asOf: '2026-11-30', method: 'direct', rates: [] }
      : { ok: false, reason: 'missing_rate', amount, from, to: 'USD', asOf: '2026-11-30', message: 'no rate' };

  it('gives every instant a point, with its currencies sorted and a converted total', () => {
    const instants = [new Date('2026-11-01T00:00:00Z'), new Date('2026-11-02T00:00:00Z'), new Date('2026-11-03T00:00:00Z')];
    const rows = [
      { i: 1, currency: 'USD', amount: '5', exceptions: 1 },
      { i: 1, currency: 'EUR', amount: '2', exceptions: 1 },
      { i: 2, currency: 'JPY', amount: '100', exceptions: 2 },
    ];
    const points = seriesPoints(instants, rows, [conv('5', 'USD'), conv('2.2', 'EUR'), conv('100', 'JPY', false)], 'USD');
    expect(points).toEqual([
      { at: '2026-11-01T00:00:00.000Z', byCurrency: [], total: { currency: 'USD', amount: '0', complete: true, missingCurrencies: [] } },
      {
        at: '2026-11-02T00:00:00.000Z',
        byCurrency: [
          { currency: 'EUR', amount: '2', exceptions: 1 },
          { currency: 'USD', amount: '5', exceptions: 1 },
        ],
        total: { currency: 'USD', amount: '7.2', complete: true, missingCurrencies: [] },
      },
      {
        at: '2026-11-03T00:00:00.000Z',
        byCurrency: [{ currency: 'JPY', amount: '100', exceptions: 2 }],
        total: { currency: 'USD', amount: '0', complete: false, missingCurrencies: ['JPY'] },
      },
    ]);
  });
});
