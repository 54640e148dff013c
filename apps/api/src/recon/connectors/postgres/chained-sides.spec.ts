import { chainedSides } from './chained-sides';

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

async function drain(rows: AsyncIterable<unknown> | Iterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const row of rows as AsyncIterable<unknown>) out.push(row);
  return out;
}

describe(chainedSides.name, () => {
  it('reads every row of the first input, then of the second, opened only then', async () => {
    let opened = false;
    const second = {
      [Symbol.iterator]: () => {
        opened = true;
        return [{ k: 'c' }][Symbol.iterator]();
      },
    };
    const chained = chainedSides({ rows: slowly([{ k: 'a' }, { k: 'b' }]), sorted: true }, { rows: second, sorted: true });
    const it = (chained.rows as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: { k: 'a' }, done: false });
    expect(opened).toBe(false);
    expect(await drain({ [Symbol.asyncIterator]: () => it })).toEqual([{ k: 'b' }, { k: 'c' }]);
    expect(opened).toBe(true);
    expect(chained.sorted).toBe(true);
  });

  it('answers rows in hand without a promise, and goes past an empty first input', () => {
    const chained = chainedSides({ rows: [], sorted: true, columns: () => ['k'] }, { rows: [['x'], ['y']], sorted: false, columns: () => ['k'] });
    const it = (chained.rows as unknown as { [Symbol.asyncIterator](): Iterator<unknown> })[Symbol.asyncIterator]();
    expect(it.next()).toEqual({ value: ['x'], done: false });
    expect(it.next()).toEqual({ value: ['y'], done: false });
    expect(it.next()).toEqual({ value: undefined, done: true });
    expect(chained.sorted).toBe(false);
    expect(chained.columns?.()).toEqual(['k']);
  });

  it('closes the input being read, without opening the next one', async () => {
    let closed = false;
    let opened = false;
    const first = {
      [Symbol.asyncIterator]: () => ({
        next: async () => ({ value: { k: 'a' }, done: false }),
        return: async () => {
          closed = true;
          return { value: undefined, done: true as const };
        },
      }),
    };
    const second = { [Symbol.iterator]: () => ((opened = true), [][Symbol.iterator]()) };
    const it = (chainedSides({ rows: first, sorted: true }, { rows: second, sorted: true }).rows as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    await it.next();
    await it.return?.();
    expect(closed).toBe(true);
    expect(opened).toBe(false);
  });

  it('refuses inputs that give rows differently', () => {
    expect(() => chainedSides({ rows: [], sorted: true, columns: () => [] }, { rows: [], sorted: true })).toThrow(/both give tuples/);
  });
});
