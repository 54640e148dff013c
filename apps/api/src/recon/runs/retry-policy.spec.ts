import { nextRetry } from './retry-policy';

describe(nextRetry.name, () => {
  const now = new Date('2026-11-20T00:00:00Z');
  const transient = { code: 'connection_failed', message: 'refused', retryable: true };

  it('retries transient failures with a doubling delay, up to the limit', () => {
    expect(nextRetry(transient, 1, 2, 60, now)).toEqual(new Date('2026-11-20T00:01:00Z'));
    expect(nextRetry(transient, 2, 2, 60, now)).toEqual(new Date('2026-11-20T00:02:00Z'));
    expect(nextRetry(transient, 3, 2, 60, now)).toBeNull();
    expect(nextRetry(transient, 1, 0, 60, now)).toBeNull();
  });

  it('never retries what a retry cannot fix', () => {
    expect(nextRetry({ code: 'read_only_violation', message: 'x', retryable: false }, 1, 5, 60, now)).toBeNull();
  });
});
