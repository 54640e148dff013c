import { storableText } from '../common/storable-text';
import { otlpTypes, type PbAnyValue, type PbExportTraceServiceRequest, type PbInt64, type PbKeyValue, type PbSpan } from './otlp-proto';
import { microsFromNanosHalves, microsFromNanosNumber } from './otlp-time';
import { type AttributeValue, type Attributes, newAttributes, OtlpDecodeError, type OtlpResourceSpans, type OtlpSpan } from './otlp-span';

const TWO_32 = 4_294_967_296;

/** Decodes an `application/x-protobuf` ExportTraceServiceRequest; a malformed body throws OtlpDecodeError. */
export function decodeOtlpProtobuf(body: Uint8Array): OtlpResourceSpans[] {
  let request: PbExportTraceServiceRequest;
  try {
    request = otlpTypes.ExportTraceServiceRequest.decode(body) as unknown as PbExportTraceServiceRequest;
  } catch (err) {
    throw new OtlpDecodeError(`Malformed protobuf ExportTraceServiceRequest: ${(err as Error).message}`);
  }
  return request.resourceSpans.map((rs) => ({
    resource: pbAttributes(rs.resource?.attributes),
    scopeSpans: rs.scopeSpans.map((ss) => ({ scopeName: storableText(ss.scope?.name ?? ''), spans: ss.spans.map(pbSpan) })),
  }));
}

function pbSpan(s: PbSpan): OtlpSpan {
  return {
    traceId: hex(s.traceId),
    spanId: hex(s.spanId),
    parentSpanId: hex(s.parentSpanId),
    name: storableText(s.name),
    kind: s.kind,
    startMicros: micros(s.startTimeUnixNano),
    endMicros: micros(s.endTimeUnixNano),
    statusCode: s.status?.code ?? 0,
    statusMessage: storableText(s.status?.message ?? ''),
    attributes: pbAttributes(s.attributes),
  };
}

function pbAttributes(list: PbKeyValue[] | undefined): Attributes {
  const out = newAttributes();
  if (list) for (const kv of list) out[storableText(kv.key)] = pbValue(kv.value);
  return out;
}

/** AnyValue to JSON: 64-bit integers stay numbers while exact, else decimal strings. */
export function pbValue(v: PbAnyValue | null | undefined): AttributeValue {
  switch (v?.value) {
    case 'stringValue':
      return storableText(v.stringValue);
    case 'boolValue':
      return v.boolValue;
    case 'intValue':
      return int64(v.intValue);
    case 'doubleValue':
      return Number.isFinite(v.doubleValue) ? v.doubleValue : String(v.doubleValue);
    case 'arrayValue':
      return (v.arrayValue?.values ?? []).map(pbValue);
    case 'kvlistValue':
      return pbAttributes(v.kvlistValue?.values);
    case 'bytesValue':
      return Buffer.from(v.bytesValue.buffer, v.bytesValue.byteOffset, v.bytesValue.byteLength).toString('base64');
    case undefined:
      return null;
  }
}

function hex(bytes: Uint8Array | undefined): string {
  if (!bytes || bytes.length === 0) return '';
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function micros(v: PbInt64): number {
  return typeof v === 'number' ? microsFromNanosNumber(v) : microsFromNanosHalves(v.high, v.low);
}

function int64(v: PbInt64): number | string {
  if (typeof v === 'number') return v;
  const value = v.high * TWO_32 + (v.low >>> 0); // exact while |value| <= 2^53
  if (Number.isSafeInteger(value)) return value;
  return ((BigInt(v.high) << 32n) | BigInt(v.low >>> 0)).toString();
}
