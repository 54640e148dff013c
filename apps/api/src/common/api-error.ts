import { type ApiErrorDetail } from '@closewatch/contracts/errors';

export enum ApiErrorCode {
  ValidationFailed = 'validation_failed',
  MalformedBody = 'malformed_body',
  PayloadTooLarge = 'payload_too_large',
  RequestTimeout = 'request_timeout',
  UnsupportedMediaType = 'unsupported_media_type',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  Overloaded = 'overloaded',
  TooManyAttempts = 'too_many_attempts',
  Unavailable = 'unavailable',
  Internal = 'internal_error',
}

/** A failure the API explains to its caller; mapped to HTTP once, in ApiErrorFilter. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: ApiErrorDetail[],
    /** seconds, for Overloaded/TooManyAttempts/Unavailable answers */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  static validation(details: ApiErrorDetail[], message?: string): ApiError {
    const fields = details.map((d) => d.field).join(', ');
    return new ApiError(ApiErrorCode.ValidationFailed, message ?? `Invalid request: ${fields}`, details);
  }

  static field(field: string, message: string): ApiError {
    return ApiError.validation([{ field, message }], `${field} ${message}`);
  }

  static notFound(what: string): ApiError {
    return new ApiError(ApiErrorCode.NotFound, `${what} not found`);
  }
}

export function httpStatusOf(code: ApiErrorCode): number {
  switch (code) {
    case ApiErrorCode.ValidationFailed:
    case ApiErrorCode.MalformedBody:
      return 400;
    case ApiErrorCode.Unauthenticated:
      return 401;
    case ApiErrorCode.Forbidden:
      return 403;
    case ApiErrorCode.NotFound:
      return 404;
    case ApiErrorCode.RequestTimeout:
      return 408;
    case ApiErrorCode.Conflict:
      return 409;
    case ApiErrorCode.PayloadTooLarge:
      return 413;
    case ApiErrorCode.UnsupportedMediaType:
      return 415;
    case ApiErrorCode.Overloaded:
    case ApiErrorCode.TooManyAttempts:
      return 429;
    case ApiErrorCode.Unavailable:
      return 503;
    case ApiErrorCode.Internal:
      return 500;
  }
}
