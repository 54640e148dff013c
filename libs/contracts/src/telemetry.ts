import { type DataStatus, type ErrorClass, type Stage } from './finance';

/** One observed step of one business record in one flow (the lineage answer, docs/lineage-and-stats.md). */
export interface HopDto {
  flow: string;
  recordKey: string;
  recordType: string | null;
  stage: Stage;
  system: string;
  status: 'ok' | 'error';
  occurredAt: string;
  amount: string | null;
  currency: string | null;
  entity: string | null;
  period: string | null;
  dataStatus: DataStatus | null;
  mappingVersion: string | null;
  batchId: string | null;
  traceId: string | null;
  spanId: string | null;
  error: { class: ErrorClass | null; code: string | null; message: string | null } | null;
  /** Where the hop came from: an OTLP span or a business event. */
  source: 'otlp' | 'event';
  /** Whether the flow id is in the catalog; unregistered flows are kept and surfaced. */
  registered: boolean;
  /**
   * The ingest key that sent the hop; null for hops stored before keys were recorded or written
   * by Closewatch itself. Set on every hop the API returns (optional only for older clients' fixtures).
   */
  ingestKeyId?: string | null;
}

/** Where a hop sits in a lineage answer, for references from drift entries. */
export interface HopRef {
  /** Index of the hop in `LineageResponse.hops`. */
  index: number;
  flow: string;
  stage: Stage;
  system: string;
  occurredAt: string;
}

/**
 * A change of amount between two consecutive amount-bearing hops of one record in the same
 * currency (hops in another currency in between are skipped: they are conversions, not drift).
 * Amounts are exact decimal strings; `difference` is `to - from`.
 */
export interface AmountDriftDto {
  currency: string;
  from: string;
  to: string;
  difference: string;
  fromHop: HopRef;
  toHop: HopRef;
}

export interface LineageResponse {
  recordKey: string;
  hops: HopDto[];
  /** Amount changes between hops, in hop order. */
  amountDrift: AmountDriftDto[];
  /** Distinct trace ids behind the hops, in order of first appearance. */
  traceIds: string[];
  /** True when the record has more hops than one answer carries (the first ones are returned). */
  truncated?: boolean;
}

export interface SpanDto {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  serviceName: string | null;
  kind: number;
  startTime: string;
  endTime: string;
  statusCode: number;
  statusMessage: string | null;
  attributes: Record<string, unknown>;
  resourceAttributes: Record<string, unknown>;
  /** Whether the span carried finance.flow and finance.record.key and so became a hop. */
  financeHop: boolean;
}

export interface TraceResponse {
  traceId: string;
  spans: SpanDto[];
  /** Finance hops that name this trace (from spans and from business events), in time order. */
  hops: HopDto[];
  /** True when the trace has more spans than one answer carries (the earliest are returned). */
  truncated?: boolean;
}

export interface RunDto {
  flow: string;
  runId: string;
  status: 'started' | 'succeeded' | 'failed';
  startedAt: string | null;
  finishedAt: string | null;
  rowsRead: number | null;
  rowsWritten: number | null;
  rowsRejected: number | null;
  period: string | null;
  entity: string | null;
  watermark: string | null;
  receivedAt: string;
  /** Set by `GET /api/v1/runs`: the failure reported with the run, if any. */
  error?: { code: string | null; message: string | null } | null;
  /** Set by `GET /api/v1/runs`: whether the flow id is in the catalog. */
  registered?: boolean;
  /** Set by `GET /api/v1/runs`: the ingest key that reported the run (null before keys were recorded). */
  ingestKeyId?: string | null;
}

/** Ingest counters of one flow over one window. */
export interface FlowIngestStats {
  flow: string;
  registered: boolean;
  name: string | null;
  windowSeconds: number;
  hops: number;
  errors: number;
  duplicates: number;
  runs: number;
  failedRuns: number;
  /** hops per minute over the window */
  throughputPerMinute: number;
  errorRate: number;
  lastHopAt: string | null;
  lastHopStage: Stage | null;
  lastHopRecordKey: string | null;
  /** Ingest activity over the window, from the counters alone (not the SLO status of `GET /api/v1/flow-health`). */
  health: 'healthy' | 'degraded' | 'failing' | 'idle';
}

export interface IngestStatsResponse {
  windowSeconds: number;
  generatedAt: string;
  flows: FlowIngestStats[];
}

/** One step of an ingest series (`GET /api/v1/ingest/stats/series`); `at` is the step's start. */
export interface IngestStatsPoint {
  at: string;
  hops: number;
  errors: number;
  duplicates: number;
  runs: number;
  failedRuns: number;
}

export interface IngestStatsSeriesResponse {
  /** The flow asked for, or null for all flows together. */
  flow: string | null;
  windowSeconds: number;
  stepSeconds: number;
  /** Start of the first step and end of the last one. */
  from: string;
  to: string;
  /** One point per step, oldest first, steps without traffic as zeros. */
  points: IngestStatsPoint[];
}
