import { storableText } from '../common/storable-text';
import { microsFromNanosNumber, microsFromNanosText } from './otlp-time';
import { type AttributeValue, type Attributes, newAttributes, OtlpDecodeError, type OtlpResourceSpans, type OtlpSpan } from './otlp-span';

/**
 * Decodes an `application/json` ExportTraceServiceRequest (OTLP/JSON: the proto3 JSON mapping
 * with lowerCamelCase names, trace and span ids as hex, enums as integers, 64-bit integers as
 * strings or numbers). Enum names are accepted too. A body whose structure is wrong throws
 * OtlpDecodeError naming the path; a bad id only makes its span unusable (checked later).
 */
export function decodeOtlpJson(body: Buffer | string): OtlpResourceSpans[] {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (err) {
    throw new OtlpDecodeError(`Malformed JSON ExportTraceServiceRequest: ${(err as Error).message}`);
  }
  const request = object(doc, '');
  return list(request.resourceSpans, 'resourceSpans').map((rsRaw, i) => {
    const path = `resourceSpans[${i}]`;
    const rs = object(rsRaw, path);
    const resource = rs.resource === undefined || rs.resource === null ? {} : object(rs.resource, `${path}.resource`);
    return {
      resource: attributes(resource.attributes, `${path}.resource.attributes`),
      scopeSpans: list(rs.scopeSpans, `${path}.scopeSpans`).map((ssRaw, j) => {
        const sPath = `${path}.scopeSpans[${j}]`;
        const ss = object(ssRaw, sPath);
        const scope = ss.scope === undefined || ss.scope === null ? {} : object(ss.scope, `${sPath}.scope`);
        return {
          scopeName: storableText(string(scope.name, `${sPath}.scope.name`)),
          spans: list(ss.spans, `${sPath}.spans`).map((s, k) => span(s, `${sPath}.spans[${k}]`)),
        };
      }),
    };
  });
}

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

function span(raw: unknown, path: string): OtlpSpan {
  const s = object(raw, path);
  const status = s.status === undefined || s.status === null ? {} : object(s.status, `${path}.status`);
  return {
    traceId: id(s.traceId),
    spanId: id(s.spanId),
    parentSpanId: id(s.parentSpanId),
    name: storableText(string(s.name, `${path}.name`)),
    kind: enumValue(s.kind, SPAN_KINDS, `${path}.kind`),
    startMicros: micros(s.startTimeUnixNano, `${path}.startTimeUnixNano`),
    endMicros: micros(s.endTimeUnixNano, `${path}.endTimeUnixNano`),
    statusCode: enumValue(status.code, STATUS_CODES, `${path}.status.code`),
    statusMessage: storableText(string(status.message, `${path}.status.message`)),
    attributes: attributes(s.attributes, `${path}.attributes`),
  };
}

function attributes(raw: unknown, path: string): Attributes {
  const out = newAttributes();
  list(raw, path).forEach((kvRaw, i) => {
    const kv = object(kvRaw, `${path}[${i}]`);
    out[storableText(string(kv.key, `${path}[${i}].key`))] = anyValue(kv.value, `${path}[${i}].value`);
  });
  return out;
}

/** OTLP/JSON AnyValue to a JSON value: 64-bit integers stay numbers while exact, else strings. */
export function anyValue(raw: unknown, path: string): AttributeValue {
  if (raw === undefined || raw === null) return null;
  const v = object(raw, path);
  if ('stringValue' in v) return storableText(string(v.stringValue, `${path}.stringValue`));
  if ('boolValue' in v) {
    if (typeof v.boolValue !== 'boolean') throw new OtlpDecodeError(`${path}.boolValue must be true or false`);
    return v.boolValue;
  }
  if ('intValue' in v) return integer(v.intValue, `${path}.intValue`);
  if ('doubleValue' in v) return double(v.doubleValue, `${path}.doubleValue`);
  if ('arrayValue' in v) {
    const arr = v.arrayValue === null ? {} : object(v.arrayValue, `${path}.arrayValue`);
    return list(arr.values, `${path}.arrayValue.values`).map((x, i) => anyValue(x, `${path}.arrayValue.values[${i}]`));
  }
  if ('kvlistValue' in v) {
    const kvl = v.kvlistValue === null ? {} : object(v.kvlistValue, `${path}.kvlistValue`);
    return attributes(kvl.values, `${path}.kvlistValue.values`);
  }
  if ('bytesValue' in v) {
    const b64 = string(v.bytesValue, `${path}.bytesValue`);
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64)) throw new OtlpDecodeError(`${path}.bytesValue must be base64`);
    return b64;
  }
  return null;
}

function object(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new OtlpDecodeError(`${path || 'body'} must be a JSON object`);
  return v as Record<string, unknown>;
}

function list(v: unknown, path: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${path} must be an array`);
  return v;
}

function string(v: unknown, path: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new OtlpDecodeError(`${path} must be a string`);
  return v;
}

/** Ids stay as received (lowercased); anything but hex of the right length is rejected per span later. */
function id(v: unknown): string {
  return typeof v === 'string' ? v.toLowerCase() : v === undefined || v === null ? '' : '?';
}

function enumValue(v: unknown, names: Record<string, number>, path: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && v in names) return names[v]!;
  throw new OtlpDecodeError(`${path} must be an integer enum value`);
}

/** A nanosecond time (string or number) as microseconds. */
function micros(v: unknown, path: string): number {
  if (v === undefined || v === null) return 0;
  const us = typeof v === 'string' ? microsFromNanosText(v) : typeof v === 'number' ? microsFromNanosNumber(v) : NaN;
  if (!Number.isNaN(us)) return us;
  throw new OtlpDecodeError(`${path} must be a non-negative integer (nanoseconds, as a string or number)`);
}

function integer(v: unknown, path: string): number | string {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d{1,19}$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : BigInt(v).toString();
  }
  throw new OtlpDecodeError(`${path} must be an integer (as a string or number)`);
}

function double(v: unknown, path: string): number | string {
  if (typeof v === 'number') return v;
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new OtlpDecodeError(`${path} must be a number`);
}
