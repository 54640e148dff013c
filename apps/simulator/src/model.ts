import { type DataStatus, type ErrorClass, type Stage } from '@closewatch/contracts/finance';

/** The demo companies: a SaaS business, a manufacturer, and a source-to-pay back office. */
export const SCENARIOS = ['saas', 'manufacturer', 'source_to_pay'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** How a system reports its steps: OpenTelemetry spans or business events. */
export type Transport = 'otlp' | 'events';

/** Faults the simulator injects, each visible in the data the way a real one would be. */
export const FAULT_KINDS = ['unmapped_cost_centre', 'duplicate_event', 'erp_outage', 'amount_changed', 'late_batch'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type RecordFaultKind = Exclude<FaultKind, 'late_batch'>;

/** An outgoing HTTP call made at a step, reported as a plain span (trace context only). */
export interface HttpCall {
  method: string;
  url: string;
  status: number;
}

/** One planned step of one business record; `offsetMs` is from the record's start. */
export interface PlannedHop {
  offsetMs: number;
  flow: string;
  recordKey: string;
  recordType: string;
  stage: Stage;
  system: string;
  status: 'ok' | 'error';
  amount: string | null;
  currency: string | null;
  entity: string;
  period: string;
  dataStatus: DataStatus | null;
  mappingVersion: string | null;
  batchId: string | null;
  error: { class: ErrorClass; code: string; message: string } | null;
  /** Span name, or the event's name in attributes. */
  name: string;
  /** How long the step took, for the span (ending at the hop's time). */
  durationMs: number;
  /** Extra attributes (span attributes / event attributes), all strings or numbers. */
  attributes: Record<string, string | number>;
  call: HttpCall | null;
  /** Set on a re-delivery: the index of the hop whose event or span is sent again unchanged. */
  resendOf: number | null;
  /** Event id (events transport); a re-delivery carries its original's id. */
  eventId: string;
}

/** One business record's journey through its flow. */
export interface RecordJourney {
  scenario: Scenario;
  flow: string;
  transport: Transport;
  recordKey: string;
  recordType: string;
  fault: RecordFaultKind | null;
  hops: PlannedHop[];
}

/** One batch job execution of a batch flow for one entity and schedule slot. */
export interface BatchRunPlan {
  scenario: Scenario;
  flow: string;
  transport: Transport;
  runId: string;
  entity: string;
  period: string;
  /** The schedule slot this run belongs to. */
  scheduledAt: Date;
  /** When the run starts; null when it does not run at all (missed run). */
  startAt: Date | null;
  finishAt: Date | null;
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
  watermark: string;
  fault: 'late_batch' | null;
  /** The batch as a record (recordType actuals_batch): its hops, offsets from startAt. */
  hops: PlannedHop[];
}
