import { type ReconPlan } from '@closewatch/recon/compile';
import { type Side } from '@closewatch/recon/definition';
import { type KeyRange, postgresKeyOrder, postgresKeyRange, postgresNullKey } from '@closewatch/recon/postgres-key-order';
import { type SideInput } from '@closewatch/recon/recon-engine';
import { chainedSides } from './chained-sides';
import { inlineParameters } from './inline-parameters';
import { statementSide } from './statement-side';
import { bindQuery } from './query-params';

export interface PostgresSideOptions {
  url: string;
  query: string;
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
}

/**
 * The statement a postgres dataset runs: the user's query as a subquery, ordered by the key in
 * the engine's order (postgresKeyOrder: strings COLLATE "C", NULLS LAST…), scope parameters as
 * bind parameters. Answers `sorted: false` (no ORDER BY) when a key comes from a mapping SQL
 * cannot reproduce; the engine then sorts the side itself. With a `range`, only the rows whose
 * first key field falls in it (postgresKeyRange), the bounds as further bind parameters; with
 * `range: 'null-keys'`, only the rows whose first key field is null.
 */
export function postgresStatement(
  o: Pick<PostgresSideOptions, 'query' | 'scope' | 'plan' | 'side'> & { range?: KeyRange | 'null-keys' },
): { text: string; values: string[]; sorted: boolean } {
  const bound = bindQuery(stripTrailingSemicolon(o.query), o.scope);
  let order: string | null;
  try {
    order = postgresKeyOrder(o.plan, o.side);
  } catch {
    order = null;
  }
  let where = '';
  if (o.range) {
    if (!order) throw new Error(`the ${o.side} cannot be read in key ranges: SQL cannot order its key the engine's way`);
    if (o.range === 'null-keys') where = ` where ${postgresNullKey(o.plan, o.side)}`;
    else {
      const range = postgresKeyRange(o.plan, o.side, o.range, bound.values.length + 1);
      where = ` where ${range.sql}`;
      bound.values.push(...range.values);
    }
  }
  const text = `select * from (\n${bound.text}\n) as closewatch_q${where}${order ? ` order by ${order}` : ''}`;
  return { text, values: bound.values, sorted: order !== null };
}

/**
 * A postgres dataset as the engine's side input. Read with `COPY (statement) TO STDOUT`
 * (postgres-copy.ts: several times faster than a cursor's FETCH) with the scope values inlined as
 * quoted literals; through a read-only cursor (postgres-cursor.ts) when the values cannot be
 * inlined safely (copyStatement answers null). Either way one read-only transaction, the same
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
    copyText: copyStatement(o.query, statement),
    fetchRows: o.fetchRows,
    statementTimeoutMs: o.statementTimeoutMs,
    signal: o.signal,
    applicationName: `closewatch-recon-${o.side}`,
    snapshot: o.snapshot,
  });
}

/**
 * The statement with its `$n` scope parameters replaced by quoted literals (inline-parameters.ts),
 * for COPY, which takes no bind parameters. Null when the user's query itself holds a `$`
 * followed by a digit anywhere (in a string, a comment, an identifier): those could not be told
 * apart from the parameters, and the dataset is read through a cursor instead; null too when a
 * scope value holds a NUL character (inlineParameters).
 */
export function copyStatement(query: string, statement: { text: string; values: readonly string[] }): string | null {
  if (statement.values.length === 0) return statement.text;
  if (/\$\d/.test(query)) return null;
  return inlineParameters(statement.text, statement.values);
}

function stripTrailingSemicolon(sql: string): string {
  return sql.replace(/;\s*$/, '');
}
