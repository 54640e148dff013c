import { type ErrorRenderer } from '../common/api-error.filter';
import { encodeRpcStatus, grpcCodeOf, OTLP_CONTENT_TYPE, otlpFormatOf } from './otlp-format';

/**
 * Errors on the OTLP paths (/v1/...) are answered as OTLP/HTTP requires: a google.rpc.Status in
 * the request's encoding (protobuf unless the request was JSON). Retry-After is set by the filter.
 */
export const otlpErrorRenderer: ErrorRenderer = (req, res, status, message) => {
  if (!req.originalUrl.startsWith('/v1/')) return false;
  const format = otlpFormatOf(req.headers['content-type']) ?? 'protobuf';
  res
    .status(status)
    .type(OTLP_CONTENT_TYPE[format])
    .send(encodeRpcStatus(format, grpcCodeOf(status), message));
  return true;
};
