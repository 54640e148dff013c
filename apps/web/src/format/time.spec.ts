import { formatAge, formatDuration, formatUtc, formatUtcClock } from './time';

describe(formatUtc.name, () => {
  it('shows ISO time in UTC without milliseconds', () => {
    expect(formatUtc('2026-11-20T10:00:00.123Z')).toBe('2026-11-20T10:00:00Z');
  });
  it('converts offsets to UTC', () => {
    expect(formatUtc('2026-11-20T11:30:00+01:00')).toBe('2026-11-20T10:30:00Z');
  });
  it('shows a dash for nothing and the input for garbage', () => {
    expect(formatUtc(null)).toBe('—');
    expect(formatUtc('soon')).toBe('soon');
  });
});

describe(formatUtcClock.name, () => {
  it('answers the UTC hour and minute, with seconds on request', () => {
    expect(formatUtcClock('2026-11-20T23:05:09Z')).toBe('23:05');
    expect(formatUtcClock('2026-11-20T23:05:09Z', true)).toBe('23:05:09');
  });
});

describe(formatAge.name, () => {
  const now = Date.parse('2026-11-20T12:00:00Z');
  it.each([
    ['2026-11-20T11:59:48Z', '12s ago'],
    ['2026-11-20T11:55:00Z', '5m ago'],
    ['2026-11-20T09:00:00Z', '3h ago'],
    ['2026-11-18T12:00:00Z', '2d ago'],
    ['2026-11-20T12:00:02Z', '0s ago'],
    ['2026-11-20T12:05:00Z', 'in the future'],
  ])('%s is %s', (iso, text) => {
    expect(formatAge(iso, now)).toBe(text);
  });
});

describe(formatDuration.name, () => {
  it.each([
    [0.85, '850 µs'],
    [2.345, '2.3 ms'],
    [120, '120 ms'],
    [4200, '4.20 s'],
    [185_000, '3m 05s'],
    [-1, '—'],
  ])('%p ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
