import { type Logger } from '../log';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Backoff before the second attempt, doubled each time up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Statuses worth another try: overload, and gateways in front of a restarting server. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/** Retry-After as delta seconds or an HTTP date, in ms from `now`; undefined when absent or bad. */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** Exponential backoff with jitter in [50 %, 100 %] of the step; `jitter` is a draw in [0, 1). */
export function backoffDelay(attempt: number, policy: RetryPolicy, jitter: number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step * (0.5 + jitter / 2));
}

export interface PostResult<T> {
  ok: boolean;
  status: number;
  body: T | undefined;
  attempts: number;
  /** Why the request was given up (network error text, or the last status). */
  error?: string;
}

export interface PostOptions {
  policy?: RetryPolicy;
  /** Give up (without another wait) once waiting would pass this time, e.g. while shutting down. */
  deadline?: () => number | undefined;
  /** Names the request in log lines. */
  what: string;
}

/**
 * POSTs JSON with the ingest key. Retries 429/502/503/504 (honouring Retry-After) and network
 * errors with exponential backoff; returns the last response otherwise. Never throws.
 */
export async function postJson<T>(url: string, key: string, payload: unknown, log: Logger, options: PostOptions): Promise<PostResult<T>> {
  const policy = options.policy ?? DEFAULT_RETRY;
  const body = JSON.stringify(payload);
  let lastError = '';
  let lastStatus = 0;
  let attempt = 0;
  while (attempt < policy.maxAttempts) {
    attempt++;
    let wait: number;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      const parsed = parseBody<T>(text);
      if (res.ok) return { ok: true, status: res.status, body: parsed, attempts: attempt };
      lastStatus = res.status;
      lastError = errorText(parsed, text);
      if (!isRetryableStatus(res.status)) {
        log.log('error', 'http request refused', { what: options.what, url, status: res.status, error: lastError, attempt });
        return { ok: false, status: res.status, body: parsed, attempts: attempt, error: lastError };
      }
      wait = parseRetryAfter(res.headers.get('retry-after')) ?? backoffDelay(attempt, policy, Math.random());
      log.log('warn', 'http request will be retried', { what: options.what, url, status: res.status, retryInMs: wait, attempt });
    } catch (err) {
      lastStatus = 0;
      lastError = describe(err);
      wait = backoffDelay(attempt, policy, Math.random());
      log.log('warn', 'http request failed, will be retried', { what: options.what, url, error: lastError, retryInMs: wait, attempt });
    }
    if (attempt === policy.maxAttempts) break;
    const deadline = options.deadline?.();
    if (deadline !== undefined && Date.now() + wait > deadline) break;
    await new Promise((r) => setTimeout(r, wait));
  }
  log.log('error', 'http request given up', { what: options.what, url, status: lastStatus || undefined, error: lastError, attempts: attempt });
  return { ok: false, status: lastStatus, body: undefined, attempts: attempt, error: lastError };
}

function parseBody<T>(text: string): T | undefined {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function errorText(parsed: unknown, text: string): string {
  const e = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (e && typeof e === 'object') return `${String(e.code ?? '')}: ${String(e.message ?? '')}`;
  return text.slice(0, 300);
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
