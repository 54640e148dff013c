import { DataSource } from 'typeorm';
import { CatalogService } from '../src/flows/catalog.service';
import { type HopRow } from '../src/ingest/hop-row';
import { insertHops } from './hop-rows';
import { RUN_AT_SQL } from '../src/ingest/run-writer';
import { bumpCounters, type CounterDelta } from '../src/ingest/ingest-counters';
import { type Attributes } from '../src/ingest/otlp-span';
import { type SpanContext, type SpanHopRow, type SpanRow } from '../src/ingest/span-row';
import { writeTelemetry } from '../src/ingest/telemetry-writer';
import { type TestApp } from './test-app';

/**
 * Test data for the telemetry read side, written with the real writers of the ingest path
 * (insertHops, bumpCounters) and plain SQL for spans, runs and the catalog.
 */
export function dataSource(t: TestApp): DataSource {
  return t.app.get(DataSource);
}

let seq = 0;

/** A hop with sensible defaults; `sourceId` is unique unless given. */
export function hop(over: Partial<HopRow> & Pick<HopRow, 'flowId' | 'recordKey' | 'stage'>): HopRow {
  const error = over.stage === 'failed' || over.stage === 'dead_lettered';
  return {
    source: 'event',
    sourceId: `evt-${process.pid}-${++seq}`,
    recordType: 'invoice',
    system: 'netsuite',
    status: error ? 'error' : 'ok',
    occurredAt: new Date(),
    amount: null,
    currency: null,
    entity: null,
    period: null,
    dataStatus: null,
    mappingVersion: null,
    batchId: null,
    traceId: null,
    spanId: null,
    errorClass: null,
    errorCode: null,
    errorMessage: null,
    attributes: null,
    ...over,
  };
}

export async function writeHops(t: TestApp, rows: HopRow[]): Promise<void> {
  await dataSource(t).transaction((tx) => insertHops(tx, rows));
}

export async function writeCounters(t: TestApp, deltas: CounterDelta[], at?: Date): Promise<void> {
  await dataSource(t).transaction((tx) => bumpCounters(tx, deltas, at));
}

/** A catalog flow between two systems (the systems are created when missing). */
export async function addFlow(t: TestApp, id: string, name: string, source = 'coupa', target = 'netsuite'): Promise<void> {
  const ds = dataSource(t);
  await ds.query(`insert into systems (id, name, kind) select s, initcap(s), 'erp' from unnest($1::text[]) s on conflict (id) do nothing`, [[source, target]]);
  await ds.query(
    `insert into flows (id, name, source_system, target_system, pattern, workflow, max_lag_seconds)
     values ($1, $2, $3, $4, 'event', 'procure_to_pay', 900)`,
    [id, name, source, target],
  );
  // Written around the API (as another replica would): drop the app's catalog snapshot at once
  // instead of waiting out its few seconds.
  t.app.get(CatalogService).invalidate();
}

export interface SpanInput {
  traceId: string;
  spanId: string;
  parentSpanId?: string | null;
  name: string;
  serviceName?: string | null;
  kind?: number;
  /** ISO with up to microseconds */
  start: string;
  end: string;
  statusCode?: number;
  statusMessage?: string | null;
  attributes?: Record<string, unknown>;
  resourceAttributes?: Record<string, unknown>;
  /** A finance span: stored as this hop, carrying the span (source, ids and attributes are the span's). */
  hop?: HopRow;
}

/**
 * Spans through the ingest writer (telemetry-writer.ts): the others to `spans`, and each finance
 * span (`financeHop` with its `hop`) as that hop carrying the span, as OTLP ingest stores them.
 */
export async function writeSpans(t: TestApp, spans: SpanInput[]): Promise<void> {
  const resources: Attributes[] = [];
  const rows: SpanRow[] = [];
  const hops: SpanHopRow[] = [];
  for (const s of spans) {
    const resourceIndex = resources.push((s.resourceAttributes ?? {}) as Attributes) - 1;
    const context: SpanContext = {
      parentSpanId: s.parentSpanId ?? null,
      name: s.name,
      kind: s.kind ?? 1,
      serviceName: s.serviceName ?? null,
      scopeName: null,
      startMicros: isoMicros(s.start),
      endMicros: isoMicros(s.end),
      statusCode: s.statusCode ?? 0,
      statusMessage: s.statusMessage ?? null,
      resourceIndex,
    };
    const attributes = (s.attributes ?? {}) as Attributes;
    if (s.hop)
      hops.push({
        ...s.hop,
        source: 'otlp',
        sourceId: `${s.traceId}:${s.spanId}`,
        traceId: s.traceId,
        spanId: s.spanId,
        attributes,
        financeAttributes: 0,
        ...context,
      });
    else rows.push({ traceId: s.traceId, spanId: s.spanId, attributes, ...context });
  }
  await writeTelemetry(dataSource(t), rows, resources, hops);
}

/** Microseconds since the epoch of an ISO time with up to six fraction digits. */
function isoMicros(iso: string): number {
  const m = /\.(\d{1,6})Z$/.exec(iso);
  const fraction = m ? m[1]!.padEnd(6, '0') : '000000';
  return Math.floor(Date.parse(iso) / 1000) * 1_000_000 + Number(fraction);
}

export interface RunInput {
  flow: string;
  runId: string;
  status: 'started' | 'succeeded' | 'failed';
  startedAt?: string | null;
  finishedAt?: string | null;
  rowsRead?: number | null;
  rowsWritten?: number | null;
  rowsRejected?: number | null;
  period?: string | null;
  entity?: string | null;
  watermark?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
}

export async function writeRun(t: TestApp, r: RunInput): Promise<void> {
  await dataSource(t).query(
    `insert into runs (flow_id, run_id, status, started_at, finished_at, rows_read, rows_written, rows_rejected, period, entity,
                       watermark, error_code, error_message, run_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, ${RUN_AT_SQL})`,
    [
      r.flow,
      r.runId,
      r.status,
      r.startedAt ?? null,
      r.finishedAt ?? null,
      r.rowsRead ?? null,
      r.rowsWritten ?? null,
      r.rowsRejected ?? null,
      r.period ?? null,
      r.entity ?? null,
      r.watermark ?? null,
      r.errorCode ?? null,
      r.errorMessage ?? null,
    ],
  );
}

/** GET with an optional bearer token; answers status, headers and the parsed (or raw) body. */
export async function get<T = unknown>(t: TestApp, path: string, token?: string): Promise<{ status: number; headers: Headers; body: T; text: string }> {
  const res = await fetch(`${t.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, headers: res.headers, text, body: (json ? JSON.parse(text) : text) as T };
}

/** Field names of a 400 answer's details. */
export function errorFields(body: unknown): string[] {
  return ((body as { error?: { details?: { field: string }[] } }).error?.details ?? []).map((d) => d.field);
}

/** The value of an unlabelled metric on /metrics (undefined when it is not there). */
export async function scrapedMetric(t: TestApp, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}
