import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { encodeExportResponse, encodeRpcStatus, grpcCodeOf, otlpFormatOf } from './otlp-format';
import { otlpTypes } from './otlp-proto';

describe('OTLP response format', () => {
  it('recognises the two OTLP content types and nothing else', () => {
    expect(otlpFormatOf('application/x-protobuf')).toBe('protobuf');
    expect(otlpFormatOf('Application/JSON; charset=utf-8')).toBe('json');
    expect(otlpFormatOf('text/plain')).toBeUndefined();
    expect(otlpFormatOf(undefined)).toBeUndefined();
  });

  it('writes partial success so the SDK response reader understands it', () => {
    const bytes = encodeExportResponse('protobuf', 3, '3 span(s) rejected: ...');
    expect(ProtobufTraceSerializer.deserializeResponse(bytes)).toEqual({ partialSuccess: { rejectedSpans: 3, errorMessage: '3 span(s) rejected: ...' } });
    expect(encodeExportResponse('protobuf', 0, '')).toHaveLength(0);
  });

  it('writes the JSON response with the int64 count as a string', () => {
    expect(JSON.parse(encodeExportResponse('json', 2, 'why').toString())).toEqual({ partialSuccess: { rejectedSpans: '2', errorMessage: 'why' } });
    expect(JSON.parse(encodeExportResponse('json', 0, '').toString())).toEqual({});
  });

  it('writes google.rpc.Status bodies with the matching gRPC code', () => {
    const status = otlpTypes.RpcStatus.decode(encodeRpcStatus('protobuf', grpcCodeOf(429), 'slow down'));
    expect(otlpTypes.RpcStatus.toObject(status)).toEqual({ code: 8, message: 'slow down' });
    expect(JSON.parse(encodeRpcStatus('json', grpcCodeOf(503), 'db down').toString())).toEqual({ code: 14, message: 'db down' });
    expect([400, 401, 403, 404, 413, 415, 500].map(grpcCodeOf)).toEqual([3, 16, 7, 5, 3, 3, 13]);
  });
});
