import { backoffMs, flattenRecord, nextFromLinkHeader, valueAt } from './connector-http';

describe(valueAt.name, () => {
  it('follows a dotted path, the empty path being the value itself', () => {
    const body = { data: { items: [1] }, meta: { next: 'c2' } };
    expect(valueAt(body, 'data.items')).toEqual([1]);
    expect(valueAt(body, 'meta.next')).toBe('c2');
    expect(valueAt(body, 'meta.missing.deeper')).toBeUndefined();
    expect(valueAt([1, 2], '')).toEqual([1, 2]);
  });
});

describe(flattenRecord.name, () => {
  it('turns nested objects into dotted fields and keeps arrays', () => {
    expect(flattenRecord({ id: 1, doc: { ref: 'A', supplier: { name: 'X' } }, tags: ['a'], none: null })).toEqual({
      id: 1,
      'doc.ref': 'A',
      'doc.supplier.name': 'X',
      tags: ['a'],
      none: null,
    });
  });
});

describe(nextFromLinkHeader.name, () => {
  it('finds rel="next" among the links', () => {
    expect(nextFromLinkHeader('<https://api/x?page=1>; rel="prev", <https://api/x?page=3>; rel="next"')).toBe('https://api/x?page=3');
    expect(nextFromLinkHeader('<https://api/x?page=1>; rel=prev')).toBeUndefined();
    expect(nextFromLinkHeader(null)).toBeUndefined();
  });
});

describe(backoffMs.name, () => {
  it('honours Retry-After in seconds or as a date, else backs off exponentially', () => {
    expect(backoffMs(1, '3', 500)).toBe(3000);
    expect(backoffMs(1, new Date(10_000).toUTCString(), 500, 8_000)).toBe(2000);
    const third = backoffMs(3, null, 500);
    expect(third).toBeGreaterThanOrEqual(2000);
    expect(third).toBeLessThan(2500);
    expect(backoffMs(30, null, 500)).toBe(30_000);
  });
});
