import { relativePeriod, resolveScope } from './scope';

describe(resolveScope.name, () => {
  const now = new Date('2026-12-01T02:30:00Z');

  it('overrides the definition scope with the run request, keys sorted', () => {
    expect(resolveScope({ period: '2026-11', entity: 'US01' }, { entity: 'DE01' }, now)).toEqual({ entity: 'DE01', period: '2026-11' });
    expect(Object.keys(resolveScope({ z: '1', a: '2' }, undefined, now))).toEqual(['a', 'z']);
  });

  it('resolves relative periods in the schedule time zone', () => {
    expect(resolveScope({ period: 'current' }, undefined, now)).toEqual({ period: '2026-12' });
    expect(resolveScope({ period: 'current' }, undefined, now, 'America/New_York')).toEqual({ period: '2026-11' });
    expect(resolveScope({ period: '2026-01' }, { period: 'previous' }, now)).toEqual({ period: '2026-11' });
  });
});

describe(relativePeriod.name, () => {
  it('crosses the year boundary', () => {
    expect(relativePeriod('previous', new Date('2027-01-15T00:00:00Z'), 'UTC')).toBe('2026-12');
    expect(relativePeriod('current', new Date('2026-12-31T23:30:00Z'), 'Asia/Tokyo')).toBe('2027-01');
  });
});
