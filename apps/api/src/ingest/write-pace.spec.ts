import fc from 'fast-check';
import { PACED_WRITERS, WritePace } from './write-pace';

/** A write that stays open until `finish` is called, recording how many ran at once. */
function gatedWrites(pace: WritePace) {
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const gates: (() => void)[] = [];
  const start = (n: number) =>
    pace.run(async () => {
      started.push(n);
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((r) => gates.push(r));
      running--;
      return n;
    });
  const finishOne = async () => {
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { start, finishOne, started, peak: () => peak, open: () => gates.length };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('WritePace', () => {
  it('lets writes run side by side while the evaluator keeps up', async () => {
    const pace = new WritePace(5);
    expect(pace.observeLag(1)).toBeNull();
    const w = gatedWrites(pace);
    const all = [1, 2, 3, 4].map(w.start);
    await settle();
    expect(w.open()).toBe(4);
    while (w.open()) await w.finishOne();
    await expect(Promise.all(all)).resolves.toEqual([1, 2, 3, 4]);
  });

  it('runs writes one at a time, in arrival order, while the lag is at the threshold or over it', async () => {
    const pace = new WritePace(5);
    expect(pace.observeLag(5)).toBe('paced');
    const w = gatedWrites(pace);
    const all = [1, 2, 3].map(w.start);
    await settle();
    expect(w.started).toEqual([1]);
    expect(pace.load).toEqual({ active: 1, waiting: 2 });
    await w.finishOne();
    expect(w.started).toEqual([1, 2]);
    await w.finishOne();
    await w.finishOne();
    await expect(Promise.all(all)).resolves.toEqual([1, 2, 3]);
    expect(w.peak()).toBe(PACED_WRITERS);
    expect(pace.load).toEqual({ active: 0, waiting: 0 });
  });

  it('lets every waiting write go when the lag falls under half the threshold, not before', async () => {
    const pace = new WritePace(6);
    pace.observeLag(8);
    const w = gatedWrites(pace);
    const all = [1, 2, 3].map(w.start);
    await settle();
    expect(pace.observeLag(3.5)).toBeNull();
    await settle();
    expect(w.started).toEqual([1]);
    expect(pace.observeLag(2.9)).toBe('unpaced');
    await settle();
    expect(w.started).toEqual([1, 2, 3]);
    while (w.open()) await w.finishOne();
    await Promise.all(all);
    expect(pace.load).toEqual({ active: 0, waiting: 0 });
  });

  it('never paces with a threshold of 0', () => {
    const pace = new WritePace(0);
    expect(pace.observeLag(10_000)).toBeNull();
    expect(pace.paced).toBe(false);
  });

  it('frees the slot of a write that fails', async () => {
    const pace = new WritePace(1);
    pace.observeLag(2);
    await expect(pace.run(() => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    await expect(pace.run(() => Promise.resolve('next'))).resolves.toBe('next');
    expect(pace.load).toEqual({ active: 0, waiting: 0 });
  });

  it('runs every write exactly once, and at most one at a time while paced, whatever the lag does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constant('write' as const), fc.double({ min: 0, max: 20, noNaN: true })), { maxLength: 40 }), async (steps) => {
        const pace = new WritePace(5);
        let running = 0;
        let violations = 0;
        const done: number[] = [];
        const writes: Promise<void>[] = [];
        steps.forEach((step, i) => {
          if (step === 'write') {
            writes.push(
              pace.run(async () => {
                running++;
                if (pace.paced && running > PACED_WRITERS) violations++;
                await settle();
                running--;
                done.push(i);
              }),
            );
          } else {
            pace.observeLag(step);
          }
        });
        pace.observeLag(0);
        await Promise.all(writes);
        expect(done.sort((a, b) => a - b)).toEqual(steps.flatMap((s, i) => (s === 'write' ? [i] : [])));
        expect(pace.load).toEqual({ active: 0, waiting: 0 });
        expect(violations).toBe(0);
      }),
    );
  });
});
