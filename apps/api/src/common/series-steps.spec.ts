import { seriesStep, seriesSteps } from './series-steps';

describe(seriesSteps.name, () => {
  it('aligns steps to multiples of the step; the last one contains now', () => {
    const s = seriesSteps(new Date('2026-11-20T12:07:30Z'), 3600, 300);
    expect(s).toEqual({ start: new Date('2026-11-20T11:10:00Z'), end: new Date('2026-11-20T12:10:00Z'), count: 12 });
  });

  it('a window that is not a multiple of the step is rounded up to whole steps', () => {
    expect(seriesSteps(new Date('2026-11-20T12:00:00Z'), 100, 60)).toEqual({
      start: new Date('2026-11-20T11:59:00Z'),
      end: new Date('2026-11-20T12:01:00Z'),
      count: 2,
    });
  });
});

describe(seriesStep.name, () => {
  it('defaults to 60 steps over the window, at least 10 seconds', () => {
    expect(seriesStep(3600, undefined)).toEqual({ stepSeconds: 60 });
    expect(seriesStep(60, undefined)).toEqual({ stepSeconds: 10 });
  });

  it('refuses a step longer than the window or one that makes too many points', () => {
    expect(seriesStep(600, 601)).toEqual({ field: 'stepSeconds', error: 'must not be longer than windowSeconds' });
    expect(seriesStep(86_400, 10)).toEqual({ field: 'stepSeconds', error: 'makes more than 1440 points over windowSeconds; use at least 60' });
    expect(seriesStep(86_400, 60)).toEqual({ stepSeconds: 60 });
  });
});
