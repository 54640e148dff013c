import { hashString, Random } from './random';

describe(Random.name, () => {
  it('replays the same sequence for the same seed and a different one for another seed', () => {
    const draw = (seed: number | string) => {
      const r = new Random(seed);
      return Array.from({ length: 20 }, () => r.uint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw('flow|US01')).toEqual(draw('flow|US01'));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('keeps int() within its inclusive bounds and reaches both ends', () => {
    const r = new Random(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = r.int(3, 7);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(7);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
    expect(() => r.int(5, 4)).toThrow(RangeError);
  });

  it('picks by weight roughly in proportion', () => {
    const r = new Random(1);
    let heavy = 0;
    for (let i = 0; i < 4000; i++)
      if (
        r.weighted([
          { weight: 3, value: 'a' },
          { weight: 1, value: 'b' },
        ]) === 'a'
      )
        heavy++;
    expect(heavy / 4000).toBeGreaterThan(0.7);
    expect(heavy / 4000).toBeLessThan(0.8);
  });

  it('never fires chance(0) and always fires chance(1)', () => {
    const r = new Random(3);
    for (let i = 0; i < 500; i++) {
      expect(r.chance(0)).toBe(false);
      expect(r.chance(1)).toBe(true);
    }
  });

  it('hashes strings stably (FNV-1a)', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
  });
});
