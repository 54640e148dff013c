import { randomBytes } from 'node:crypto';
import { otlpTypes } from '../src/ingest/otlp-proto';

/** Builds OTLP ExportTraceServiceRequests for tests, in OTLP/JSON and in protobuf. */
export type TestAttributes = Record<string, string | number | boolean>;

export interface TestSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  startTimeUnixNano?: bigint;
  endTimeUnixNano?: bigint;
  attributes?: TestAttributes;
  status?: { code: number; message?: string };
}

export const newTraceId = (): string => randomBytes(16).toString('hex');
export const newSpanId = (): string => randomBytes(8).toString('hex');

/** Nanoseconds for an ISO time. */
export const nanos = (iso: string): bigint => BigInt(Date.parse(iso)) * 1_000_000n;

function anyValue(v: string | number | boolean): Record<string, unknown> {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  return Number.isInteger(v) ? { intValue: v } : { doubleValue: v };
}

const keyValues = (attrs: TestAttributes = {}) => Object.entries(attrs).map(([key, value]) => ({ key, value: anyValue(value) }));

function spanFields(s: TestSpan) {
  const start = s.startTimeUnixNano ?? nanos('2026-11-20T10:00:00.000Z');
  return {
    name: s.name ?? 'step',
    kind: s.kind ?? 1,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(s.endTimeUnixNano ?? start + 5_000_000n),
    attributes: keyValues(s.attributes),
    status: s.status ?? { code: 0 },
  };
}

/** OTLP/JSON: ids as hex, times as nanosecond strings. */
export function otlpJson(resource: TestAttributes, spans: TestSpan[]): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: keyValues(resource) },
        scopeSpans: [
          {
            scope: { name: 'closewatch-tests' },
            spans: spans.map((s) => ({ traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId ?? '', ...spanFields(s) })),
          },
        ],
      },
    ],
  });
}

/** Protobuf, encoded by protobufjs from the OTLP definitions. */
export function otlpProtobuf(resource: TestAttributes, spans: TestSpan[]): Buffer {
  const type = otlpTypes.ExportTraceServiceRequest;
  const message = type.fromObject({
    resourceSpans: [
      {
        resource: { attributes: keyValues(resource) },
        scopeSpans: [
          {
            scope: { name: 'closewatch-tests' },
            spans: spans.map((s) => ({
              traceId: Buffer.from(s.traceId, 'hex'),
              spanId: Buffer.from(s.spanId, 'hex'),
              parentSpanId: Buffer.from(s.parentSpanId ?? '', 'hex'),
              ...spanFields(s),
            })),
          },
        ],
      },
    ],
  });
  return Buffer.from(type.encode(message).finish());
}

/** Finance attributes of one hop (the telemetry contract, docs/semantic-conventions.md). */
export function financeAttrs(flow: string, recordKey: string, stage: string, extra: TestAttributes = {}): TestAttributes {
  return { 'finance.flow': flow, 'finance.record.key': recordKey, 'finance.stage': stage, ...extra };
}
