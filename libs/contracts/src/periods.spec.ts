import { previousPeriod } from './periods';

describe(previousPeriod.name, () => {
  it('steps back a month, and over the year', () => {
    expect(previousPeriod('2026-11')).toBe('2026-10');
    expect(previousPeriod('2026-10')).toBe('2026-09');
    expect(previousPeriod('2027-01')).toBe('2026-12');
  });
});
