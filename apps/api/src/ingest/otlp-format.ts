import { otlpTypes } from './otlp-proto';

/** The two OTLP/HTTP encodings; answers use the request's. */
export type OtlpFormat = 'protobuf' | 'json';

export const OTLP_CONTENT_TYPE: Record<OtlpFormat, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/** The OTLP encoding a Content-Type header names, or undefined for anything else (415). */
export function otlpFormatOf(contentType: string | undefined): OtlpFormat | undefined {
  const media = contentType?.split(';')[0]?.trim().toLowerCase();
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  if (media === 'application/json') return 'json';
  return undefined;
}

/**
 * ExportTraceServiceResponse: empty when every span was accepted, else `partialSuccess` with
 * the number of rejected spans and why. In JSON the int64 count is a string (proto3 JSON
 * mapping, as the OpenTelemetry Collector answers).
 */
export function encodeExportResponse(format: OtlpFormat, rejectedSpans: number, errorMessage: string): Buffer {
  const partialSuccess = rejectedSpans > 0 ? { rejectedSpans, errorMessage } : undefined;
  if (format === 'json') {
    return Buffer.from(JSON.stringify(partialSuccess ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } } : {}));
  }
  const type = otlpTypes.ExportTraceServiceResponse;
  return Buffer.from(type.encode(type.fromObject(partialSuccess ? { partialSuccess } : {})).finish());
}

/** A google.rpc.Status error body (OTLP/HTTP: the body of every 4xx and 5xx answer). */
export function encodeRpcStatus(format: OtlpFormat, code: number, message: string): Buffer {
  if (format === 'json') return Buffer.from(JSON.stringify({ code, message }));
  const type = otlpTypes.RpcStatus;
  return Buffer.from(type.encode(type.fromObject({ code, message })).finish());
}

/** The gRPC status code (google.rpc.Code) that corresponds to an HTTP error status. */
export function grpcCodeOf(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
    case 413:
    case 415:
      return 3; // INVALID_ARGUMENT
    case 401:
      return 16; // UNAUTHENTICATED
    case 403:
      return 7; // PERMISSION_DENIED
    case 404:
      return 5; // NOT_FOUND
    case 408:
      return 4; // DEADLINE_EXCEEDED
    case 429:
      return 8; // RESOURCE_EXHAUSTED
    case 503:
      return 14; // UNAVAILABLE
    default:
      return httpStatus >= 500 ? 13 /* INTERNAL */ : 2; /* UNKNOWN */
  }
}
