import { type Client } from 'pg';
import { copyField } from '../database/streaming/copy-field';
import { CopyFrom } from '../database/streaming/copy-from';
import { type HopRow } from './hop-row';
import { type SpanHopRow } from './span-row';

/** The connection's staging table of a batch's hops (telemetry-writer.ts reads it as its `hop_rows`). */
export const HOP_STAGE_TABLE = 'closewatch_hop_stage';

type StagedHop = HopRow & Partial<SpanHopRow>;

/** The staged hop's position in the batch: the writer inserts in this order, so of two hops with one key the first wins. */
export const HOP_STAGE_POSITION = 'position';

/**
 * The staged columns (named as the writer's statement reads them), their types and how each is
 * taken from a hop row; a hop from an event has no span context (null).
 */
const COLUMNS: readonly [name: string, type: string, value: (h: StagedHop) => string | number | null | undefined][] = [
  ['source', 'text', (h) => h.source],
  ['sourceId', 'text', (h) => h.sourceId],
  ['flowId', 'text', (h) => h.flowId],
  ['recordKey', 'text', (h) => h.recordKey],
  ['recordType', 'text', (h) => h.recordType],
  ['system', 'text', (h) => h.system],
  ['stage', 'text', (h) => h.stage],
  ['status', 'text', (h) => h.status],
  ['occurredAt', 'timestamptz', (h) => h.occurredAt.toISOString()],
  ['amount', 'numeric', (h) => h.amount],
  ['currency', 'text', (h) => h.currency],
  ['entity', 'text', (h) => h.entity],
  ['period', 'text', (h) => h.period],
  ['dataStatus', 'text', (h) => h.dataStatus],
  ['mappingVersion', 'text', (h) => h.mappingVersion],
  ['batchId', 'text', (h) => h.batchId],
  ['traceId', 'text', (h) => h.traceId],
  ['spanId', 'text', (h) => h.spanId],
  ['errorClass', 'text', (h) => h.errorClass],
  ['errorCode', 'text', (h) => h.errorCode],
  ['errorMessage', 'text', (h) => h.errorMessage],
  ['attributes', 'jsonb', (h) => (h.attributes ? JSON.stringify(h.attributes) : null)],
  ['financeAttributes', 'smallint', (h) => h.financeAttributes],
  ['parentSpanId', 'text', (h) => h.parentSpanId],
  ['name', 'text', (h) => h.name],
  ['kind', 'smallint', (h) => h.kind],
  ['serviceName', 'text', (h) => h.serviceName],
  ['scopeName', 'text', (h) => h.scopeName],
  ['startMicros', 'bigint', (h) => h.startMicros],
  ['endMicros', 'bigint', (h) => h.endMicros],
  ['statusCode', 'smallint', (h) => h.statusCode],
  ['statusMessage', 'text', (h) => h.statusMessage],
  ['resourceIndex', 'int', (h) => h.resourceIndex],
];

/**
 * Begins the write transaction and COPYs the hops into the staging table, in their order, in ONE
 * message to the server (one round trip): BEGIN; the staging table created on this connection
 * the first time (a temporary table: no WAL, seen by this session only, emptied at every commit;
 * created here rather than once per connection so it holds on any connection, a new one or one a
 * pooler hands over; the notice that it exists is silenced); then the COPY.
 */
export async function beginAndStageHops(client: Client, hops: readonly StagedHop[]): Promise<void> {
  await client.query(new CopyFrom(STAGE_SQL, hops.length ? [Buffer.from(hopCopyText(hops))] : []));
}

const STAGE_SQL = `begin;
set local client_min_messages = warning;
create temporary table if not exists ${HOP_STAGE_TABLE} ("${HOP_STAGE_POSITION}" int, ${COLUMNS.map(([name, type]) => `"${name}" ${type}`).join(', ')})
  on commit delete rows;
copy ${HOP_STAGE_TABLE} (${[HOP_STAGE_POSITION, ...COLUMNS.map(([name]) => name)].map((name) => `"${name}"`).join(', ')}) from stdin`;

/** The hops as lines of COPY's text format, one per hop: its position, then the fields in COLUMNS order. */
export function hopCopyText(hops: readonly StagedHop[]): string {
  let text = '';
  for (let n = 0; n < hops.length; n++) {
    const h = hops[n]!;
    let line = String(n);
    for (let i = 0; i < COLUMNS.length; i++) line += '\t' + copyField(COLUMNS[i]![2](h));
    text += line + '\n';
  }
  return text;
}
