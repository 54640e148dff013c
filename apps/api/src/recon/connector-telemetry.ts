import { type ReconPlan } from '@closewatch/recon/compile';
import { type Side } from '@closewatch/recon/definition';
import { postgresKeyOrder } from '@closewatch/recon/postgres-key-order';
import { type SideInput } from '@closewatch/recon/recon-engine';
import { type TelemetryDataset } from '@closewatch/contracts/recon';
import { cursorRows } from './postgres-cursor';

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
export function telemetryStatement(o: Pick<TelemetrySideOptions, 'dataset' | 'flow' | 'scope' | 'plan' | 'side'>): { text: string; values: string[]; sorted: boolean } {
  const values: string[] = [o.dataset.flow ?? o.flow, o.dataset.stage, o.dataset.system];
  const where = ['h.flow_id = $1', 'h.stage = $2', 'h.system = $3', `h.status = 'ok'`];
  if (o.scope.period !== undefined) where.push(`h.period = $${values.push(o.scope.period)}`);
  if (o.scope.entity !== undefined) where.push(`h.entity = $${values.push(o.scope.entity)}`);
  const inner = `select h.record_key, h.record_type, h.amount::text as amount, h.currency, h.entity, h.period, h.occurred_at,
       h.data_status, h.mapping_version, h.batch_id, h.trace_id, h.system, h.stage
  from hops h where ${where.join(' and ')}`;
  let order: string | null;
  try {
    order = postgresKeyOrder(o.plan, o.side);
  } catch {
    order = null;
  }
  return { text: `select * from (${inner}) as closewatch_q${order ? ` order by ${order}` : ''}`, values, sorted: order !== null };
}

export function telemetrySide(o: TelemetrySideOptions): SideInput {
  const statement = telemetryStatement(o);
  return {
    sorted: statement.sorted,
    rows: cursorRows({
      url: o.url,
      text: statement.text,
      values: statement.values,
      fetchRows: o.fetchRows,
      statementTimeoutMs: o.statementTimeoutMs,
      signal: o.signal,
      applicationName: `closewatch-recon-telemetry-${o.side}`,
    }),
  };
}
