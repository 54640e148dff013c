import { BreakSink } from './break-sink';
import { asPlan, type ReconPlan } from './compile';
import { type ReconDefinition, type Side } from './definition';
import { ReconInputError } from './errors';
import { type Row } from './field-mapping';
import { compareTotals } from './group-totals';
import { KeyedCursor } from './keyed-cursor';
import { encodeKeyValues, rowKeyer, type KeyedRow } from './keyed-row';
import { type KeyValue, numberParts, numberText } from './key-encoding';
import { MergeJoin } from './merge-join';
import { formatInstant, parseInstant } from './instant';
import { type BreakSinkFn, type GroupTotal, type ReconProgress, type ReconSummary, type SideSummary } from './result';
import { keyAndCount, type RowSource } from './side-reader';

/** Canonical key values in key order (key-encoding.ts): a range bound or a split point. */
export type KeyTuple = KeyValue[];

/**
 * A segment of the key order: keys k with from <= k < to; a null bound is open. Bounds are
 * canonical values (strings; numbers as decimal text, dates as ISO instants, uuids lower-case);
 * compare them the engine's way: strings COLLATE "C", numbers as numeric, dates as timestamptz,
 * a null part after every value (NULLS LAST).
 */
export interface KeyRange {
  from: KeyTuple | null;
  to: KeyTuple | null;
}

/** What a side says about one segment, computed where the data lives. */
export interface SegmentChecksum {
  rows: number;
  /**
   * A digest of the segment's rows, computed the same way on both sides over the canonical key
   * and compared values (see canonicalRowText), e.g. in SQL the sum of a 64-bit slice of
   * md5(row text). Equal rows and equal hashes mean the segment is confirmed equal.
   */
  hash: string;
  /** Distinct keys in the segment, when known: fewer than `rows` means duplicates, and the
   * segment is examined even when both sides agree. */
  distinctKeys?: number;
}

/**
 * A dataset that computes segment checksums itself (the reconciliation feature implements this
 * with SQL; the tests with arrays). Rows and split points use the side's own field names, as
 * its rows do; the engine applies the definition's mappings.
 */
export interface BisectSide {
  checksum(range: KeyRange, signal?: AbortSignal): Promise<SegmentChecksum>;
  /**
   * Up to `parts - 1` rows (the key fields suffice) that cut the segment into parts of about
   * equal size, e.g. every n-th key by row_number().
   */
  splitPoints(range: KeyRange, parts: number, signal?: AbortSignal): Promise<Row[]>;
  /** The segment's rows in key order. */
  rows(range: KeyRange, signal?: AbortSignal): RowSource;
  /** The side's totals per group (count and exact sum); without it the summary has none. */
  totals?(signal?: AbortSignal): Promise<GroupTotal[]>;
}

export interface BisectOptions {
  definition: ReconDefinition | ReconPlan;
  source: BisectSide;
  target: BisectSide;
  /** A segment with at most this many rows on each side is compared row by row (default 1000). */
  leafRows?: number;
  /** Parts a differing segment is cut into (default 16). */
  fanOut?: number;
  /** Deepest recursion before comparing a segment row by row (default 24). */
  maxDepth?: number;
  onBreaks?: BreakSinkFn;
  breakBatchSize?: number;
  /** Rows transferred so far from each side. */
  onProgress?: (progress: ReconProgress) => void;
  signal?: AbortSignal;
}

export interface BisectStats {
  checksums: number;
  /** Segments confirmed equal by checksum, and the rows in them (never transferred). */
  equalSegments: number;
  equalRows: number;
  /** Segments compared row by row, and the rows that were transferred for that. */
  leafSegments: number;
  transferred: ReconProgress;
}

export interface BisectSummary extends ReconSummary {
  bisect: BisectStats;
}

/**
 * Checksum-and-bisect reconciliation for two SQL datasets with few expected differences.
 * Both sides checksum the whole key range where the data lives; where the checksums differ the
 * range is cut at split points taken from the larger side and each part is checksummed again,
 * recursing only into parts that differ, until a part is small (leafRows) and is then fetched
 * from both sides and compared row by row by the same merge join as `reconcile`. Equal data is
 * confirmed without transferring a row; the cost grows with the number of differences, not
 * with the size of the data. Matched rows of equal segments are counted from the checksums.
 */
