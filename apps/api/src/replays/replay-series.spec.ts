import { replaySeries, successRate } from './replay-series';

describe(replaySeries.name, () => {
  const steps = { start: new Date('2026-12-07T10:00:00Z'), end: new Date('2026-12-07T13:00:00Z'), count: 3 };

  it('answers every step, counting requests by where they stand, with the success rate of the settled ones', () => {
    const { points, total } = replaySeries(steps, 3600, [
      { step: 0, status: 'succeeded', count: 3 },
      { step: 0, status: 'failed', count: 1 },
      { step: 2, status: 'expired', count: 1 },
      { step: 2, status: 'sent', count: 2 },
      { step: 2, status: 'requested', count: 1 },
    ]);
    expect(points).toEqual([
      { at: '2026-12-07T10:00:00.000Z', requested: 4, succeeded: 3, failed: 1, expired: 0, waiting: 0, successRate: 0.75 },
      { at: '2026-12-07T11:00:00.000Z', requested: 0, succeeded: 0, failed: 0, expired: 0, waiting: 0, successRate: null },
      { at: '2026-12-07T12:00:00.000Z', requested: 4, succeeded: 0, failed: 0, expired: 1, waiting: 3, successRate: 0 },
    ]);
    expect(total).toEqual({ requested: 8, succeeded: 3, failed: 1, expired: 1, waiting: 3, successRate: 0.6 });
  });

  it('ignores rows outside the window', () => {
    expect(replaySeries(steps, 3600, [{ step: 3, status: 'succeeded', count: 1 }]).total.requested).toBe(0);
  });
});

describe(successRate.name, () => {
  it('is null with nothing settled', () => {
    expect(successRate({ succeeded: 0, failed: 0, expired: 0 })).toBeNull();
    expect(successRate({ succeeded: 1, failed: 0, expired: 0 })).toBe(1);
  });
});
