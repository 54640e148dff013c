/** What the database says about one string key column of a side, read as is (key-collation.ts). */
export interface KeyColumnFacts {
  name: string;
  /** A column of a table (not an expression, not a column of a function's result). */
  tableColumn: boolean;
  /** text or varchar (compared as the text the engine compares). */
  textType: boolean;
  /** Its collation, as SQL names it (schema-qualified, quoted); null when it has none. */
  collation: string | null;
  /** The collation is "C" or "POSIX" (which `COLLATE "C"` already matches). */
  isC: boolean;
  deterministic: boolean;
  /** A valid, full btree index whose first column is this one, in this collation. */
  indexed: boolean;
  /** pg_stats.correlation of the column: how closely the table's rows lie in its order; null when not analyzed. */
  correlation: number | null;
  /** The collation orders COLLATION_PROBE as "C" does. */
  ordersLikeC: boolean;
}

/**
 * How closely the rows must lie in the key's order (|pg_stats.correlation|) for an index to be
 * read: a full index scan of a table in another order visits its pages at random. Measured on
 * 500,000 of 1,000,000 rows in random order: the index scan took 1.07–1.24 s, a scan and sort
 * 0.67–0.79 s (docs/recon-engine.md, "Keys without a "C" index").
 */
export const MIN_CORRELATION = 0.9;

/**
 * Whether a side's key is better ordered by its columns' own collation than by `COLLATE "C"`
 * (KeyOrderOptions.ownCollation), from the facts of its string key columns read as is, the
 * first key field first: only when the first one has an index in its own collation, which is not
 * "C" (a "C" index serves `COLLATE "C"` already), with the table's rows in its order
 * (MIN_CORRELATION); and when every one is a text or varchar column of a table whose collation is
 * deterministic and orders strings as "C" does (equal strings equal, the same order, so the
 * engine's merge and its check of the order hold). Otherwise why not, for the run's log.
 */
export function ownCollationChoice(columns: readonly KeyColumnFacts[]): true | string {
  if (!columns.length) return 'the first key field is not a string read as is';
  for (const [i, c] of columns.entries()) {
    if (!c.tableColumn) return `${c.name} is not a column of a table`;
    if (!c.textType) return `${c.name} is not text or varchar`;
    if (c.collation === null) return `${c.name} has no collation`;
    if (i === 0) {
      if (c.isC) return `${c.name} is in collation "C" already`;
      if (!c.indexed) return `${c.name} has no index in its collation ${c.collation}`;
      if (Math.abs(c.correlation ?? 0) < MIN_CORRELATION)
        return `${c.name}'s order is not the table's (pg_stats correlation ${c.correlation ?? 'unknown'}): a scan and sort beats reading the table through its index`;
    }
    if (!c.deterministic) return `${c.name}'s collation ${c.collation} is not deterministic`;
    if (!c.ordersLikeC) return `${c.name}'s collation ${c.collation} does not order strings as "C" does`;
  }
  return true;
}
