import { type FlowPattern, type FlowSloDto } from './catalog';
import { DATA_STATUSES, type DataStatus, type ErrorClass, type Stage } from './finance';

/**
 * Sync health (docs/sync-health.md): per record sync lag and in-flight age; per flow and window
 * throughput, lag percentiles, freshness, in flight, error and duplicate rates, retries, dead
 * letters and amounts; a status from the flow's SLO with its reasons. Measures are computed
 * from the evaluator's state, which trails ingest by at most one evaluation tick.
 */

/** Status of a flow against its SLO, worst first. */
export const FLOW_SYNC_STATUSES = ['failing', 'stale', 'degraded', 'healthy'] as const;
export type FlowSyncStatus = (typeof FLOW_SYNC_STATUSES)[number];

/** A record's data status; `unspecified` when no hop of it carried `finance.data.status`. */
export const SYNC_DATA_STATUSES = [...DATA_STATUSES, 'unspecified'] as const;
export type SyncDataStatus = DataStatus | 'unspecified';
/** Measures over every data status together are labelled `all`. */
export type MeasuresDataStatus = SyncDataStatus | 'all';

/** Why a flow has its status; the first reason of the worst status is `FlowHealthDto.reason`. */
export const HEALTH_REASON_CODES = [
  'error_rate_high',
  'last_run_failed',
  'no_successful_run_since_expected',
  'no_posting_while_delayed',
  'source_silent',
  'in_flight_past_slo',
  'lag_above_slo',
  'errors_in_window',
  'dead_letters',
  'duplicates_high',
  'missed_runs',
  'failed_runs',
  'within_slo',
  'no_activity',
] as const;
export type HealthReasonCode = (typeof HEALTH_REASON_CODES)[number];

export interface HealthReasonDto {
  code: HealthReasonCode;
  /** The status this reason calls for. */
  status: FlowSyncStatus;
  message: string;
}

