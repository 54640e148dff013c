/**
 * What a receiver's answer means for a notification, pure: 2xx delivered (PagerDuty answers
 * 202); 429, 5xx, 408 and network errors retried with exponential backoff that honours
 * `Retry-After`; any other 4xx (400 first) failed at once with the receiver's message.
 */
export type Outcome = { kind: 'delivered' } | { kind: 'retry'; delayMs: number } | { kind: 'failed' };

export interface RetrySettings {
  /** First retry delay; doubled per attempt. */
  baseDelayMs: number;
  /** Largest backoff (and largest Retry-After honoured). */
  maxDelayMs: number;
  /** After this long since creation a notification that still fails is failed for good. */
  giveUpAfterMs: number;
}

/** Seconds or an HTTP date, as `Retry-After` carries them; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** Backoff before attempt `attempts + 1`: base × 2^(attempts − 1), capped. */
export function backoffMs(attempts: number, s: RetrySettings): number {
  return Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** Math.max(0, Math.min(30, attempts - 1)));
}

export function outcomeOf(
  answer: { statusCode: number | null; retryAfter: string | null },
  attempts: number,
  createdAt: Date,
  now: Date,
  s: RetrySettings,
): Outcome {
  const code = answer.statusCode;
  if (code !== null && code >= 200 && code < 300) return { kind: 'delivered' };
  const retryable = code === null || code === 408 || code === 429 || code >= 500;
  if (!retryable) return { kind: 'failed' };
  if (now.getTime() - createdAt.getTime() >= s.giveUpAfterMs) return { kind: 'failed' };
  const asked = retryAfterMs(answer.retryAfter, now);
  const delayMs = asked !== null ? Math.min(s.maxDelayMs, Math.max(asked, 0)) : backoffMs(attempts, s);
  return { kind: 'retry', delayMs };
}
