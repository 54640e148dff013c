import { type ParsedBusinessEvent } from '@closewatch/contracts/events';
import { statusOfStage, type HopRow } from './hop-row';

/** A business event as a hop (source `event`, idempotent on the event id). */
export function eventToHopRow(e: ParsedBusinessEvent): HopRow {
  const error = e.error ?? null;
  const hasError = !!(error && (error.class || error.code || error.message));
  return {
    source: 'event',
    sourceId: e.id,
    flowId: e.flow,
    recordKey: e.recordKey,
    recordType: e.recordType ?? null,
    system: e.system,
    stage: e.stage,
    status: statusOfStage(e.stage, hasError),
    occurredAt: new Date(e.occurredAt),
    amount: e.amount ?? null,
    currency: e.currency ?? null,
    entity: e.entity ?? null,
    period: e.period ?? null,
    dataStatus: e.dataStatus ?? null,
    mappingVersion: e.mappingVersion ?? null,
    batchId: e.batchId ?? null,
    traceId: e.traceId ?? null,
    spanId: null,
    errorClass: error?.class ?? null,
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
    attributes: e.attributes ?? null,
  };
}
