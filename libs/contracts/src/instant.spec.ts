import { businessEventSchema } from './events';
import { isoInstant } from './instant';
import { runReportSchema } from './runs';

describe('isoInstant', () => {
  it('accepts ordinary times with offsets', () => {
    expect(isoInstant().safeParse('2026-11-20T10:00:00+01:00').success).toBe(true);
    expect(isoInstant().safeParse('0001-01-01T00:00:00Z').success).toBe(true);
  });

  it('refuses times PostgreSQL cannot store (year 0000, or year 0 once in UTC)', () => {
    expect(isoInstant().safeParse('0000-01-01T00:00:00Z').success).toBe(false);
    expect(isoInstant().safeParse('0001-01-01T00:00:00+14:00').success).toBe(false);
  });

  it('names one problem for a time that is not ISO 8601 at all', () => {
    const r = isoInstant().safeParse('yesterday');
    expect(r.success ? [] : r.error.issues).toHaveLength(1);
  });

  it('is what events and run reports check their times with', () => {
    const event = { id: 'e1', flow: 'f', recordKey: 'k', stage: 'emitted', system: 's', occurredAt: '0000-01-01T00:00:00Z' };
    expect(businessEventSchema.safeParse(event).success).toBe(false);
    const run = { flow: 'f', runId: 'r', status: 'succeeded', startedAt: '0000-06-01T00:00:00Z', finishedAt: '2026-11-20T10:00:00Z' };
    expect(runReportSchema.safeParse(run).success).toBe(false);
  });
});
