import { type ApiErrorBody, type ApiErrorDetail } from '@closewatch/contracts/errors';

/** A failed API call with the server's own explanation (`{error: {code, message, details}}`). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }

  /** The message with the fields it names, as one line for the user. */
  describe(): string {
    if (!this.details.length) return this.message;
    const fields = this.details.map((d) => `${d.field} ${d.message}`).join('; ');
    return this.message.includes(fields) ? this.message : `${this.message} (${fields})`;
  }
}

/** Builds the error of a failed answer from its JSON body, or from its status when there is none. */
export function errorFromResponse(status: number, statusText: string, body: unknown): ApiRequestError {
  const err = (body as Partial<ApiErrorBody> | null)?.error;
  if (err && typeof err.message === 'string') {
    return new ApiRequestError(status, typeof err.code === 'string' ? err.code : `http_${status}`, err.message, Array.isArray(err.details) ? err.details : []);
  }
  return new ApiRequestError(status, `http_${status}`, `The server answered ${status}${statusText ? ` ${statusText}` : ''}`);
}

/** The text to show for anything thrown by a fetcher. */
export function errorText(e: unknown): string {
  if (e instanceof ApiRequestError) return e.describe();
  if (e instanceof TypeError) return 'Cannot reach the Closewatch server; check the connection and try again';
  return e instanceof Error ? e.message : String(e);
}
