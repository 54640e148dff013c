import { type Row } from './field-mapping';
import { type KeyedRow, type RowKeyer } from './keyed-row';

export type RowSource = AsyncIterable<Row> | Iterable<Row>;

/** Turns one raw row into a KeyedRow, with the side's per-row bookkeeping. */
export function keyAndCount(keyer: RowKeyer, onRow?: (row: KeyedRow) => void): RowKeyer {
  if (!onRow) return keyer;
  return (raw, index) => {
    const row = keyer(raw, index);
    onRow(row);
    return row;
  };
}

export interface SideReaderHooks {
  /** Called with every row read, before it goes anywhere else (totals, counting, progress). */
  onRow?: (row: KeyedRow) => void;
  signal?: AbortSignal;
}

/**
 * Reads a side's raw rows (async or sync iterable, e.g. a PostgreSQL cursor, a CSV parser, an
 * HTTP pager) and yields them keyed, numbering them from 0 in input order. Checks the abort
 * signal at every row; leaving the loop early closes the input (`return()`), which releases a
 * cursor or a file. (Sorted sides skip this generator: KeyedCursor keys rows itself.)
 */
export async function* readSide(rows: RowSource, keyer: RowKeyer, hooks: SideReaderHooks = {}): AsyncGenerator<KeyedRow> {
  const { onRow, signal } = hooks;
  let index = 0;
  if (Symbol.asyncIterator in rows) {
    for await (const raw of rows) {
      signal?.throwIfAborted();
      const row = keyer(raw, index++);
      onRow?.(row);
      yield row;
    }
  } else {
    for (const raw of rows) {
      signal?.throwIfAborted();
      const row = keyer(raw, index++);
      onRow?.(row);
      yield row;
    }
  }
}
