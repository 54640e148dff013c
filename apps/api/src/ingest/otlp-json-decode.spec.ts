import { decodeOtlpJson } from './otlp-json-decode';
import { OtlpDecodeError } from './otlp-span';

const request = (span: Record<string, unknown>) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
const onlySpan = (span: Record<string, unknown>) => decodeOtlpJson(request(span))[0]!.scopeSpans[0]!.spans[0]!;

describe(decodeOtlpJson.name, () => {
  it('accepts times and integers as strings or numbers, and enum names', () => {
    const s = onlySpan({
      traceId: 'ABCDEF0123456789ABCDEF0123456789',
      spanId: '0123456789abcdef',
      kind: 'SPAN_KIND_SERVER',
      startTimeUnixNano: '1763632800123456789',
      endTimeUnixNano: 1763632801000000000,
      status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
      attributes: [
        { key: 'a', value: { intValue: '12' } },
        { key: 'b', value: { intValue: 12 } },
        { key: 'c', value: { doubleValue: '2.5' } },
        { key: 'd', value: { bytesValue: 'aGk=' } },
      ],
    });
    expect(s).toMatchObject({
      traceId: 'abcdef0123456789abcdef0123456789',
      kind: 2,
      statusCode: 2,
      statusMessage: 'boom',
      startMicros: 1763632800123456,
      endMicros: 1763632801000000,
    });
    expect({ ...s.attributes }).toEqual({ a: 12, b: 12, c: 2.5, d: 'aGk=' });
  });

  it('treats missing optional parts as empty', () => {
    expect(decodeOtlpJson('{}')).toEqual([]);
    expect(onlySpan({})).toMatchObject({ traceId: '', spanId: '', parentSpanId: '', name: '', kind: 0, startMicros: 0, statusCode: 0 });
  });

  it('keeps a non-string id for the mapping to reject, rather than failing the request', () => {
    expect(onlySpan({ traceId: 42 }).traceId).toBe('?');
  });

  it.each([
    ['not json', '{', /Malformed JSON/],
    ['not an object', '[]', /body must be a JSON object/],
    ['resourceSpans not an array', '{"resourceSpans": {}}', /resourceSpans must be an array/],
    ['bad time', request({ startTimeUnixNano: 'soon' }), /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.startTimeUnixNano/],
    ['bad int', request({ attributes: [{ key: 'x', value: { intValue: 1.5 } }] }), /attributes\[0\]\.value\.intValue must be an integer/],
    ['bad kind', request({ kind: 'SIDEWAYS' }), /kind must be an integer enum value/],
    ['bad attribute', request({ attributes: ['x'] }), /attributes\[0\] must be a JSON object/],
  ])('refuses %s with the path in the message', (_name, body, message) => {
    expect(() => decodeOtlpJson(body)).toThrow(OtlpDecodeError);
    expect(() => decodeOtlpJson(body)).toThrow(message);
  });
});
