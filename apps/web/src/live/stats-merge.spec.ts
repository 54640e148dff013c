import { type FlowIngestStats, type IngestStatsResponse } from '@closewatch/contracts/telemetry';
import { newerStats, sortFlowsForOverview, statsTotals } from './stats-merge';

const flow = (id: string, over: Partial<FlowIngestStats> = {}): FlowIngestStats => ({
  flow: id,
  registered: true,
  name: id,
  windowSeconds: 300,
  hops: 0,
  errors: 0,
  duplicates: 0,
  runs: 0,
  failedRuns: 0,
  throughputPerMinute: 0,
  errorRate: 0,
  lastHopAt: null,
  lastHopStage: null,
  lastHopRecordKey: null,
  health: 'idle',
  ...over,
});
const stats = (generatedAt: string, flows: FlowIngestStats[] = []): IngestStatsResponse => ({ windowSeconds: 300, generatedAt, flows });

describe(newerStats.name, () => {
  it('keeps the answer computed last, whichever arrived last', () => {
    const older = stats('2026-11-20T10:00:00Z');
    const newer = stats('2026-11-20T10:00:02Z');
    expect(newerStats(older, newer)).toBe(newer);
    expect(newerStats(newer, older)).toBe(newer);
    expect(newerStats(undefined, older)).toBe(older);
  });
});

describe(statsTotals.name, () => {
  it('adds the counters of every flow and derives rates over the window', () => {
    const t = statsTotals(
      stats('2026-11-20T10:00:00Z', [
        flow('a', { hops: 20, errors: 5, duplicates: 1, health: 'degraded' }),
        flow('b', { hops: 10, health: 'healthy' }),
        flow('c'),
      ]),
    );
    expect(t).toEqual({ flows: 3, active: 2, hops: 30, errors: 5, duplicates: 1, throughputPerMinute: 6, errorRate: 5 / 30, unhealthy: 1 });
  });
});

describe(sortFlowsForOverview.name, () => {
  it('puts failing flows first and idle ones last', () => {
    const sorted = sortFlowsForOverview([
      flow('idle'),
      flow('ok', { health: 'healthy', hops: 3 }),
      flow('bad', { health: 'failing', hops: 1 }),
      flow('busy', { health: 'healthy', hops: 9 }),
    ]);
    expect(sorted.map((f) => f.flow)).toEqual(['bad', 'busy', 'ok', 'idle']);
  });
});
