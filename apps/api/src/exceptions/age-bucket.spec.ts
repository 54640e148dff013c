import { ageBucketOf } from './age-bucket';

const now = new Date('2026-11-20T12:00:00.000Z');
const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

describe(ageBucketOf.name, () => {
  it.each([
    [0, '<1d'],
    [23.9, '<1d'],
    [24, '1-3d'],
    [71.9, '1-3d'],
    [72, '3-7d'],
    [7 * 24 - 0.1, '3-7d'],
    [7 * 24, '7-30d'],
    [30 * 24 - 0.1, '7-30d'],
    [30 * 24, '>30d'],
    [400 * 24, '>30d'],
  ])('puts an exception first seen %d hours ago in %s (lower bounds inclusive)', (hours, bucket) => {
    expect(ageBucketOf(ago(hours), now)).toBe(bucket);
  });

  it('counts a first-seen time in the future as age zero', () => {
    expect(ageBucketOf(new Date(now.getTime() + 3_600_000), now)).toBe('<1d');
  });

  it('freezes the age at the time given (resolution time for closed exceptions)', () => {
    const firstSeen = ago(40 * 24);
    expect(ageBucketOf(firstSeen, new Date(firstSeen.getTime() + 2 * 24 * 3_600_000))).toBe('1-3d');
  });
});
