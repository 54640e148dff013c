import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { type Request, type Response } from 'express';
import { type ApiErrorBody } from '@closewatch/contracts/errors';
import { ApiErrorCode, httpStatusOf } from './api-error';
import { toApiError } from './to-api-error';

/** Custom renderers for paths with their own error format (OTLP answers a google.rpc.Status). */
export type ErrorRenderer = (req: Request, res: Response, status: number, message: string, retryAfter?: number) => boolean;

/** The one place errors become HTTP answers: `{ error: { code, message, details } }`, never a stack. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(
    private readonly renderers: ErrorRenderer[] = [],
    /** Retry-After for 429/503 answers that do not set their own. */
    private readonly defaultRetryAfter = 2,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const err = toApiError(exception);
    const status = httpStatusOf(err.code);
    if (err.code === ApiErrorCode.Internal) {
      this.logger.error({ msg: 'unhandled error', method: req.method, path: req.path, err: describe(exception) });
    }
    if (res.headersSent) return;
    // A body left unread (refused before reading: 401, 429, 413, 408) would otherwise be read
    // to its end and discarded to keep the connection; closing it cuts the upload instead.
    if (!req.complete) res.setHeader('Connection', 'close');
    const retryAfter = err.retryAfter ?? (status === 429 || status === 503 ? this.defaultRetryAfter : undefined);
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    for (const render of this.renderers) if (render(req, res, status, err.message, retryAfter)) return;
    const body: ApiErrorBody = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
    res.status(status).json(body);
  }
}

function describe(e: unknown): unknown {
  return e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : e;
}