export async function reconcileBisect(options: BisectOptions): Promise<BisectSummary> {
  const plan = asPlan(options.definition);
  const { signal, source, target } = options;
  const leafRows = Math.max(1, options.leafRows ?? 1000);
  const fanOut = Math.max(2, options.fanOut ?? 16);
  const maxDepth = options.maxDepth ?? 24;
  const stats: BisectStats = { checksums: 0, equalSegments: 0, equalRows: 0, leafSegments: 0, transferred: { source: 0, target: 0 } };
  const sink = new BreakSink(options.onBreaks, options.breakBatchSize);
  const join = new MergeJoin(plan, sink);
  const keyers = { source: rowKeyer(plan, 'source'), target: rowKeyer(plan, 'target') };

  const checksums = async (range: KeyRange): Promise<[SegmentChecksum, SegmentChecksum]> => {
    signal?.throwIfAborted();
    stats.checksums += 2;
    return Promise.all([source.checksum(range, signal), target.checksum(range, signal)]);
  };

  const leaf = async (range: KeyRange): Promise<void> => {
    stats.leafSegments++;
    const from = range.from ? encodeKeyValues(plan, range.from) : null;
    const to = range.to ? encodeKeyValues(plan, range.to) : null;
    const cursor = (side: Side, input: BisectSide) => {
      const onRow = (row: KeyedRow) => {
        if ((from !== null && row.key < from) || (to !== null && row.key >= to)) {
          throw new ReconInputError(
            'out_of_range',
            side,
            row.index,
            `${side} segment row ${row.index} (key ${JSON.stringify(row.keyValues)}) is outside the requested range ${JSON.stringify(range)}`,
          );
        }
        stats.transferred[side]++;
      };
      return new KeyedCursor<Row>(side, input.rows(range, signal), keyAndCount(keyers[side], onRow), signal);
    };
    const s = cursor('source', source);
    const t = cursor('target', target);
    try {
      await join.run(s, t);
    } finally {
      await Promise.allSettled([s.close(), t.close()]);
    }
    options.onProgress?.({ ...stats.transferred });
  };

  const visit = async (range: KeyRange, s: SegmentChecksum, t: SegmentChecksum, depth: number): Promise<void> => {
    const unique = (c: SegmentChecksum) => c.distinctKeys === undefined || c.distinctKeys >= c.rows;
    if (s.rows === t.rows && s.hash === t.hash && unique(s) && unique(t)) {
      stats.equalSegments++;
      stats.equalRows += s.rows;
      join.matched += s.rows;
      return;
    }
    if (Math.max(s.rows, t.rows) <= leafRows || depth >= maxDepth) return leaf(range);
    const splitter: Side = s.rows >= t.rows ? 'source' : 'target';
    const raw = await (splitter === 'source' ? source : target).splitPoints(range, fanOut, signal);
    const points = splitKeys(plan, keyers[splitter], raw, range);
    if (points.length === 0) return leaf(range);
    const bounds: (KeyTuple | null)[] = [range.from, ...points, range.to];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const part: KeyRange = { from: bounds[i], to: bounds[i + 1] };
      const [cs, ct] = await checksums(part);
      await visit(part, cs, ct, depth + 1);
    }
  };

  const root: KeyRange = { from: null, to: null };
  const [s, t] = await checksums(root);
  try {
    await visit(root, s, t, 0);
    await sink.flush();
  } finally {
    await sink.settle();
  }

  const sourceSummary = await sideSummary(plan, source, s.rows, signal);
  const targetSummary = await sideSummary(plan, target, t.rows, signal);
  return {
    source: sourceSummary,
    target: targetSummary,
    matched: join.matched,
    breaks: sink.counts,
    groups: compareTotals(sourceSummary, targetSummary),
    bisect: stats,
  };
}

/** Split points as canonical tuples, strictly inside the range, sorted and distinct. */
function splitKeys(plan: ReconPlan, keyer: ReturnType<typeof rowKeyer>, raw: Row[], range: KeyRange): KeyTuple[] {
  const from = range.from ? encodeKeyValues(plan, range.from) : null;
  const to = range.to ? encodeKeyValues(plan, range.to) : null;
  const seen = new Map<string, KeyTuple>();
  raw.forEach((row, i) => {
    const k = keyer(row, i);
    if ((from === null || k.key > from) && (to === null || k.key < to)) seen.set(k.key, k.keyValues);
  });
  return [...seen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, v]) => v);
}

async function sideSummary(plan: ReconPlan, side: BisectSide, rows: number, signal?: AbortSignal): Promise<SideSummary> {
  if (!plan.totals) return { rows, totals: [{ group: {}, rows, amount: null }], invalidAmounts: 0 };
  return { rows, totals: side.totals ? await side.totals(signal) : [], invalidAmounts: 0 };
}

/**
 * The text a side should digest for a row so that equal rows digest equally on both sides:
 * the canonical key values, then the compared fields (numbers as canonical decimal text,
 * dates as ISO instants, text as it is), as JSON. The SQL implementation reproduces the same
 * normalisation in the database; in-memory sides can use this function directly.
 */
export function rowDigestText(plan: ReconPlan, side: Side): (row: Row) => string {
  const keyer = rowKeyer(plan, side);
  return (row) => {
    const keyed = keyer(row, 0);
    const compared = plan.compares.map((c) => {
      const v = keyed.values[c.slot];
      if (c.type === 'number') {
        const p = numberParts(v);
        return p ? numberText(p) : v;
      }
      if (c.type === 'date') {
        const micros = parseInstant(v);
        return typeof micros === 'number' ? formatInstant(micros) : v;
      }
      return v;
    });
    return JSON.stringify([keyed.keyValues, compared]);
  };
}
