import { type Client, type FieldDef } from 'pg';
import { type ReconPlan } from '@closewatch/recon/compile';
import { type KeyType, type Side, sideName } from '@closewatch/recon/definition';
import { type KeyRange, postgresKeyColumn, postgresPlainStringKeys } from '@closewatch/recon/postgres-key-order';
import { postgresStatement } from '../connectors/postgres/connector-postgres';
import { type CheckedQuery } from '../connectors/postgres/checked-query';
import { beginReadOnly, datasetClient, oneStatement } from '../../database/streaming/postgres-cursor';
import { scrub } from '../runs/run-failure';
import { ownCollationOrder } from './key-collation';
import { type RangeSide } from './range-messages';

/** A postgres side of a definition, resolved: where it is and what it runs. */
export interface PostgresSideSpec {
  url: string;
  /** Checked once at the run's start (read-only-query.ts); plain data, so the range workers never load the parser. */
  query: CheckedQuery;
  scope: Readonly<Record<string, string>>;
}

/** Key ranges for a run, and the snapshot each side's ranges read (held until `release`); or why each side is read whole. */
export interface PreparedRanges {
  ranges: KeyRange[];
  snapshots: Record<Side, string>;
  /** Per side, whether its string keys are ordered by their columns' own collation (ownCollationOrder), else why not. */
  ownCollation: Record<Side, true | string>;
  /** Ends the transactions that export the snapshots; call once every range has begun reading (or failed). */
  release(): Promise<void>;
}

/** The sides each range reads: the side, its snapshot, and how its key is ordered. */
export function rangeSides(prepared: PreparedRanges, source: PostgresSideSpec, target: PostgresSideSpec): Record<Side, RangeSide> {
  const of = (spec: PostgresSideSpec, side: Side): RangeSide => ({
    ...spec,
    snapshot: prepared.snapshots[side],
    ownCollation: prepared.ownCollation[side] === true,
  });
  return { source: of(source, 'source'), target: of(target, 'target') };
}

/** The statement timeout of the snapshot transactions, whose statements (a describe, the histogram) cost next to nothing. */
const SETUP_TIMEOUT_MS = 5_000;

/**
 * Prepares a postgres-to-postgres run to be reconciled in `parts` ranges of its first key field:
 * split points from PostgreSQL's own statistics of the column the source's first key comes from
 * (pg_stats.histogram_bounds of its table: quantiles of the whole table, known without reading
 * it; a query that filters the table may get uneven parts, never wrong ones), one snapshot per
 * side (pg_export_snapshot), so that every range of a side reads the same state of it, as the
 * single read would, and per side how SQL orders its key: by the key columns' own collation where
 * an index in it serves and it orders as "C" does (keyCollation), else `COLLATE "C"`. Returns `{ whole: why }` when the run should read each side whole instead:
 * fewer than two parts, a side that SQL cannot sort (sorted in the engine), a key that is not a
 * table column, no histogram (a column never analyzed, or with few distinct values), or any error
 * (which the whole read then meets again and reports).
 */
export async function preparePostgresRanges(o: {
  plan: ReconPlan;
  source: PostgresSideSpec;
  target: PostgresSideSpec;
  parts: number;
  statementTimeoutMs: number;
}): Promise<PreparedRanges | { whole: string }> {
  if (o.parts < 2) return { whole: 'CLOSEWATCH_RECON_THREADS is 1' };
  const statement = (side: Side) => postgresStatement({ ...o[side], plan: o.plan, side });
  const source = statement('source');
  if (!source.sorted || !statement('target').sorted) return { whole: 'a side is sorted in the engine (SQL cannot order its key the same way)' };
  const clients: Client[] = [];
  const release = async () => {
    await Promise.allSettled(clients.map((c) => c.end()));
  };
  try {
    const open = async (side: Side) => {
      const c = datasetClient(o[side].url, `closewatch-recon-${side}-snapshot`);
      clients.push(c);
      await c.connect();
      await beginReadOnly(c, Math.min(o.statementTimeoutMs, SETUP_TIMEOUT_MS));
      return c;
    };
    const sourceClient = await open('source');
    const sourceFields = await describe(sourceClient, source);
    const splits = await splitPoints(sourceClient, sourceFields, o.plan, o.parts);
    if (typeof splits === 'string') {
      await release();
      return { whole: splits };
    }
    const targetClient = await open('target');
    const exported = async (c: Client) => ((await c.query(`select pg_export_snapshot() as id`)).rows[0] as { id: string }).id;
    const snapshots = { source: await exported(sourceClient), target: await exported(targetClient) };
    const ownCollation = {
      source: await keyCollation(sourceClient, () => Promise.resolve(sourceFields), o.plan, 'source'),
      target: await keyCollation(targetClient, () => describe(targetClient, statement('target')), o.plan, 'target'),
    };
    const bounds = [null, ...splits, null];
    const ranges = bounds.slice(1).map((to, i) => ({ from: bounds[i] ?? null, to }));
    return { ranges, snapshots, ownCollation, release };
  } catch (err) {
    await release();
    return { whole: `preparing the key ranges failed: ${scrub(err instanceof Error ? err.message : String(err))}` };
  }
}

