import { backoffMs, outcomeOf, retryAfterMs, type RetrySettings } from './retry-policy';

const settings: RetrySettings = { baseDelayMs: 2000, maxDelayMs: 600_000, giveUpAfterMs: 24 * 3_600_000 };
const now = new Date('2026-12-07T10:00:00Z');
const created = new Date('2026-12-07T09:59:00Z');
const answer = (statusCode: number | null, retryAfter: string | null = null) => ({ statusCode, retryAfter });

describe('outcomeOf', () => {
  it('delivers on 2xx (PagerDuty answers 202)', () => expect(outcomeOf(answer(202), 1, created, now, settings)).toEqual({ kind: 'delivered' }));
  it('fails 400 and every other 4xx but 408 and 429 at once', () => {
    for (const code of [400, 401, 403, 404, 413, 422]) expect(outcomeOf(answer(code), 1, created, now, settings).kind).toBe('failed');
  });
  it('retries 429, 5xx, 408 and network errors with exponential backoff', () => {
    expect(outcomeOf(answer(503), 1, created, now, settings)).toEqual({ kind: 'retry', delayMs: 2000 });
    expect(outcomeOf(answer(500), 3, created, now, settings)).toEqual({ kind: 'retry', delayMs: 8000 });
    expect(outcomeOf(answer(null), 2, created, now, settings)).toEqual({ kind: 'retry', delayMs: 4000 });
    expect(outcomeOf(answer(408), 1, created, now, settings).kind).toBe('retry');
  });
  it('honours Retry-After in seconds or as a date', () => {
    expect(outcomeOf(answer(429, '120'), 1, created, now, settings)).toEqual({ kind: 'retry', delayMs: 120_000 });
    expect(outcomeOf(answer(503, 'Mon, 07 Dec 2026 10:00:30 GMT'), 1, created, now, settings)).toEqual({ kind: 'retry', delayMs: 30_000 });
  });
  it('gives up once the notification is older than the limit', () => {
    expect(outcomeOf(answer(503), 40, new Date(now.getTime() - settings.giveUpAfterMs), now, settings).kind).toBe('failed');
  });
});

describe('backoffMs and retryAfterMs', () => {
  it('caps the backoff', () => expect(backoffMs(50, settings)).toBe(600_000));
  it('reads nothing from a missing or unreadable header', () => {
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});
