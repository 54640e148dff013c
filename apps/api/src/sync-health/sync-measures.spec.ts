import { dataStatusesSeen, emptyMeasureRows, type FlowMeasureRows, measuresFor, moneyTotals } from './sync-measures';

const now = new Date('2026-11-20T12:00:00.000Z');
const ctx = { now, windowSeconds: 3600, freshnessFromRun: false, lastSuccessfulRunAt: null };

function rows(): FlowMeasureRows {
  return {
    ...emptyMeasureRows(),
    minutes: [
      { dataStatus: 'preliminary', errorClass: null, hops: 60, errors: 0, retries: 2, deadLetters: 0 },
      { dataStatus: 'preliminary', errorClass: 'transient', hops: 4, errors: 4, retries: 0, deadLetters: 1 },
      { dataStatus: 'posted', errorClass: null, hops: 30, errors: 1, retries: 1, deadLetters: 0 },
      { dataStatus: 'posted', errorClass: 'mapping', hops: 6, errors: 6, retries: 0, deadLetters: 0 },
    ],
    inFlight: [
      { dataStatus: 'preliminary', currency: 'USD', count: 2, pastSlo: 1, oldest: new Date('2026-11-20T11:00:00Z'), amount: '100.10' },
      { dataStatus: 'posted', currency: 'USD', count: 1, pastSlo: 0, oldest: new Date('2026-11-20T11:50:00Z'), amount: '0.20' },
      { dataStatus: 'posted', currency: 'EUR', count: 1, pastSlo: 0, oldest: new Date('2026-11-20T11:55:00Z'), amount: '5' },
      { dataStatus: 'posted', currency: null, count: 1, pastSlo: 0, oldest: new Date('2026-11-20T11:58:00Z'), amount: null },
    ],
    failed: [{ dataStatus: 'posted', currency: 'USD', count: 2, amount: '0.3' }],
    posted: [
      { dataStatus: 'all', count: 30, p50: 12.3456, p95: 40, p99: 59.9 },
      { dataStatus: 'preliminary', count: 10, p50: 5, p95: 9, p99: 9.9 },
      { dataStatus: 'posted', count: 20, p50: 20, p95: 50, p99: 60 },
    ],
    lastPosted: [
      { dataStatus: 'preliminary', at: new Date('2026-11-20T11:59:00Z') },
      { dataStatus: 'posted', at: new Date('2026-11-20T11:58:00Z') },
    ],
    ingest: { hops: 100, duplicates: 5 },
  };
}

describe(measuresFor.name, () => {
  it('all data statuses together', () => {
    expect(measuresFor(rows(), 'all', ctx)).toEqual({
      dataStatus: 'all',
      windowSeconds: 3600,
      recordsPosted: 30,
      throughputPerMinute: 0.5,
      lagSeconds: { p50: 12.346, p95: 40, p99: 59.9 },
      hops: 100,
      errors: 11,
      errorRate: 0.11,
      duplicates: 5,
      duplicateRate: 5 / 105,
      retries: 3,
      deadLetters: 1,
      inFlight: { count: 5, pastSlo: 1, oldestEmittedAt: '2026-11-20T11:00:00.000Z', oldestAgeSeconds: 3600 },
      failedRecords: 2,
      lastPostedAt: '2026-11-20T11:59:00.000Z',
      freshnessSeconds: 60,
      freshnessBasis: 'posting',
      errorsByClass: [
        { errorClass: 'mapping', errors: 6, rate: 0.06 },
        { errorClass: 'transient', errors: 4, rate: 0.04 },
        { errorClass: 'unclassified', errors: 1, rate: 0.01 },
      ],
      amountInFlight: [
        { currency: 'EUR', amount: '5', records: 1 },
        { currency: 'USD', amount: '100.3', records: 3 },
      ],
      amountFailed: [{ currency: 'USD', amount: '0.3', records: 2 }],
    });
  });

  it('one data status: never mixed with the others; duplicates are known per flow only', () => {
    const m = measuresFor(rows(), 'posted', ctx);
    expect(m).toMatchObject({
      dataStatus: 'posted',
      recordsPosted: 20,
      lagSeconds: { p50: 20, p95: 50, p99: 60 },
      hops: 36,
      errors: 7,
      retries: 1,
      deadLetters: 0,
      duplicates: null,
      duplicateRate: null,
      inFlight: { count: 3, pastSlo: 0, oldestEmittedAt: '2026-11-20T11:50:00.000Z', oldestAgeSeconds: 600 },
      failedRecords: 2,
      lastPostedAt: '2026-11-20T11:58:00.000Z',
      amountInFlight: [
        { currency: 'EUR', amount: '5', records: 1 },
        { currency: 'USD', amount: '0.2', records: 1 },
      ],
    });
    expect(measuresFor(rows(), 'preliminary', ctx)).toMatchObject({
      hops: 64,
      errors: 4,
      failedRecords: 0,
      amountFailed: [],
      inFlight: { count: 2, pastSlo: 1 },
    });
  });

  it('a data status with nothing is all zeros and nulls', () => {
    expect(measuresFor(rows(), 'approved', ctx)).toMatchObject({
      recordsPosted: 0,
      lagSeconds: { p50: null, p95: null, p99: null },
      hops: 0,
      errorRate: 0,
      inFlight: { count: 0, pastSlo: 0, oldestEmittedAt: null, oldestAgeSeconds: null },
      lastPostedAt: null,
      freshnessSeconds: null,
    });
  });

  it('batch flows measure freshness from their last successful run', () => {
    const m = measuresFor(rows(), 'all', { ...ctx, freshnessFromRun: true, lastSuccessfulRunAt: new Date('2026-11-20T10:00:00Z') });
    expect(m).toMatchObject({ freshnessSeconds: 7200, freshnessBasis: 'run', lastPostedAt: '2026-11-20T11:59:00.000Z' });
    expect(measuresFor(rows(), 'all', { ...ctx, freshnessFromRun: true, lastSuccessfulRunAt: null }).freshnessSeconds).toBeNull();
  });

  it('no ingest counters: no duplicates', () => {
    expect(measuresFor({ ...rows(), ingest: null }, 'all', ctx)).toMatchObject({ duplicates: 0, duplicateRate: 0 });
  });
});

describe(dataStatusesSeen.name, () => {
  it('lists the data statuses with any measure, in contract order', () => {
    expect(dataStatusesSeen(rows())).toEqual(['preliminary', 'posted']);
    expect(dataStatusesSeen(emptyMeasureRows())).toEqual([]);
    expect(dataStatusesSeen({ ...emptyMeasureRows(), failed: [{ dataStatus: 'unspecified', currency: null, count: 1, amount: null }] })).toEqual([
      'unspecified',
    ]);
  });
});

describe(moneyTotals.name, () => {
  it('sums exactly, beyond binary floating point', () => {
    expect(
      moneyTotals([
        { currency: 'USD', amount: '0.1', count: 1 },
        { currency: 'USD', amount: '0.2', count: 1 },
        { currency: 'JPY', amount: '123456789012345678.12', count: 1 },
        { currency: 'JPY', amount: '1', count: 2 },
      ]),
    ).toEqual([
      { currency: 'JPY', amount: '123456789012345679.12', records: 3 },
      { currency: 'USD', amount: '0.3', records: 2 },
    ]);
  });
});
