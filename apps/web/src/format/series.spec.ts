import { endedSteps } from './series';

describe(endedSteps.name, () => {
  const points = ['22:57', '22:58', '22:59'].map((t) => ({ at: `2026-12-07T${t}:00.000Z`, hops: 1 }));

  it('leaves out the step still in progress when the series was read', () => {
    expect(endedSteps(points, 60, Date.parse('2026-12-07T22:59:30Z')).map((p) => p.at)).toEqual(['2026-12-07T22:57:00.000Z', '2026-12-07T22:58:00.000Z']);
  });

  it('keeps a step from the instant it ends', () => {
    expect(endedSteps(points, 60, Date.parse('2026-12-07T23:00:00Z'))).toHaveLength(3);
  });
});
