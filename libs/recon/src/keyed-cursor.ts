import { type Side } from './definition';
import { ReconInputError } from './errors';
import { type KeyedRow } from './keyed-row';
import { type KeyValue } from './key-encoding';

/** The rows of one key on one side: the first row and how many there are. */
export interface KeyGroup {
  first: KeyedRow;
  rows: number;
}

/**
 * Walks one side's keyed rows in key order, one key group at a time, and VERIFIES the order:
 * a row whose key sorts before the previous row's key fails the run with an error naming the
 * side, the row index and both keys (a source that was said to be sorted but is not, e.g. an
 * ORDER BY without COLLATE "C"). Holds one row at a time.
 */
export class KeyedCursor {
  current: KeyedRow | null = null;
  private readonly it: AsyncIterator<KeyedRow>;

  constructor(
    private readonly side: Side,
    rows: AsyncIterable<KeyedRow>,
  ) {
    this.it = rows[Symbol.asyncIterator]();
  }

  async advance(): Promise<void> {
    const next = await this.it.next();
    if (next.done) {
      this.current = null;
      return;
    }
    const row = next.value;
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
  }

  /**
   * Consumes every row of the current key. Call only when `current` is set. `visit` sees each
   * row of a key that has several (the first one included), for aggregates over duplicates.
   */
  async takeGroup(visit?: (row: KeyedRow) => void): Promise<KeyGroup> {
    const first = this.current as KeyedRow;
    let rows = 1;
    await this.advance();
    while (this.current && this.current.key === first.key) {
      if (rows === 1) visit?.(first);
      visit?.(this.current);
      rows++;
      await this.advance();
    }
    return { first, rows };
  }

  /** Closes the underlying input early (on error or cancellation). */
  async close(): Promise<void> {
    await this.it.return?.();
  }
}

function keyText(values: readonly KeyValue[]): string {
  return JSON.stringify(values);
}
