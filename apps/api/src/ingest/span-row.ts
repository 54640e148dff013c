import { type Attributes } from './otlp-span';

/**
 * A span as it is written to `spans`: trace context for the trace view, finance or not. The
 * writer sends rows as one JSON document, so the property names are the record's columns.
 */
export interface SpanRow {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  serviceName: string | null;
  scopeName: string | null;
  /** Microseconds since the epoch (exact integers). */
  startMicros: number;
  endMicros: number;
  statusCode: number;
  statusMessage: string | null;
  attributes: Attributes;
  /** Index of the span's resource attributes in the batch's resource list (sent once each). */
  resourceIndex: number;
  financeHop: boolean;
}
