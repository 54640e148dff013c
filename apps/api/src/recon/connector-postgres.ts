import { escapeLiteral } from 'pg';
import { type ReconPlan } from '@closewatch/recon/compile';
import { type Side } from '@closewatch/recon/definition';
import { postgresKeyOrder } from '@closewatch/recon/postgres-key-order';
import { type SideInput } from '@closewatch/recon/recon-engine';
import { copyRows } from './postgres-copy';
import { cursorRows } from './postgres-cursor';
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
}

/**
 * The statement a postgres dataset runs: the user's query as a subquery, ordered by the key in
 * the engine's order (postgresKeyOrder: strings COLLATE "C", NULLS LAST…), scope parameters as
 * bind parameters. Answers `sorted: false` (no ORDER BY) when a key comes from a mapping SQL
 * cannot reproduce; the engine then sorts the side itself.
 */
export function postgresStatement(o: Pick<PostgresSideOptions, 'query' | 'scope' | 'plan' | 'side'>): { text: string; values: string[]; sorted: boolean } {
  const bound = bindQuery(stripTrailingSemicolon(o.query), o.scope);
  let order: string | null;
  try {
    order = postgresKeyOrder(o.plan, o.side);
  } catch {
    order = null;
  }
  const text = `select * from (\n${bound.text}\n) as closewatch_q${order ? ` order by ${order}` : ''}`;
  return { text, values: bound.values, sorted: order !== null };
}

/**
 * Lines per batch a COPY hands to the engine (at most CLOSEWATCH_RECON_FETCH_ROWS). Small batches
 * are collected while still young in V8's heap; with 10,000 lines per batch they outlived the
 * young generation and the run spent about 14 % more CPU (1M × 1M rows, median of five).
 */
const COPY_BATCH_ROWS = 1000;

/**
 * A postgres dataset as the engine's side input. Read with `COPY (statement) TO STDOUT`
 * (postgres-copy.ts: several times faster than a cursor's FETCH) with the scope values inlined as
 * quoted literals; through a read-only cursor (postgres-cursor.ts) when the values cannot be
 * inlined safely (copyStatement answers null). Either way one read-only transaction, the same
 * statement timeout (under COPY it bounds the whole read, one statement; under a cursor each
 * FETCH), the same row values.
 */
export function postgresSide(o: PostgresSideOptions): SideInput {
  const statement = postgresStatement(o);
  const common = { url: o.url, statementTimeoutMs: o.statementTimeoutMs, signal: o.signal, applicationName: `closewatch-recon-${o.side}` };
  const copyText = copyStatement(o.query, statement);
  if (copyText === null) return { sorted: statement.sorted, rows: cursorRows({ ...common, text: statement.text, values: statement.values, fetchRows: o.fetchRows }) };
  const copy = copyRows({ ...common, text: copyText, batchRows: Math.min(o.fetchRows, COPY_BATCH_ROWS) });
  return { sorted: statement.sorted, rows: copy.tuples, columns: copy.columns };
}

/**
 * The statement with its `$n` scope parameters replaced by quoted literals (pg's escapeLiteral,
 * so a value can never leave its literal; an untyped literal takes its type from the context as
 * a parameter does), for COPY, which takes no bind parameters. Null when the user's query itself
 * holds a `$` followed by a digit anywhere (in a string, a comment, an identifier): those could
 * not be told apart from the parameters, and the dataset is read through a cursor instead.
 */
export function copyStatement(query: string, statement: { text: string; values: readonly string[] }): string | null {
  if (statement.values.length === 0) return statement.text;
  if (/\$\d/.test(query)) return null;
  return statement.text.replace(/\$(\d+)/g, (_, n: string) => escapeLiteral(statement.values[Number(n) - 1]!));
}

function stripTrailingSemicolon(sql: string): string {
  return sql.replace(/;\s*$/, '');
}
