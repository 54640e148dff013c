import { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ApiError, ApiErrorCode } from '../common/api-error';

/** The write endpoints whose concurrency is bounded (before their bodies are read). */
export const INGEST_PATHS: readonly string[] = ['/v1/traces', '/api/v1/events', '/api/v1/runs'];

/**
 * Load shedding for ingest: at most `maxConcurrent` ingest requests are in flight; the next one
 * is answered 429 with Retry-After at once, without reading its body, so a burst degrades into
 * client retries (OTLP exporters retry 429) instead of unbounded memory and queueing.
 */
export function ingestAdmission(maxConcurrent: number, retryAfterSeconds: number): RequestHandler {
  let inFlight = 0;
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !INGEST_PATHS.includes(normalisePath(req.path))) return next();
    if (inFlight >= maxConcurrent) {
      return next(
        new ApiError(ApiErrorCode.Overloaded, `Too many ingest requests in flight (limit ${maxConcurrent}); retry after ${retryAfterSeconds}s`, undefined, retryAfterSeconds),
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

function normalisePath(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1).toLowerCase() : path.toLowerCase();
}
