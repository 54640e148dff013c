import { type Row } from './field-mapping';
import { type KeyedRow, type RowKeyer } from './keyed-row';

export type RowSource = AsyncIterable<Row> | Iterable<Row>;

export interface SideReaderHooks {
  /** Called with every row read, before it goes anywhere else (totals, counting, progress). */
  onRow?: (row: KeyedRow) => void;
  signal?: AbortSignal;
}

/**
 * Reads a side's raw rows (async or sync iterable, e.g. a PostgreSQL cursor, a CSV parser, an
 * HTTP pager) and yields them keyed, numbering them from 0 in input order. Checks the abort
 * signal at every row; leaving the loop early closes the input (`return()`), which releases a
 * cursor or a file.
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
