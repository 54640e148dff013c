import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { decodeOtlpJson } from './otlp-json-decode';
import { otlpTypes } from './otlp-proto';
import { decodeOtlpProtobuf } from './otlp-protobuf-decode';
import { OtlpDecodeError } from './otlp-span';

/** Spans made by the official SDK, serialised by the official OTLP serialisers. */
function sdkSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'coupa-connector', 'finance.flow': 'coupa-to-oracle-invoices' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('decode-spec', '1.2.3');
  const start = new Date('2026-11-20T10:00:00.123Z');
  const parent = tracer.startSpan('export batch', { kind: SpanKind.PRODUCER, startTime: start });
  const child = tracer.startSpan(
    'post invoice',
    { startTime: start, attributes: { 'finance.record.key': 'INV-1', 'finance.amount': 1234.5, 'retry.count': 3, ok: true, tags: ['a', 'b'] } },
    trace.setSpan(context.active(), parent),
  );
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'period closed' });
  child.end(new Date('2026-11-20T10:00:01.250Z'));
  parent.end(new Date('2026-11-20T10:00:02Z'));
  return exporter.getFinishedSpans();
}

describe('OTLP decoding', () => {
  const spans = sdkSpans();
  const child = spans.find((s) => s.name === 'post invoice')!;
  const parent = spans.find((s) => s.name === 'export batch')!;

  it('decodes what the SDK protobuf serialiser writes', () => {
    const [rs] = decodeOtlpProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!);
    expect(rs!.resource).toEqual({ 'service.name': 'coupa-connector', 'finance.flow': 'coupa-to-oracle-invoices' });
    expect(rs!.scopeSpans[0]!.scopeName).toBe('decode-spec');
    const decoded = rs!.scopeSpans.flatMap((ss) => ss.spans);
    const c = decoded.find((s) => s.name === 'post invoice')!;
    expect(c).toEqual({
      traceId: child.spanContext().traceId,
      spanId: child.spanContext().spanId,
      parentSpanId: parent.spanContext().spanId,
      name: 'post invoice',
      kind: 1, // SPAN_KIND_INTERNAL on the wire
      startMicros: Date.parse('2026-11-20T10:00:00.123Z') * 1000,
      endMicros: Date.parse('2026-11-20T10:00:01.250Z') * 1000,
      statusCode: 2,
      statusMessage: 'period closed',
      attributes: { 'finance.record.key': 'INV-1', 'finance.amount': 1234.5, 'retry.count': 3, ok: true, tags: ['a', 'b'] },
    });
    expect(decoded.find((s) => s.name === 'export batch')).toMatchObject({ parentSpanId: '', kind: 4 });
  });

  it('decodes OTLP/JSON from the SDK JSON serialiser to the same spans', () => {
    const fromJson = decodeOtlpJson(Buffer.from(JsonTraceSerializer.serializeRequest(spans)!));
    const fromProto = decodeOtlpProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!);
    expect(fromJson).toEqual(fromProto);
  });

  it('maps every AnyValue kind to JSON, keeping 64-bit integers exact', () => {
    const type = otlpTypes.ExportTraceServiceRequest;
    const body = type
      .encode(
        type.fromObject({
          resourceSpans: [
            {
              scopeSpans: [
                {
                  spans: [
                    {
                      traceId: Buffer.alloc(16, 1),
                      spanId: Buffer.alloc(8, 2),
                      attributes: [
                        { key: 'big', value: { intValue: '9007199254740993' } },
                        { key: 'neg', value: { intValue: '-42' } },
                        { key: 'nan', value: { doubleValue: NaN } },
                        { key: 'bytes', value: { bytesValue: Buffer.from('hi') } },
                        { key: 'list', value: { arrayValue: { values: [{ stringValue: 'x' }, { boolValue: false }] } } },
                        { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { doubleValue: 1.5 } }] } } },
                        { key: 'empty', value: {} },
                        { key: '__proto__', value: { stringValue: 'just a key' } },
                        { key: 'nul', value: { stringValue: 'a\u0000b' } },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        }),
      )
      .finish();
    const attrs = decodeOtlpProtobuf(body)[0]!.scopeSpans[0]!.spans[0]!.attributes;
    expect({ ...attrs }).toEqual({
      big: '9007199254740993',
      neg: -42,
      nan: 'NaN',
      bytes: Buffer.from('hi').toString('base64'),
      list: ['x', false],
      map: { k: 1.5 },
      empty: null,
      ['__proto__']: 'just a key',
      nul: 'a\uFFFDb',
    });
    expect(Object.getPrototypeOf(attrs)).toBeNull();
  });

  it('refuses a malformed protobuf body', () => {
    expect(() => decodeOtlpProtobuf(Buffer.from([0x0a, 0xff, 0xff, 0x01]))).toThrow(OtlpDecodeError);
  });

  it('reads an empty protobuf body as an empty request', () => {
    expect(decodeOtlpProtobuf(Buffer.alloc(0))).toEqual([]);
  });
});
