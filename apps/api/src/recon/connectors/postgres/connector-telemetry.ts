import { type ReconPlan } from '@closewatch/recon/compile';
import { type Side } from '@closewatch/recon/definition';
import { postgresKeyOrder } from '@closewatch/recon/postgres-key-order';
import { type SideInput } from '@closewatch/recon/recon-engine';
import { type TelemetryDataset } from '@closewatch/contracts/recon';
import { holdsNul, sqlLiteral } from '../../../database/streaming/inline-parameters';
import { statementSide } from './statement-side';

/** The fields a telemetry dataset's rows have (one row per hop seen at the stage and system). */
export const TELEMETRY_FIELDS = [
  'record_key',
  'record_type',
  'amount',
  'currency',
  'entity',
  'period',
  'occurred_at',
  'data_status',
  'mapping_version',
  'batch_id',
  'trace_id',
  'system',
  'stage',
] as const;

export interface TelemetrySideOptions {
  /** The Closewatch database (hops table). */
  url: string;
  dataset: TelemetryDataset;
  flow: string;
  scope: Readonly<Record<string, string>>;
  plan: ReconPlan;
  side: Side;
  fetchRows: number;
  statementTimeoutMs: number;
  signal?: AbortSignal;
}

/**
 * The statement of a telemetry dataset: the successful hops of the flow at one stage and
 * system (e.g. emitted in coupa, posted in oracle-fusion), narrowed by the scope's period and
 * entity when it has them, in key order. A record seen twice at that step (a duplicate
 * posting) is two rows, which the engine reports as a duplicate key.
 */
export function telemetryStatement(o: Pick<TelemetrySideOptions, 'dataset' | 'flow' | 'scope' | 'plan' | 'side'>): {
  text: string;
  values: string[];
  sorted: boolean;
  copyText: string | null;
} {
  const values: string[] = [o.dataset.flow ?? o.flow, o.dataset.stage, o.dataset.system];
  const columns = ['h.flow_id', 'h.stage', 'h.system'];
  if (o.scope.period !== undefined) columns[values.push(o.scope.period) - 1] = 'h.period';
  if (o.scope.entity !== undefined) columns[values.push(o.scope.entity) - 1] = 'h.entity';
  let order: string | null;
  try {
    order = postgresKeyOrder(o.plan, o.side);
  } catch {
    order = null;
  }
  const statement = (param: (i: number) => string) => {
    const where = [...columns.map((c, i) => `${c} = ${param(i)}`), `h.status = 'ok'`];
    const inner = `select h.record_key, h.record_type, h.amount::text as amount, h.currency, h.entity, h.period, h.occurred_at,
       h.data_status, h.mapping_version, h.batch_id, h.trace_id, h.system, h.stage
  from hops h where ${where.join(' and ')}`;
    return `select * from (${inner}) as closewatch_q${order ? ` order by ${order}` : ''}`;
  };
  return {
    text: statement((i) => `$${i + 1}`),
    values,
    sorted: order !== null,
    copyText: holdsNul(values) ? null : statement((i) => sqlLiteral(values[i]!)),
  };
}

/**
 * A telemetry dataset as the engine's side input, read like a postgres dataset
 * (connector-postgres.ts): `COPY (statement) TO STDOUT` (postgres-copy.ts, several times cheaper
 * than a cursor's FETCH) with the flow, stage, system and scope values inlined as quoted literals
 * (each in its place as the statement is built, sqlLiteral). Through a read-only cursor only when
 * a value holds a NUL character, which no statement text can carry (copyText is null): it then fails as a bind parameter would. Either way one
 * read-only transaction, the same statement timeout (under COPY it bounds the whole read), the
 * same row values: amounts as numeric text, occurred_at as PostgreSQL's UTC text.
 */
export function telemetrySide(o: TelemetrySideOptions): SideInput {
  const statement = telemetryStatement(o);
  return statementSide({
    url: o.url,
    statement,
    copyText: statement.copyText,
    fetchRows: o.fetchRows,
    statementTimeoutMs: o.statementTimeoutMs,
    signal: o.signal,
    applicationName: `closewatch-recon-telemetry-${o.side}`,
  });
}
