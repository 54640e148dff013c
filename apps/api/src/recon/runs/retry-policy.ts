import { type ReconRunErrorDto } from '@closewatch/contracts/recon';

/**
 * Retries of failed runs (CLOSEWATCH_RECON_RETRIES, CLOSEWATCH_RECON_RETRY_DELAY_SECONDS): a run
 * that failed for a retryable reason (connection lost, timeout, HTTP 5xx) is queued again until
 * `retries` retries were made, the n-th retry after base × 2^(n−1) seconds. Failures a retry
 * cannot fix (a query error, a write attempt, bad input) are not retried.
 */
export function nextRetry(error: ReconRunErrorDto, attempt: number, retries: number, baseDelaySeconds: number, now: Date): Date | null {
  if (!error.retryable || attempt > retries) return null;
  const delaySeconds = baseDelaySeconds * 2 ** (attempt - 1);
  return new Date(now.getTime() + Math.min(delaySeconds, 86_400) * 1000);
}
