import { fillSeries, frameEnd, seriesFrame } from './stats-series';

describe(seriesFrame.name, () => {
  const now = new Date('2026-11-02T10:07:30.000Z');

  it('aligns steps to the step size and ends with the step holding now', () => {
    const f = seriesFrame(now, 600, 60);
    expect(f.count).toBe(10);
    expect(new Date(f.firstStart * 1000).toISOString()).toBe('2026-11-02T09:58:00.000Z');
    expect(new Date(frameEnd(f) * 1000).toISOString()).toBe('2026-11-02T10:08:00.000Z');
  });

  it('covers a window that is not a whole number of steps', () => {
    const f = seriesFrame(now, 3600, 900);
    expect(f.count).toBe(4);
    expect(new Date(f.firstStart * 1000).toISOString()).toBe('2026-11-02T09:15:00.000Z');
    expect(seriesFrame(now, 3700, 900).count).toBe(5);
  });
});

describe(fillSeries.name, () => {
  it('gives one point per step, oldest first, with zeros where nothing was counted', () => {
    const f = seriesFrame(new Date('2026-11-02T10:02:10.000Z'), 180, 60);
    const t = (iso: string) => Date.parse(iso) / 1000;
    const points = fillSeries(f, [{ stepStart: t('2026-11-02T10:01:00Z'), hops: 7, errors: 1, duplicates: 2, runs: 1, failedRuns: 0 }]);
    expect(points).toEqual([
      { at: '2026-11-02T10:00:00.000Z', hops: 0, errors: 0, duplicates: 0, runs: 0, failedRuns: 0 },
      { at: '2026-11-02T10:01:00.000Z', hops: 7, errors: 1, duplicates: 2, runs: 1, failedRuns: 0 },
      { at: '2026-11-02T10:02:00.000Z', hops: 0, errors: 0, duplicates: 0, runs: 0, failedRuns: 0 },
    ]);
  });
});
