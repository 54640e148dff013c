import { type ReconPlan } from '@closewatch/recon/compile';
import { type Side } from '@closewatch/recon/definition';
import { type KeyRange, postgresKeyOrder, postgresKeyRange, postgresNullKey } from '@closewatch/recon/postgres-key-order';
import { type SideInput } from '@closewatch/recon/recon-engine';
import { chainedSides } from './chained-sides';
import { holdsNul, sqlLiteral } from '../../../database/streaming/inline-parameters';
import { bindScope, type CheckedQuery, inlineScope } from './checked-query';
import { statementSide } from './statement-side';

export interface PostgresSideOptions {
  url: string;
  /** The dataset's query, checked at the run's start (read-only-query.ts). */
  query: CheckedQuery;
  scope: Readonly<Record<string, string>>;
  plan: ReconPlan;
  side: Side;
  fetchRows: number;
  statementTimeoutMs: number;
  signal?: AbortSignal;
  /**
   * Only the rows whose first key field is in this range (a part of a run reconciled in key
   * ranges); the range open at its end also takes the rows whose first key field is null.
   */
  range?: KeyRange;
  /** Read as of this exported snapshot (beginReadOnly). */
  snapshot?: string;
  /** Order string keys by their columns' own collation, found to order as "C" does (KeyOrderOptions). */
  ownCollation?: boolean;
}

/**
 * The statement a postgres dataset runs: the user's query (checked: one read-only SELECT) as a
 * subquery, ordered by the key in the engine's order (postgresKeyOrder: strings COLLATE "C", or
 * by their columns' own collation where it orders as "C" does (`ownCollation`), NULLS LAST…),
 * scope parameters as bind parameters. Returns `sorted: false` (no ORDER BY) when a
 * key comes from a mapping SQL cannot reproduce; the engine then sorts the side itself. With a
 * `range`, only the rows whose first key field falls in it (postgresKeyRange), the bounds as
 * further bind parameters; with `range: 'null-keys'`, only the rows whose first key field is
 * null. `copyText` is the same statement for COPY, which takes no bind parameters: the scope
 * values inlined where the parser found the parameters (inlineScope), the range bounds in
 * their places (sqlLiteral); null when a value holds a NUL character (read through
 * a cursor, with bind parameters, instead).
 */
export function postgresStatement(o: Pick<PostgresSideOptions, 'query' | 'scope' | 'plan' | 'side' | 'ownCollation'> & { range?: KeyRange | 'null-keys' }): {
  text: string;
  values: string[];
  sorted: boolean;
  copyText: string | null;
} {
  const bound = bindScope(o.query, o.scope);
  const inlined = inlineScope(o.query, o.scope);
  const keyOrder = { ownCollation: o.ownCollation };
  let order: string | null;
  try {
    order = postgresKeyOrder(o.plan, o.side, keyOrder);
  } catch {
    order = null;
  }
  let where = '';
  let copyWhere = '';
  if (o.range) {
    if (!order) throw new Error(`the ${o.side} cannot be read in key ranges: SQL cannot order its key the engine's way`);
    if (o.range === 'null-keys') where = copyWhere = ` where ${postgresNullKey(o.plan, o.side, keyOrder)}`;
    else {
      const first = bound.values.length + 1;
      const range = postgresKeyRange(o.plan, o.side, o.range, first, undefined, keyOrder);
      where = ` where ${range.sql}`;
      copyWhere = ` where ${postgresKeyRange(o.plan, o.side, o.range, first, sqlLiteral, keyOrder).sql}`;
      bound.values.push(...range.values);
    }
  }
  const tail = order ? ` order by ${order}` : '';
  return {
    text: `select * from (\n${bound.text}\n) as closewatch_q${where}${tail}`,
    values: bound.values,
    sorted: order !== null,
    copyText: inlined === null || holdsNul(bound.values) ? null : `select * from (\n${inlined}\n) as closewatch_q${copyWhere}${tail}`,
  };
}

/**
 * A postgres dataset as the engine's side input. Read with `COPY (statement) TO STDOUT`
 * (postgres-copy.ts: several times faster than a cursor's FETCH) with the scope values inlined as
 * quoted literals; through a read-only cursor (postgres-cursor.ts) when a value holds a NUL
 * character (postgresStatement's copyText is null). Either way one read-only transaction, the same
 * statement timeout (under COPY it bounds the whole read, one statement; under a cursor each
 * FETCH), the same row values. The range open at its end is read by two statements, one after the
 * other, each bounded by an index where there is one: its rows with a first key field, then those
 * without (null sorts last), each as of the run's snapshot of the side (`snapshot`).
 */
export function postgresSide(o: PostgresSideOptions): SideInput {
  if (o.range?.to === null) return chainedSides(statementSideOf(o, o.range), statementSideOf(o, 'null-keys'));
  return statementSideOf(o, o.range);
}

function statementSideOf(o: PostgresSideOptions, range: KeyRange | 'null-keys' | undefined): SideInput {
  const statement = postgresStatement({ ...o, range });
  return statementSide({
    url: o.url,
    statement,
    copyText: statement.copyText,
    fetchRows: o.fetchRows,
    statementTimeoutMs: o.statementTimeoutMs,
    signal: o.signal,
    applicationName: `closewatch-recon-${o.side}`,
    snapshot: o.snapshot,
  });
}
