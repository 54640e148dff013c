import { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ApiError, ApiErrorCode } from '../common/api-error';

/**
 * Load shedding for ingest: at most `maxConcurrent` ingest requests are in flight; the next one
 * is answered 429 with Retry-After at once, without reading its body, so a burst degrades into
 * client retries (OTLP exporters retry 429) instead of unbounded memory and queueing. Applied by
 * RequestBodyInterceptor to routes with ingest-key access, after authentication, so anonymous
 * requests never hold a slot.
 */
export function ingestAdmission(maxConcurrent: number, retryAfterSeconds: number): RequestHandler {
  let inFlight = 0;
  return (_req: Request, res: Response, next: NextFunction) => {
    if (inFlight >= maxConcurrent) {
      return next(
        new ApiError(
          ApiErrorCode.Overloaded,
          `Too many ingest requests in flight (limit ${maxConcurrent}); retry after ${retryAfterSeconds}s`,
          undefined,
          retryAfterSeconds,
        ),
      );
    }
    inFlight++;
    let released = false;
    // 'close' follows 'finish', and also comes when the client goes away mid-request.
    res.once('close', () => {
      if (released) return;
      released = true;
      inFlight--;
    });
    next();
  };
}
