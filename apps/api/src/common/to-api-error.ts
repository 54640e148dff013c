import { HttpException } from '@nestjs/common';
import { issueDetails } from '@closewatch/contracts/validation-issues';
import { ZodError } from 'zod';
import { ApiError, ApiErrorCode } from './api-error';
import { isDatabaseUnavailable } from './database-unavailable';

/**
 * Turns anything thrown while serving a request into an ApiError: our own errors as they are,
 * body-parser failures (malformed JSON, too large, bad encoding), Nest's HTTP exceptions
 * (validation pipe, unknown route) and zod errors. Anything else is an internal error.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ZodError) return ApiError.validation(issueDetails(err));
  // Nest wraps body-parser failures in HttpExceptions; the original error is the cause.
  if (err instanceof HttpException && (err.cause as { type?: unknown } | undefined)?.type) return toApiError(err.cause);
  if (err instanceof HttpException) return fromHttpException(err);
  const e = err as { type?: string; status?: number; statusCode?: number; message?: string } | undefined;
  switch (e?.type) {
    case 'entity.parse.failed':
      return new ApiError(ApiErrorCode.MalformedBody, `Malformed JSON body: ${e.message ?? 'parse error'}`, [{ field: 'body', message: 'is not valid JSON' }]);
    case 'entity.too.large':
      return new ApiError(ApiErrorCode.PayloadTooLarge, 'Request body is larger than the configured limit', [{ field: 'body', message: 'is too large' }]);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(ApiErrorCode.UnsupportedMediaType, e.message ?? 'Unsupported content encoding');
    case 'request.aborted':
    case 'entity.verify.failed':
      return new ApiError(ApiErrorCode.MalformedBody, e.message ?? 'Request body could not be read');
    case undefined:
      break;
  }
  if (isDatabaseUnavailable(err)) return new ApiError(ApiErrorCode.Unavailable, 'The database is unavailable; retry later');
  const status = e?.status ?? e?.statusCode;
  if (status === 400) return new ApiError(ApiErrorCode.MalformedBody, e?.message ?? 'Bad request');
  return new ApiError(ApiErrorCode.Internal, 'Internal server error');
}

function fromHttpException(err: HttpException): ApiError {
  const status = err.getStatus();
  const body = err.getResponse() as { message?: string | string[] } | string;
  const messages = typeof body === 'string' ? [body] : Array.isArray(body.message) ? body.message : [body.message ?? err.message];
  switch (status) {
    case 400:
      return ApiError.validation(
        messages.map((m) => ({ field: m.split(' ')[0] ?? 'body', message: m })),
        messages.join('; '),
      );
    case 401:
      return new ApiError(ApiErrorCode.Unauthenticated, messages.join('; '));
    case 403:
      return new ApiError(ApiErrorCode.Forbidden, messages.join('; '));
    case 404:
      return new ApiError(ApiErrorCode.NotFound, messages.join('; '));
    case 409:
      return new ApiError(ApiErrorCode.Conflict, messages.join('; '));
    case 413:
      return new ApiError(ApiErrorCode.PayloadTooLarge, messages.join('; '));
    case 415:
      return new ApiError(ApiErrorCode.UnsupportedMediaType, messages.join('; '));
    case 429:
      return new ApiError(ApiErrorCode.Overloaded, messages.join('; '));
    default:
      return status >= 500 ? new ApiError(ApiErrorCode.Internal, 'Internal server error') : ApiError.validation([], messages.join('; '));
  }
}
