import { duplicateRate, errorRate, type FlowCounters, ingestActivity } from './ingest-activity';

const zero: FlowCounters = { hops: 0, errors: 0, duplicates: 0, runs: 0, failedRuns: 0 };
const c = (over: Partial<FlowCounters>): FlowCounters => ({ ...zero, ...over });

describe(ingestActivity.name, () => {
  it('is idle when nothing arrived in the window', () => {
    expect(ingestActivity(zero)).toBe('idle');
  });

  it('is healthy with traffic and no errors, failed runs or notable duplicates', () => {
    expect(ingestActivity(c({ hops: 100 }))).toBe('healthy');
    expect(ingestActivity(c({ hops: 100, duplicates: 5 }))).toBe('healthy'); // 5 of 105 deliveries
    expect(ingestActivity(c({ runs: 2 }))).toBe('healthy');
  });

  it('is degraded by any error below half of the hops', () => {
    expect(ingestActivity(c({ hops: 100, errors: 1 }))).toBe('degraded');
    expect(ingestActivity(c({ hops: 100, errors: 49 }))).toBe('degraded');
  });

  it('is failing when at least half of the hops are errors', () => {
    expect(ingestActivity(c({ hops: 100, errors: 50 }))).toBe('failing');
    expect(ingestActivity(c({ hops: 1, errors: 1 }))).toBe('failing');
  });

  it('is degraded when more than 5% of deliveries are duplicates', () => {
    expect(ingestActivity(c({ hops: 94, duplicates: 6 }))).toBe('degraded');
    expect(ingestActivity(c({ duplicates: 3 }))).toBe('degraded');
  });

  it('is failing when at least half of the finished runs failed, degraded below that', () => {
    expect(ingestActivity(c({ runs: 1, failedRuns: 1 }))).toBe('failing');
    expect(ingestActivity(c({ runs: 2, failedRuns: 1 }))).toBe('failing');
    expect(ingestActivity(c({ runs: 3, failedRuns: 1 }))).toBe('degraded');
    expect(ingestActivity(c({ hops: 10, runs: 6, failedRuns: 1 }))).toBe('degraded');
  });
});

describe(errorRate.name, () => {
  it('is errors over hops, 0 without hops', () => {
    expect(errorRate(c({ hops: 8, errors: 2 }))).toBe(0.25);
    expect(errorRate(zero)).toBe(0);
  });
});

describe(duplicateRate.name, () => {
  it('is duplicates over all deliveries, 0 without deliveries', () => {
    expect(duplicateRate(c({ hops: 3, duplicates: 1 }))).toBe(0.25);
    expect(duplicateRate(zero)).toBe(0);
  });
});
