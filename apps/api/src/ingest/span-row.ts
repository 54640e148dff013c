import { type HopRow } from './hop-row';
import { type Attributes } from './otlp-span';

/**
 * A span's trace context as it is written: the fields of a `spans` row, which a finance span's
 * hop row carries too (a finance span is stored once, as its hop). The writer sends rows as
 * JSON documents, so the property names are what the statement reads.
 */
export interface SpanContext {
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
  /** Index of the span's resource attributes in the batch's resource list (sent once each). */
  resourceIndex: number;
}

/** A span without finance attributes, kept as trace context in `spans`. */
export interface SpanRow extends SpanContext {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

/**
 * A finance span: its hop, with the span's context and attributes (`attributes`: those not held
 * by the hop's columns; `financeAttributes`: bits of those that are, stored-finance-attributes.ts).
 */
export type SpanHopRow = HopRow & SpanContext & { financeAttributes: number };
