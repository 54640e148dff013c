/**
 * OTLP trace data after decoding, the same whatever the wire format (protobuf or OTLP/JSON):
 * ids as lowercase hex (as received: validity is checked when mapping), times as microseconds
 * since the epoch (otlp-time.ts), attributes as plain JSON values.
 */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

/** Attribute maps have no prototype, so a key such as `__proto__` is only a key. */
export type Attributes = Record<string, AttributeValue>;

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  kind: number;
  /** Microseconds since the epoch; 0 when unset, NaN or past 2^53 when unusable. */
  startMicros: number;
  endMicros: number;
  statusCode: number;
  statusMessage: string;
  attributes: Attributes;
}

export interface OtlpScopeSpans {
  scopeName: string;
  spans: OtlpSpan[];
}

export interface OtlpResourceSpans {
  resource: Attributes;
  scopeSpans: OtlpScopeSpans[];
}

/** The body could not be decoded at all (answered 400 with this message). */
export class OtlpDecodeError extends Error {}

export function newAttributes(): Attributes {
  return Object.create(null) as Attributes;
}
