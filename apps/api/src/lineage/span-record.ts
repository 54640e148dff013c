import { type SpanDto } from '@closewatch/contracts/telemetry';

/**
 * The columns a trace read selects from `trace_spans` (the view over `spans` and the finance
 * spans stored as hops). Times are rendered by PostgreSQL with microseconds (a JS Date would
 * cut them to milliseconds, and many spans are shorter than that).
 */
export const SPAN_COLUMNS = `trace_id, span_id, parent_span_id, name, service_name, kind,
  to_char(start_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as start_time,
  to_char(end_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as end_time,
  status_code, status_message, attributes, resource_attributes, finance_hop`;

export interface SpanRecord {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  service_name: string | null;
  kind: number;
  start_time: string;
  end_time: string;
  status_code: number;
  status_message: string | null;
  attributes: Record<string, unknown> | null;
  resource_attributes: Record<string, unknown> | null;
  finance_hop: boolean;
}

export function spanRecordToDto(r: SpanRecord): SpanDto {
  return {
    traceId: r.trace_id,
    spanId: r.span_id,
    parentSpanId: r.parent_span_id,
    name: r.name,
    serviceName: r.service_name,
    kind: r.kind,
    startTime: r.start_time,
    endTime: r.end_time,
    statusCode: r.status_code,
    statusMessage: r.status_message,
    attributes: r.attributes ?? {},
    resourceAttributes: r.resource_attributes ?? {},
    financeHop: r.finance_hop,
  };
}
