import { type DataStatus, type ErrorClass, type Stage } from '@closewatch/contracts/finance';
import { type HopDto } from '@closewatch/contracts/telemetry';
import { hopRowToDto } from '../ingest/hop-row';

/** The columns every hop read selects (table alias `h`), with whether the flow is in the catalog. */
export const HOP_COLUMNS = `h.id, h.source, h.source_id, h.flow_id, h.record_key, h.record_type, h.system, h.stage, h.status,
  h.occurred_at, h.amount, h.currency, h.entity, h.period, h.data_status, h.mapping_version, h.batch_id, h.trace_id,
  h.span_id, h.error_class, h.error_code, h.error_message, h.ingest_key_id,
  exists (select 1 from flows f where f.id = h.flow_id) as registered`;

/** A `hops` row as the pg driver returns it: bigint id and numeric amount as text, timestamptz as Date. */
export interface HopRecord {
  id: string;
  source: 'otlp' | 'event';
  source_id: string;
  flow_id: string;
  record_key: string;
  record_type: string | null;
  system: string;
  stage: Stage;
  status: 'ok' | 'error';
  occurred_at: Date;
  amount: string | null;
  currency: string | null;
  entity: string | null;
  period: string | null;
  data_status: DataStatus | null;
  mapping_version: string | null;
  batch_id: string | null;
  trace_id: string | null;
  span_id: string | null;
  error_class: ErrorClass | null;
  error_code: string | null;
  error_message: string | null;
  ingest_key_id: string | null;
  registered: boolean;
}

/** Same mapping as the live stream uses (ingest/hop-row.ts), so a hop reads the same everywhere. */
export function hopRecordToDto(r: HopRecord): HopDto {
  return hopRowToDto(
    {
      source: r.source,
      sourceId: r.source_id,
      flowId: r.flow_id,
      recordKey: r.record_key,
      recordType: r.record_type,
      system: r.system,
      stage: r.stage,
      status: r.status,
      occurredAt: r.occurred_at,
      amount: r.amount,
      currency: r.currency,
      entity: r.entity,
      period: r.period,
      dataStatus: r.data_status,
      mappingVersion: r.mapping_version,
      batchId: r.batch_id,
      traceId: r.trace_id,
      spanId: r.span_id,
      errorClass: r.error_class,
      errorCode: r.error_code,
      errorMessage: r.error_message,
      // Not part of HopDto, so not read.
      attributes: null,
    },
    r.registered,
    r.ingest_key_id,
  );
}
