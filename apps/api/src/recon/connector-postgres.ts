import { type ReconPlan } from '@closewatch/recon/compile';
import { type Side } from '@closewatch/recon/definition';
import { postgresKeyOrder } from '@closewatch/recon/postgres-key-order';
import { type SideInput } from '@closewatch/recon/recon-engine';
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

/** A postgres dataset as the engine's side input: streamed through a read-only cursor. */
export function postgresSide(o: PostgresSideOptions): SideInput {
  const statement = postgresStatement(o);
  return {
    sorted: statement.sorted,
    rows: cursorRows({
      url: o.url,
      text: statement.text,
      values: statement.values,
      fetchRows: o.fetchRows,
      statementTimeoutMs: o.statementTimeoutMs,
      signal: o.signal,
      applicationName: `closewatch-recon-${o.side}`,
    }),
  };
}

function stripTrailingSemicolon(sql: string): string {
  return sql.replace(/;\s*$/, '');
}
