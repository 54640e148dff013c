import { addMonths, monthBounds, monthExpired, monthStart, monthsToMake, partitionMonth, partitionName, retentionCutoff } from './telemetry-partitions';

describe('telemetry partition months', () => {
  it('names a month partition and reads the month back, in UTC', () => {
    const m = monthStart(new Date('2026-12-31T23:30:00-05:00')); // 2027-01-01T04:30Z
    expect(m.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(partitionName('hops', m)).toBe('hops_p202701');
    expect(partitionMonth('hops', 'hops_p202701')).toEqual(m);
    expect(partitionMonth('hops', 'hops_default')).toBeUndefined();
    expect(partitionMonth('hops', 'spans_p202701')).toBeUndefined();
    expect(monthBounds(m)).toBe(`for values from ('2027-01-01T00:00:00.000Z') to ('2027-02-01T00:00:00.000Z')`);
  });

  it('makes this month and two ahead, across a year end', () => {
    expect(monthsToMake(new Date('2026-11-15T00:00:00Z')).map((d) => partitionName('t', d))).toEqual(['t_p202611', 't_p202612', 't_p202701']);
  });

  it('expires a month only once its whole range is past the retention; 0 days keeps forever', () => {
    expect(retentionCutoff(new Date(), 0)).toBeUndefined();
    const cutoff = retentionCutoff(new Date('2026-12-07T00:00:00Z'), 90)!;
    expect(cutoff.toISOString()).toBe('2026-09-08T00:00:00.000Z');
    expect(monthExpired(new Date('2026-08-01T00:00:00Z'), cutoff)).toBe(true);
    expect(monthExpired(new Date('2026-09-01T00:00:00Z'), cutoff)).toBe(false);
    expect(addMonths(new Date('2026-08-01T00:00:00Z'), -8).toISOString()).toBe('2025-12-01T00:00:00.000Z');
  });
});
