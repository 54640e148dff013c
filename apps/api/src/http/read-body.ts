import { type Request, type RequestHandler, type Response } from 'express';
import { ApiError, ApiErrorCode } from '../common/api-error';

/** Runs an Express middleware (a body parser, admission) as a promise. */
export function runMiddleware(handler: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    void handler(req, res, (err?: unknown) => (err ? reject(err) : resolve()));
  });
}

/**
 * Reads a body with `parsers` (each takes only its own content types), refusing at once one
 * whose declared length is over `limit` and cutting one that has not fully arrived in
 * `timeoutMs`. The error filter closes the connection of a refused body, so the rest of it is
 * never read. Streamed bodies (CSV uploads) pass here too, for their `100 Continue`.
 */
export async function readBody(parsers: readonly RequestHandler[], req: Request, res: Response, limit: number, timeoutMs: number): Promise<void> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit)
    throw new ApiError(ApiErrorCode.PayloadTooLarge, `Request body is larger than the limit of ${limit} bytes`, [{ field: 'body', message: 'is too large' }]);
  // The server defers `100 Continue` to here (app.factory.ts): the caller passed authentication.
  if (/100-continue/i.test(req.headers.expect ?? '') && !res.headersSent) res.writeContinue();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ApiError(ApiErrorCode.RequestTimeout, `The request body did not arrive within ${timeoutMs / 1000}s`, [
            { field: 'body', message: 'arrived too slowly' },
          ]),
        ),
      timeoutMs,
    );
  });
  try {
    for (const parse of parsers) await Promise.race([runMiddleware(parse, req, res), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