/** The columns a side's statement gives (`LIMIT 0`: nothing read). */
async function describe(c: Client, statement: { text: string; values: string[] }): Promise<FieldDef[]> {
  return (await c.query(oneStatement({ text: `select * from (${statement.text}) as closewatch_d limit 0`, values: statement.values }))).fields;
}

/** How long the collation check waits for a side's table lock before keeping the "C" order. */
const COLLATION_LOCK_TIMEOUT_MS = 1_000;

/**
 * Whether a side's keys are ordered by their columns' own collation (ownCollationOrder: the first
 * key field a string read as is, indexed in a collation that orders as "C" does, the table in its
 * order). An error here only keeps the "C" order (the run reports real errors when it reads), and
 * so does a table locked by someone else for longer than COLLATION_LOCK_TIMEOUT_MS (describing the
 * target's statement takes its lock): the run is not held up before it starts reading the other
 * side, which waits for that lock only where it must.
 */
async function keyCollation(c: Client, fields: () => Promise<FieldDef[]>, plan: ReconPlan, side: Side): Promise<true | string> {
  const plain = postgresPlainStringKeys(plan, side);
  const columns = plan.keys[0]!.type === 'string' && plain[0] === sideName(plan.keys[0]!, side) ? plain : [];
  await c.query('savepoint closewatch_collation'); // a failure must not abort the transaction whose snapshot the ranges read
  try {
    await c.query(`set local lock_timeout = ${COLLATION_LOCK_TIMEOUT_MS}`);
    const described = await fields();
    await c.query('set local lock_timeout = 0');
    return await ownCollationOrder(c, described, columns);
  } catch (err) {
    await c.query('rollback to savepoint closewatch_collation');
    return `checking the collation failed: ${scrub(err instanceof Error ? err.message : String(err))}`;
  }
}

/**
 * `parts - 1` increasing split points of the source's first key field, from the histogram of the
 * table column it comes from, cast and ordered as the engine orders keys; without one, why not.
 */
async function splitPoints(c: Client, fields: FieldDef[], plan: ReconPlan, parts: number): Promise<string[] | string> {
  const column = postgresKeyColumn(plan, 'source', 0);
  const field = fields.find((f) => f.name === column);
  if (!field?.tableID || !field.columnID) return `the source's first key (${column}) is not a column of a table`;
  const { rows } = await c.query(
    `select array(select b::text from (select distinct ${BOUND[plan.keys[0]!.type]} as b from unnest(s.histogram_bounds::text::text[]) as u(v)) as d order by b) as bounds
       from pg_stats s
       join pg_namespace n on n.nspname = s.schemaname
       join pg_class c on c.relnamespace = n.oid and c.relname = s.tablename
       join pg_attribute a on a.attrelid = c.oid and a.attname = s.attname
      where c.oid = $1 and a.attnum = $2 and s.histogram_bounds is not null
      order by s.inherited limit 1`,
    [field.tableID, field.columnID],
  );
  const bounds = (rows[0] as { bounds: string[] } | undefined)?.bounds ?? [];
  if (bounds.length < parts + 1)
    return `no histogram of ${column} in pg_stats with ${parts + 1} values or more (analyze the table, or the column has few distinct values)`;
  const out: string[] = [];
  for (let i = 1; i < parts; i++) out.push(bounds[Math.round((i * (bounds.length - 1)) / parts)]!);
  return out;
}

/** A histogram value (text) as the engine's key order sorts it. */
const BOUND: Record<KeyType, string> = {
  string: `u.v collate "C"`,
  uuid: `lower(u.v) collate "C"`,
  number: `u.v::numeric`,
  date: `u.v::timestamptz`,
};
