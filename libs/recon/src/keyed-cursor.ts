import { type Side } from './definition';
import { ReconInputError } from './errors';
import { type KeyedRow } from './keyed-row';
import { type KeyValue } from './key-encoding';

/** The rows of one key on one side: the first row and how many there are. */
export interface KeyGroup {
  first: KeyedRow;
  rows: number;
}

/** What the merge join needs of a cursor, whatever it reads from. */
export type GroupReader = Pick<KeyedCursor<never>, 'current' | 'advance' | 'takeGroup' | 'close'>;

/**
 * Walks one side's keyed rows in key order, one key group at a time, and VERIFIES the order:
 * a row whose key sorts before the previous row's key fails the run with an error naming the
 * side, the row index and both keys (a source that was said to be sorted but is not, e.g. an
 * ORDER BY without COLLATE "C"). Holds one row at a time. Reads raw rows (async or sync
 * iterable) through a `toKeyed` step itself rather than through another generator, which
 * matters at millions of rows.
 */
export class KeyedCursor<T = KeyedRow> {
  current: KeyedRow | null = null;
  private readonly it: AsyncIterator<T> | Iterator<T>;
  private index = 0;

  constructor(
    private readonly side: Side,
    rows: AsyncIterable<T> | Iterable<T>,
    private readonly toKeyed: (item: T, index: number) => KeyedRow = (item) => item as unknown as KeyedRow,
    private readonly signal?: AbortSignal,
  ) {
    this.it = Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : (rows as Iterable<T>)[Symbol.iterator]();
  }

  /**
   * Moves to the next row. Answers undefined when the input gave it at once (a batch in hand: no
   * promise, no microtask per row), else a promise to await.
   */
  advance(): Promise<void> | undefined {
    if (this.signal?.aborted) this.signal.throwIfAborted();
    const pending = this.it.next();
    if (typeof (pending as Partial<PromiseLike<unknown>>).then === 'function') return (pending as Promise<IteratorResult<T>>).then(this.accept);
    this.accept(pending as IteratorResult<T>);
    return undefined;
  }

  private readonly accept = (next: IteratorResult<T>): void => {
    if (next.done) {
      this.current = null;
      return;
    }
    const row = this.toKeyed(next.value, this.index++);
    const prev = this.current;
    if (prev && row.key < prev.key) {
      throw new ReconInputError(
        'unsorted_input',
        this.side,
        row.index,
        `${this.side} rows are not in key order: row ${row.index} (key ${keyText(row.keyValues)}) comes after row ${prev.index} ` +
          `(key ${keyText(prev.keyValues)}); order the ${this.side} by the key (strings with COLLATE "C", NULLS LAST) or declare it unsorted so the engine sorts it`,
      );
    }
    this.current = row;
  };

  /**
   * Consumes every row of the current key. Call only when `current` is set. `visit` sees each
   * row of a key that has several (the first one included), for aggregates over duplicates.
   * Answers the group at once when the rows were at hand, else a promise of it.
   */
  takeGroup(visit?: (row: KeyedRow) => void): KeyGroup | Promise<KeyGroup> {
    return this.extend({ first: this.current as KeyedRow, rows: 1 }, visit);
  }

  private extend(group: KeyGroup, visit?: (row: KeyedRow) => void): KeyGroup | Promise<KeyGroup> {
    for (;;) {
      const pending = this.advance();
      if (pending) return pending.then(() => (this.joins(group, visit) ? this.extend(group, visit) : group));
      if (!this.joins(group, visit)) return group;
    }
  }

  /** Whether the current row has the group's key (then counted into it). */
  private joins(group: KeyGroup, visit?: (row: KeyedRow) => void): boolean {
    const row = this.current;
    if (!row || row.key !== group.first.key) return false;
    if (group.rows === 1) visit?.(group.first);
    visit?.(row);
    group.rows++;
    return true;
  }

  /** Closes the underlying input early (on error or cancellation). */
  async close(): Promise<void> {
    await this.it.return?.();
  }
}

function keyText(values: readonly KeyValue[]): string {
  return JSON.stringify(values);
}
