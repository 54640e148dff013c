import { type SideInput } from '@closewatch/recon/recon-engine';

type Rows = SideInput['rows'];
type Item = unknown;

/**
 * One side input that reads two, one after the other: every row of `first`, then every row of
 * `second`, which is opened only once `first` is done (its statement runs then). Both must give
 * rows the same way (tuples in the same columns, or objects). Rows in hand are returned without a
 * promise, as the readers return them (KeyedCursor's fast path); closing it closes the input
 * being read.
 */
export function chainedSides(first: SideInput, second: SideInput): SideInput {
  if (!first.columns !== !second.columns) throw new Error('chained sides must both give tuples or both give row objects');
  return {
    sorted: first.sorted && second.sorted,
    rows: { [Symbol.asyncIterator]: () => new ChainedIterator(first.rows, second.rows) } as Rows,
    columns: first.columns,
  };
}

class ChainedIterator {
  private current: AsyncIterator<Item> | Iterator<Item>;
  private rest: Rows | null;

  constructor(first: Rows, second: Rows) {
    this.current = iteratorOf(first);
    this.rest = second;
  }

  next(): IteratorResult<Item> | Promise<IteratorResult<Item>> {
    const result = this.current.next();
    if (typeof (result as Partial<PromiseLike<unknown>>).then === 'function') return (result as Promise<IteratorResult<Item>>).then(this.after);
    return this.after(result as IteratorResult<Item>);
  }

  private readonly after = (result: IteratorResult<Item>): IteratorResult<Item> | Promise<IteratorResult<Item>> => {
    if (!result.done || !this.rest) return result;
    this.current = iteratorOf(this.rest);
    this.rest = null;
    return this.next();
  };

  async return(): Promise<IteratorResult<Item>> {
    this.rest = null;
    await this.current.return?.();
    return { value: undefined, done: true };
  }
}

function iteratorOf(rows: Rows): AsyncIterator<Item> | Iterator<Item> {
  return Symbol.asyncIterator in rows ? (rows as AsyncIterable<Item>)[Symbol.asyncIterator]() : (rows as Iterable<Item>)[Symbol.iterator]();
}
