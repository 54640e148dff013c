import { recordsDue, Timeline } from './timeline';

describe(Timeline.name, () => {
  it('answers due items in time order, ties in insertion order, and nothing not yet due', () => {
    const t = new Timeline<string>();
    for (const [at, item] of [
      [30, 'c'],
      [10, 'a1'],
      [20, 'b'],
      [10, 'a2'],
      [50, 'e'],
      [40, 'd'],
    ] as const)
      t.add(at, item);
    expect(t.nextAt()).toBe(10);
    const out: string[] = [];
    for (let x = t.popDue(40); x !== undefined; x = t.popDue(40)) out.push(x);
    expect(out).toEqual(['a1', 'a2', 'b', 'c', 'd']);
    expect(t.size).toBe(1);
    expect(t.popDue(49)).toBeUndefined();
    expect(t.popDue(50)).toBe('e');
  });

  it('stays ordered over many random insertions', () => {
    const t = new Timeline<number>();
    const values = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1000);
    for (const v of values) t.add(v, v);
    const out: number[] = [];
    for (let x = t.popDue(Infinity); x !== undefined; x = t.popDue(Infinity)) out.push(x);
    expect(out).toEqual([...values].sort((a, b) => a - b));
  });
});

describe('recordsDue', () => {
  it('starts the first record at once, then one every 1/rate seconds, up to the cap', () => {
    expect(recordsDue(0, 5, undefined)).toBe(1);
    expect(recordsDue(199, 5, undefined)).toBe(1);
    expect(recordsDue(200, 5, undefined)).toBe(2);
    expect(recordsDue(10_000, 5, undefined)).toBe(51);
    expect(recordsDue(10_000, 5, 20)).toBe(20);
    expect(recordsDue(10_000, 0, undefined)).toBe(0);
  });
});
