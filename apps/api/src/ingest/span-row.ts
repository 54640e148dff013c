/** A span as it is written to `spans`: trace context for the trace view, finance or not. */
export interface SpanRow {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  serviceName: string | null;
  scopeName: string | null;
  /** ISO-8601 UTC with microseconds. */
  startTime: string;
  endTime: string;
  statusCode: number;
  statusMessage: string | null;
  /** JSON object text, serialised once (the resource's is shared by all its spans). */
  attributesJson: string;
  resourceAttributesJson: string;
  financeHop: boolean;
}
