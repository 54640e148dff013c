import { BreakSink } from './break-sink';
import { asPlan, type ReconPlan } from './compile';
import { type ReconDefinition, type Side } from './definition';
import { type Row } from './field-mapping';
import { externalSort, type ExternalSortOptions } from './external-sort';
import { GroupTotals, compareTotals } from './group-totals';
import { type GroupReader, KeyedCursor } from './keyed-cursor';
import { rowKeyer, type RowKeyer, tupleKeyer, type KeyedRow } from './keyed-row';
import { MergeJoin } from './merge-join';
import { type BreakSinkFn, type ReconProgress, type ReconSummary } from './result';
import { keyAndCount, readSide, type RowSource } from './side-reader';

/** One side of a run: its rows, and whether they already come in key order. */
export interface SideInput {
  /** Row objects; or arrays of column values when `columns` is set. */
  rows: RowSource | TupleSource;
  /**
   * True when the source sorts the rows by the key in the engine's order (SQL: ORDER BY the
   * key fields, strings COLLATE "C", NULLS LAST; see postgresKeyOrder). The engine verifies
   * the order as it reads and fails on the first row out of place. False (CSV, HTTP…): the
   * engine sorts the side itself, spilling to disk beyond `externalSort.runSize` rows.
   */
  sorted: boolean;
  /**
   * Set when `rows` yields each row as an array of column values (in the order of these names)
   * instead of an object: saves an object per row. Asked once the first row has been read (a
   * source may learn its columns as it starts). The engine reads each array at once, so a
   * source may reuse one array for every row.
   */
  columns?: () => readonly string[];
}

/** Rows as arrays of column values (SideInput.columns). */
export type TupleSource = AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>;

export interface ReconcileOptions {
  /** The definition (validated here) or a plan already compiled by compileRecon. */
  definition: ReconDefinition | ReconPlan;
  source: SideInput;
  target: SideInput;
  /**
   * Receives the breaks in key order, in batches, one batch at a time: the engine reads on while
   * a batch is delivered and waits for it before handing over the next (back-pressure).
   */
  onBreaks?: BreakSinkFn;
  /** Breaks per onBreaks call (default 500). */
  breakBatchSize?: number;
  /** Called every `progressEvery` rows read (either side) and once at the end. */
  onProgress?: (progress: ReconProgress) => void;
  progressEvery?: number;
  /** Aborting fails the run with the signal's reason and closes both inputs. */
  signal?: AbortSignal;
  /** For unsorted sides. */
  externalSort?: Omit<ExternalSortOptions, 'signal'>;
}

/**
 * Reconciles two datasets with a streaming sort-merge join.
 *
 * Why sort-merge and not a hash join: the SQL sides (the common case) can sort at the source,
 * usually from an index, so the engine holds one row per side whatever the size of the data;
 * a hash join must hold or spill one whole side every time. Keyed order also gives breaks in
 * a stable, pageable order, lets the engine verify its input (a side out of order is an error,
 * not silently wrong results), and is the same order the checksum-and-bisect mode (bisect.ts)
 * cuts into ranges. Sides that cannot sort (CSV, HTTP) go through an external merge sort
 * (external-sort.ts) with bounded runs on disk, so memory stays bounded for them too.
 *
 * Memory: O(1) rows per sorted side, `runSize` rows per unsorted side, one batch of breaks,
 * and one entry per totals group. Amount math is exact (decimal.js / bigint), never floats.
 */
export async function reconcile(options: ReconcileOptions): Promise<ReconSummary> {
  const plan = asPlan(options.definition);
  const { signal } = options;
  signal?.throwIfAborted();
  const progress: ReconProgress = { source: 0, target: 0 };
  const every = Math.max(1, options.progressEvery ?? 10_000);
  let sinceReport = 0;
  const totals: Record<Side, GroupTotals> = { source: new GroupTotals(plan), target: new GroupTotals(plan) };

  const cursor = (side: Side): GroupReader => {
    const input = options[side];
    const sideTotals = totals[side];
    const onRow = (row: KeyedRow) => {
      sideTotals.add(row.values);
      progress[side]++;
      if (++sinceReport >= every && options.onProgress) {
        sinceReport = 0;
        options.onProgress({ ...progress });
      }
    };
    // Tuples and row objects are both "raw rows" past this point: the keyer knows which it reads.
    const keyer = (input.columns ? tupleKeyer(plan, side, input.columns) : rowKeyer(plan, side)) as RowKeyer;
    const rows = input.rows as RowSource;
    if (input.sorted) return new KeyedCursor<Row>(side, rows, keyAndCount(keyer, onRow), signal);
    const keyed = readSide(rows, keyer, { onRow, signal });
    return new KeyedCursor<KeyedRow>(side, externalSort(keyed, { ...options.externalSort, signal }));
  };

  const source = cursor('source');
  const target = cursor('target');
  const sink = new BreakSink(options.onBreaks, options.breakBatchSize);
  const join = new MergeJoin(plan, sink);
  try {
    await join.run(source, target);
    await sink.flush();
  } finally {
    await Promise.allSettled([source.close(), target.close(), sink.settle()]);
  }
  options.onProgress?.({ ...progress });
  const sourceSummary = totals.source.summary();
  const targetSummary = totals.target.summary();
  return {
    source: sourceSummary,
    target: targetSummary,
    matched: join.matched,
    breaks: sink.counts,
    groups: compareTotals(sourceSummary, targetSummary),
  };
}