/** Sync lag percentiles in seconds (first posted/published minus first emitted); null without data. */
export interface LagPercentilesDto {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface InFlightSummaryDto {
  /** Records emitted, not yet posted, whose latest step is not a failure (not windowed: now). */
  count: number;
  /** Of those, in flight longer than the flow's maxLagSeconds. */
  pastSlo: number;
  oldestEmittedAt: string | null;
  oldestAgeSeconds: number | null;
}

export interface MoneyTotalDto {
  currency: string;
  /** Exact decimal string. */
  amount: string;
  records: number;
}

/** Measures of one flow over one window, for one data status (or `all`). */
export interface SyncMeasuresDto {
  dataStatus: MeasuresDataStatus;
  windowSeconds: number;
  /** Records whose first successful posting falls in the window. */
  recordsPosted: number;
  throughputPerMinute: number;
  lagSeconds: LagPercentilesDto;
  /** Hops whose time falls in the window (from the evaluator's per-minute counts). */
  hops: number;
  /** Hops with status error in the window. */
  errors: number;
  /** errors / hops; 0 without hops. */
  errorRate: number;
  /**
   * Repeated deliveries recognised at ingest (not stored) and their share of all deliveries.
   * Known per flow only, so null for measures of one data status.
   */
  duplicates: number | null;
  duplicateRate: number | null;
  /** `replayed` hops in the window. */
  retries: number;
  /** `dead_lettered` hops in the window. */
  deadLetters: number;
  inFlight: InFlightSummaryDto;
  /** Records not posted whose latest step failed, last failing in the window. */
  failedRecords: number;
  /** Latest successful posting (any time) and now minus it; for batch flows see `freshnessBasis`. */
  lastPostedAt: string | null;
  /** Seconds since the last successful posting (event flows) or successful run (batch flows). */
  freshnessSeconds: number | null;
  freshnessBasis: 'posting' | 'run';
}

export interface ErrorClassRateDto {
  /** The hop's error class, or `unclassified` for errors without one. */
  errorClass: ErrorClass | 'unclassified';
  errors: number;
  /** errors of this class / all hops of the window. */
  rate: number;
}

export interface SyncMeasuresDetailDto extends SyncMeasuresDto {
  errorsByClass: ErrorClassRateDto[];
  /** Sum of the in-flight records' amounts by currency. */
  amountInFlight: MoneyTotalDto[];
  /** Sum of the failed records' amounts (see failedRecords) by currency. */
  amountFailed: MoneyTotalDto[];
}

/** Expected runs of a batch flow (cron schedule + grace), per entity where the flow lists entities. */
export interface BatchScheduleDto {
  cron: string;
  timezone: string;
  graceSeconds: number;
  /** The latest expected run whose grace period has passed, and the next expected run. */
  lastExpectedAt: string | null;
  nextExpectedAt: string | null;
  lastSuccessAt: string | null;
  /** The latest finished run (succeeded or failed). */
  lastRun: { runId: string; status: 'succeeded' | 'failed'; at: string; entity: string | null } | null;
  /** Expected slots in the window with no run started within the grace period. */
  missedInWindow: number;
  failedRunsInWindow: number;
  /** Per entity (one entry with entity null when the flow lists none): the latest evaluated slot. */
  entities: { entity: string | null; lastSlotAt: string | null; lastOutcome: 'ran' | 'missed' | null; runId: string | null }[];
}

export interface FlowHealthDto {
  flow: string;
  name: string;
  pattern: FlowPattern;
  slo: FlowSloDto;
  status: FlowSyncStatus;
  /** The main reason, in words. */
  reason: string;
  /** Every finding of the status rule, worst first. */
  reasons: HealthReasonDto[];
  measures: SyncMeasuresDto;
  /** Batch flows with a schedule; null otherwise. */
  batch: BatchScheduleDto | null;
}

/** `GET /api/v1/flows/:id/health`: the measures in detail, and split by data status. */
export interface FlowHealthDetailDto extends FlowHealthDto {
  asOf: string;
  measures: SyncMeasuresDetailDto;
  /** The same measures for each data status seen in the window or in flight (never mixed). */
  byDataStatus: SyncMeasuresDetailDto[];
}

/** How far the sync-health evaluator trails ingest when the list was read (docs/scaling.md, "Ingest pacing"). */
export interface EvaluationStateDto {
  /** `closewatch_evaluation_lag_seconds`: how long the oldest committed hop not evaluated yet has waited (0: caught up). */
  lagSeconds: number;
  /** `CLOSEWATCH_INGEST_PACE_LAG_SECONDS`: from this lag on, ingest writes go one at a time until it is under half of it (0: never). */
  paceLagSeconds: number;
  /**
   * Whether the answering server paces its ingest writes now: from `paceLagSeconds` on until the
   * lag is under half of it. Every server decides by the same shared lag when it writes; one that
   * receives no ingest is never paced.
   */
  paced: boolean;
}

/** `GET /api/v1/flow-health` (or `/api/v1/flows/health`, redirected): every catalog flow (a page of them, by flow id). */
export interface FlowHealthListResponse {
  asOf: string;
  windowSeconds: number;
  dataStatus: MeasuresDataStatus;
  items: FlowHealthDto[];
  nextCursor: string | null;
  /** The statuses are as old as this lag: what the evaluator has not read yet is not in them. */
  evaluation: EvaluationStateDto;
}

export interface LagSeriesPointDto {
  /** Start of the step. */
  at: string;
  recordsPosted: number;
  throughputPerMinute: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** `GET /api/v1/flows/:id/lag-series`: steps aligned to multiples of stepSeconds, oldest first. */
export interface LagSeriesResponse {
  flow: string;
  windowSeconds: number;
  stepSeconds: number;
  dataStatus: MeasuresDataStatus;
  maxLagSeconds: number;
  points: LagSeriesPointDto[];
}

/** `GET /api/v1/flows/:id/in-flight`: records in flight, oldest first. */
export interface InFlightRecordDto {
  recordKey: string;
  recordType: string | null;
  dataStatus: SyncDataStatus;
  firstEmittedAt: string;
  ageSeconds: number;
  pastSlo: boolean;
  lastStage: Stage;
  lastSystem: string;
  lastOccurredAt: string;
  amount: string | null;
  currency: string | null;
  entity: string | null;
  period: string | null;
  retries: number;
}

/** `GET /api/v1/records/:recordKey/sync`: the record's sync in every flow it was seen in. */
export interface RecordFlowSyncDto {
  flow: string;
  registered: boolean;
  dataStatus: SyncDataStatus;
  firstEmittedAt: string | null;
  firstPostedAt: string | null;
  /** first posted minus first emitted, seconds. */
  lagSeconds: number | null;
  inFlight: boolean;
  inFlightAgeSeconds: number | null;
  /** In flight past the flow's maxLagSeconds (null for unregistered flows). */
  pastSlo: boolean | null;
  maxLagSeconds: number | null;
  failed: boolean;
  lastStage: Stage;
  lastStatus: 'ok' | 'error';
  lastSystem: string;
  lastOccurredAt: string;
  lastError: { class: ErrorClass | null; code: string | null; message: string | null; at: string } | null;
  hops: number;
  retries: number;
  deadLetters: number;
  amount: string | null;
  currency: string | null;
  entity: string | null;
  period: string | null;
}

export interface RecordSyncResponse {
  recordKey: string;
  asOf: string;
  flows: RecordFlowSyncDto[];
}

/** Socket event `flows.health`: flows whose status changed at the last evaluation. */
export interface FlowHealthChangedEvent {
  at: string;
  windowSeconds: number;
  changes: { flow: string; status: FlowSyncStatus; previous: FlowSyncStatus | null; reason: string }[];
}
