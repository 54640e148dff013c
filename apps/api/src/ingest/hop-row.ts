import { type DataStatus, type ErrorClass, type Stage } from '@closewatch/contracts/finance';
import { type HopDto } from '@closewatch/contracts/telemetry';

/** A hop as it is written: one finance step of one business record, from a span or an event. */
export interface HopRow {
  source: 'otlp' | 'event';
  /** Idempotency key within the source: the event id, or `traceId:spanId`. */
  sourceId: string;
  flowId: string;
  recordKey: string;
  recordType: string | null;
  system: string;
  stage: Stage;
  status: 'ok' | 'error';
  occurredAt: Date;
  /** Exact decimal as text; never a binary float. */
  amount: string | null;
  currency: string | null;
  entity: string | null;
  period: string | null;
  dataStatus: DataStatus | null;
  mappingVersion: string | null;
  batchId: string | null;
  traceId: string | null;
  spanId: string | null;
  errorClass: ErrorClass | null;
  errorCode: string | null;
  errorMessage: string | null;
  attributes: Record<string, unknown> | null;
}

/** Failed and dead-lettered steps are errors whatever else they say. */
export function statusOfStage(stage: Stage, error: boolean): 'ok' | 'error' {
  return error || stage === 'failed' || stage === 'dead_lettered' ? 'error' : 'ok';
}

/** `ingestKeyId`: the key that sent the hop (null for hops from before keys were recorded, or written by Closewatch). */
export function hopRowToDto(h: HopRow, registered: boolean, ingestKeyId: string | null): HopDto {
  const hasError = h.errorClass !== null || h.errorCode !== null || h.errorMessage !== null;
  return {
    flow: h.flowId,
    recordKey: h.recordKey,
    recordType: h.recordType,
    stage: h.stage,
    system: h.system,
    status: h.status,
    occurredAt: h.occurredAt.toISOString(),
    amount: h.amount,
    currency: h.currency,
    entity: h.entity,
    period: h.period,
    dataStatus: h.dataStatus,
    mappingVersion: h.mappingVersion,
    batchId: h.batchId,
    traceId: h.traceId,
    spanId: h.spanId,
    error: hasError ? { class: h.errorClass, code: h.errorCode, message: h.errorMessage } : null,
    source: h.source,
    registered,
    ingestKeyId,
  };
}
