import { formatInstant, parseInstant } from './instant';

const iso = (v: unknown) => {
  const micros = parseInstant(v);
  return typeof micros === 'number' ? formatInstant(micros) : micros;
};

describe(parseInstant.name, () => {
  it('reads dates, timestamps and zones the way PostgreSQL and ISO 8601 write them', () => {
    expect(iso('2026-11-01')).toBe('2026-11-01T00:00:00.000Z');
    expect(iso('2026-11-01T10:20')).toBe('2026-11-01T10:20:00.000Z');
    expect(iso('2026-11-01 10:20:30')).toBe('2026-11-01T10:20:30.000Z');
    expect(iso('2026-11-01T10:20:30.5Z')).toBe('2026-11-01T10:20:30.500Z');
    expect(iso('2026-11-01 10:20:30.123456+00')).toBe('2026-11-01T10:20:30.123456Z');
    expect(iso('2026-11-01T10:20:30,1234567-05:30')).toBe('2026-11-01T15:50:30.123456Z');
    expect(iso('2026-11-01T00:00:00+0100')).toBe('2026-10-31T23:00:00.000Z');
    expect(iso('2026-11-01T24:00:00Z')).toBe('2026-11-02T00:00:00.000Z');
    expect(iso('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(iso('1900-03-01')).toBe('1900-03-01T00:00:00.000Z');
    expect(iso(new Date('2026-11-01T10:00:00.123Z'))).toBe('2026-11-01T10:00:00.123Z');
    expect(iso('  2026-11-01  ')).toBe('2026-11-01T00:00:00.000Z');
  });

  it('agrees with Date.parse on millisecond timestamps', () => {
    for (const text of ['1970-01-01T00:00:00.000Z', '1969-07-20T20:17:40.000Z', '2000-02-29T23:59:59.999Z', '2099-12-31T12:00:00.000Z']) {
      expect(parseInstant(text)).toBe(Date.parse(text) * 1000);
    }
  });

  it('refuses what is not a valid date', () => {
    for (const bad of [
      '2026-02-29',
      '2026-13-01',
      '2026-11-31',
      '2026-11-01T25:00',
      '2026-11-01T24:00:01',
      '2026-11-01T10:60',
      '2026-11-01T10:00:00.',
      '2026-11-01X',
      '2026-11-01T10:00+1',
      '11/01/2026',
      'soon',
    ]) {
      expect([bad, parseInstant(bad)]).toEqual([bad, undefined]);
    }
    expect(parseInstant(new Date(Number.NaN))).toBeUndefined();
    expect(parseInstant(1_700_000_000_000)).toBeUndefined();
    expect(parseInstant('')).toBeNull();
    expect(parseInstant(null)).toBeNull();
  });
});
