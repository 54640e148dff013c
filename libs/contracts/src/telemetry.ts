import { type DataStatus, type ErrorClass, type Stage } from './finance';

/** One observed step of one business record in one flow (DESIGN.md lineage answer). */
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
}

export interface LineageResponse {
  recordKey: string;
  hops: HopDto[];
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
  health: 'healthy' | 'degraded' | 'failing' | 'idle';
}

export interface IngestStatsResponse {
  windowSeconds: number;
  generatedAt: string;
  flows: FlowIngestStats[];
}
