import { type FlowSloDto } from '@closewatch/contracts/catalog';
import { type BatchStatusInput, duration, flowStatus, type StatusInput } from './sync-status';

const now = new Date('2026-11-20T12:00:00.000Z');
const slo: FlowSloDto = { maxLagSeconds: 900, scheduleCron: null, scheduleTimezone: 'UTC', graceSeconds: 0 };
const ago = (s: number) => new Date(now.getTime() - s * 1000).toISOString();

function input(m: Partial<StatusInput['measures']> = {}, batch: BatchStatusInput | null = null): StatusInput {
  return {
    now,
    slo,
    batch,
    measures: {
      windowSeconds: 3600,
      hops: 100,
      errors: 0,
      errorRate: 0,
      duplicateRate: 0,
      deadLetters: 0,
      recordsPosted: 20,
      lastPostedAt: ago(30),
      lagSeconds: { p50: 10, p95: 60, p99: 120 },
      inFlight: { count: 3, pastSlo: 0, oldestEmittedAt: ago(100), oldestAgeSeconds: 100 },
      ...m,
    },
  };
}

const batch = (over: Partial<BatchStatusInput> = {}): BatchStatusInput => ({
  lastRunFailed: null,
  overdue: [],
  missedInWindow: 0,
  failedRunsInWindow: 0,
  ...over,
});

describe(flowStatus.name, () => {
  it('is healthy within the SLO, saying so with the lag', () => {
    const r = flowStatus(input());
    expect(r).toEqual({
      status: 'healthy',
      reason: 'lag p95 60s within the SLO of 15m',
      reasons: [{ status: 'healthy', code: 'within_slo', message: 'lag p95 60s within the SLO of 15m' }],
    });
  });

  it('is healthy with no activity when nothing happened in the window', () => {
    const r = flowStatus(
      input({
        hops: 0,
        recordsPosted: 0,
        lagSeconds: { p50: null, p95: null, p99: null },
        inFlight: { count: 0, pastSlo: 0, oldestEmittedAt: null, oldestAgeSeconds: null },
      }),
    );
    expect(r.status).toBe('healthy');
    expect(r.reasons.map((x) => x.code)).toEqual(['no_activity']);
  });

  it('is degraded by records in flight past the SLO while postings continue', () => {
    const r = flowStatus(input({ inFlight: { count: 5, pastSlo: 2, oldestEmittedAt: ago(1800), oldestAgeSeconds: 1800 } }));
    expect(r.status).toBe('degraded');
    expect(r.reason).toBe('2 records in flight past the SLO of 15m (oldest 30m)');
  });

  it('is stale when records wait past the SLO and nothing was posted for longer than the SLO', () => {
    const r = flowStatus(input({ lastPostedAt: ago(2000), inFlight: { count: 5, pastSlo: 1, oldestEmittedAt: ago(1800), oldestAgeSeconds: 1800 } }));
    expect(r.status).toBe('stale');
    expect(r.reason).toBe('nothing posted for 33m while 1 record waits past the SLO of 15m');
    expect(r.reasons.map((x) => x.code)).toEqual(['no_posting_while_delayed', 'in_flight_past_slo']);
  });

  it('is stale when nothing was ever posted and a record waits past the SLO', () => {
    const r = flowStatus(
      input({ lastPostedAt: null, recordsPosted: 0, inFlight: { count: 1, pastSlo: 1, oldestEmittedAt: ago(1000), oldestAgeSeconds: 1000 } }),
    );
    expect(r.reasons[0]).toMatchObject({ status: 'stale', code: 'no_posting_while_delayed', message: expect.stringContaining('nothing ever posted') });
  });

  it('is degraded when lag p95 is above the SLO', () => {
    expect(flowStatus(input({ lagSeconds: { p50: 100, p95: 901, p99: 2000 } })).reasons.map((x) => x.code)).toEqual(['lag_above_slo']);
    expect(flowStatus(input({ lagSeconds: { p50: 100, p95: 900, p99: 2000 } })).status).toBe('healthy');
  });

  it('is degraded by errors below half, failing at half or more', () => {
    expect(flowStatus(input({ errors: 49, errorRate: 0.49 }))).toMatchObject({ status: 'degraded', reason: '49 of 100 hops failed in the window (49%)' });
    const failing = flowStatus(input({ errors: 50, errorRate: 0.5 }));
    expect(failing).toMatchObject({ status: 'failing', reason: '50 of 100 hops failed in the window (50%)' });
    expect(failing.reasons.map((x) => x.code)).toEqual(['error_rate_high']);
  });

  it('is degraded by dead letters and by more than 5% duplicates', () => {
    expect(flowStatus(input({ errors: 1, errorRate: 0.01, deadLetters: 1 })).reasons.map((x) => x.code)).toEqual(['errors_in_window', 'dead_letters']);
    expect(flowStatus(input({ duplicateRate: 0.06 })).reasons.map((x) => x.code)).toEqual(['duplicates_high']);
    expect(flowStatus(input({ duplicateRate: 0.05 })).status).toBe('healthy');
    expect(flowStatus(input({ duplicateRate: null })).status).toBe('healthy');
  });

  it('batch: failing when the last finished run failed', () => {
    const r = flowStatus(input({}, batch({ lastRunFailed: { runId: 'R-7', at: new Date(ago(60)), entity: 'DE01' }, failedRunsInWindow: 1 })));
    expect(r.status).toBe('failing');
    expect(r.reason).toBe('the last run R-7 (DE01) failed at 2026-11-20T11:59:00.000Z');
    // The failed run is said once, as the last run, not again as a failed run in the window.
    expect(r.reasons.map((x) => x.code)).toEqual(['last_run_failed']);
  });

  it('batch: stale when an expected run did not start and none succeeded since, per entity', () => {
    const r = flowStatus(input({}, batch({ overdue: [{ entity: 'US01', expectedAt: new Date('2026-11-20T11:00:00Z') }], missedInWindow: 1 })));
    expect(r.status).toBe('stale');
    expect(r.reason).toBe('no run started for the run expected at 2026-11-20T11:00:00.000Z for US01 (grace 0s) and none succeeded since');
    expect(r.reasons.map((x) => x.code)).toEqual(['no_successful_run_since_expected', 'missed_runs']);
  });

  it('batch: degraded by missed or failed runs in the window that have recovered', () => {
    expect(flowStatus(input({}, batch({ missedInWindow: 2 })))).toMatchObject({ status: 'degraded', reason: '2 expected runs missed in the window' });
    expect(flowStatus(input({}, batch({ failedRunsInWindow: 1 })))).toMatchObject({ status: 'degraded', reason: '1 run failed in the window' });
  });

  it('batch flows are not stale from in-flight records alone (their freshness is the run)', () => {
    const r = flowStatus(input({ lastPostedAt: null, inFlight: { count: 1, pastSlo: 1, oldestEmittedAt: ago(1000), oldestAgeSeconds: 1000 } }, batch()));
    expect(r.status).toBe('degraded');
  });

  it('lists every reason, worst first, keeping rule order within a status', () => {
    const r = flowStatus(
      input(
        { errors: 60, errorRate: 0.6, deadLetters: 2, inFlight: { count: 4, pastSlo: 1, oldestEmittedAt: ago(1000), oldestAgeSeconds: 1000 } },
        batch({ overdue: [{ entity: null, expectedAt: new Date(ago(4000)) }] }),
      ),
    );
    expect(r.reasons.map((x) => [x.status, x.code])).toEqual([
      ['failing', 'error_rate_high'],
      ['stale', 'no_successful_run_since_expected'],
      ['degraded', 'in_flight_past_slo'],
      ['degraded', 'dead_letters'],
    ]);
  });
});

