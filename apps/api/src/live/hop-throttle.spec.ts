import { type HopDto } from '@closewatch/contracts/telemetry';
import { HopThrottle } from './hop-throttle';

const hop = (n: number): HopDto => ({ recordKey: `INV-${n}` }) as HopDto;
const hops = (from: number, to: number): HopDto[] => Array.from({ length: to - from + 1 }, (_, i) => hop(from + i));
const keys = (m: { hops: HopDto[] } | null) => m?.hops.map((h) => h.recordKey.slice(4)).join(' ');

describe(HopThrottle.name, () => {
  it('sends the first hops after a quiet interval at once', () => {
    const t = new HopThrottle(3, 100);
    expect(t.add(hops(1, 2), 1_000)).toBe(0);
    expect(t.take(1_000)).toEqual({ hops: hops(1, 2), committed: 2 });
    expect(t.take(1_001)).toBeNull();
  });

  it('holds hops that come within the interval until it ends', () => {
    const t = new HopThrottle(3, 100);
    t.add(hops(1, 1), 1_000);
    t.take(1_000);
    expect(t.add(hops(2, 2), 1_030)).toBe(70);
    expect(t.add(hops(3, 3), 1_090)).toBe(10);
    expect(t.take(1_100)).toEqual({ hops: hops(2, 3), committed: 2 });
    expect(t.add(hops(4, 4), 1_250)).toBe(0);
  });

  it('keeps only the newest hops, newest last, and counts all of them', () => {
    const t = new HopThrottle(3, 100);
    t.add(hops(1, 1000), 0);
    const message = t.take(0);
    expect(keys(message)).toBe('998 999 1000');
    expect(message?.committed).toBe(1000);
  });

  it('shows every batch of the interval by its newest hop, then fills with the newest', () => {
    const t = new HopThrottle(4, 100);
    t.add(hops(1, 10), 0);
    t.add(hops(11, 20), 10);
    t.add(hops(21, 30), 20);
    const message = t.take(100);
    expect(keys(message)).toBe('10 20 29 30');
    expect(message?.committed).toBe(30);
  });

  it('shows the newest batches when more than a message holds committed', () => {
    const t = new HopThrottle(2, 100);
    for (let b = 0; b < 5; b++) t.add(hops(b * 10 + 1, b * 10 + 10), b);
    expect(keys(t.take(100))).toBe('40 50');
  });
});
