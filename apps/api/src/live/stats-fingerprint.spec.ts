import { type FlowIngestStats, type IngestStatsResponse } from '@closewatch/contracts/telemetry';
import { statsFingerprint } from './stats-fingerprint';

const flow: FlowIngestStats = {
  flow: 'coupa-to-netsuite-invoices',
  registered: true,
  name: 'Coupa to NetSuite invoices',
  windowSeconds: 300,
  hops: 10,
  errors: 1,
  duplicates: 0,
  runs: 0,
  failedRuns: 0,
  throughputPerMinute: 2,
  errorRate: 0.1,
  lastHopAt: '2026-11-20T10:00:00.000Z',
  lastHopStage: 'posted',
  lastHopRecordKey: 'INV-1',
  health: 'degraded',
};
const stats = (flows: FlowIngestStats[], generatedAt = '2026-11-20T10:00:01.000Z'): IngestStatsResponse => ({ windowSeconds: 300, generatedAt, flows });

describe(statsFingerprint.name, () => {
  it('ignores when the stats were computed', () => {
    expect(statsFingerprint(stats([flow], '2026-11-20T10:00:03.000Z'))).toBe(statsFingerprint(stats([flow])));
  });

  it('changes when a counter, a health or the last hop changes', () => {
    const base = statsFingerprint(stats([flow]));
    expect(statsFingerprint(stats([{ ...flow, hops: 11 }]))).not.toBe(base);
    expect(statsFingerprint(stats([{ ...flow, health: 'failing' }]))).not.toBe(base);
    expect(statsFingerprint(stats([{ ...flow, lastHopRecordKey: 'INV-2' }]))).not.toBe(base);
  });

  it('changes when a flow appears', () => {
    expect(statsFingerprint(stats([flow, { ...flow, flow: 'new-flow', registered: false, name: null }]))).not.toBe(statsFingerprint(stats([flow])));
  });
});