describe(duration.name, () => {
  it('reads coarse durations', () => {
    expect([duration(0), duration(119), duration(120), duration(7199), duration(7200), duration(7500), duration(172800), duration(190800)]).toEqual([
      '0s',
      '119s',
      '2m',
      '119m',
      '2h',
      '2h 5m',
      '2d',
      '2d 5h',
    ]);
  });

  describe('source silence (maxSilenceSeconds)', () => {
    const watched: FlowSloDto = { ...slo, maxSilenceSeconds: 3600 };
    const created = new Date('2026-11-01T00:00:00.000Z');
    const silent = (lastHopSecondsAgo: number | null, over: Partial<StatusInput> = {}) =>
      flowStatus({
        ...input({ hops: 0, recordsPosted: 0, lastPostedAt: null, lagSeconds: { p50: null, p95: null, p99: null } }),
        slo: watched,
        source: { lastHopAt: lastHopSecondsAgo === null ? null : new Date(ago(lastHopSecondsAgo)), createdAt: created },
        ...over,
      });

    it('is stale with source_silent once no hop came for longer than the threshold, naming the duration and the last hop', () => {
      const r = silent(5400);
      expect(r.status).toBe('stale');
      expect(r.reasons[0]).toEqual({
        status: 'stale',
        code: 'source_silent',
        message: `no hop for 90m, past the threshold of 60m; the last hop was at ${ago(5400)}`,
      });
      expect(r.reason).toBe(r.reasons[0]!.message);
    });

    it('is not stale at or within the threshold', () => {
      expect(silent(3600).reasons.map((x) => x.code)).not.toContain('source_silent');
      expect(silent(60).status).not.toBe('stale');
    });

    it('counts a flow that never had a hop as silent since its creation, not since forever', () => {
      expect(silent(null).reasons[0]!.message).toBe(
        `no hop for 19d 12h, past the threshold of 60m; no hop since the flow was created at ${created.toISOString()}`,
      );
      const fresh = new Date(now.getTime() - 600_000);
      expect(silent(null, { source: { lastHopAt: null, createdAt: fresh } }).status).not.toBe('stale');
    });

    it('is off without a threshold, and for scheduled flows', () => {
      expect(silent(86_400 * 3, { slo }).status).toBe('healthy');
      expect(silent(86_400 * 3, { slo: { ...watched, scheduleCron: '0 2 * * *' } }).status).toBe('healthy');
    });
  });
});
