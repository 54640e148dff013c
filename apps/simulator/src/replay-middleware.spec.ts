import { FailedRecords } from './failed-records';
import { injectFault } from './faults';
import { RECORD_FLOWS, type RecordFlowSpec } from './flows';
import { planJourney } from './journey';
import { Random } from './random';
import { REPLAY_ID_ATTRIBUTE } from './replay';
import { ReplayMiddleware, type ScheduledReplay } from './replay-middleware';

const spec = RECORD_FLOWS.find((f) => f.id === 'coupa-to-oracle-invoices') as RecordFlowSpec;
const at = new Date('2026-11-22T10:00:00Z');

function setUp(successRate: number, keys: string[]) {
  const records = new FailedRecords();
  for (const key of keys) records.remember(injectFault(spec, planJourney(spec, key, at, new Random(key)), 'erp_outage', new Random(1)));
  const scheduled: ScheduledReplay[] = [];
  const mw = new ReplayMiddleware(records, { seed: 42, successRate, schedule: (r) => scheduled.push(r), now: () => 1_000_000 });
  return { records, scheduled, mw };
}
const ask = (recordKey: string, id = `req-${recordKey}`) => ({ replayRequestId: id, flow: spec.id, recordKey, deliveryId: `n-${id}` });

describe(ReplayMiddleware.name, () => {
  it('sends a remembered failed record again after a short pause, naming the request, and forgets it once posted', () => {
    const { records, scheduled, mw } = setUp(1, ['INV-1']);
    expect(mw.accept(ask('INV-1'))).toEqual({ status: 202 });
    expect(scheduled).toHaveLength(1);
    const r = scheduled[0]!;
    expect(r.transport).toBe(spec.transport);
    expect(r.startAt).toBeGreaterThanOrEqual(1_000_500);
    expect(r.startAt).toBeLessThanOrEqual(1_002_500);
    expect(r.hops.at(-1)).toMatchObject({ stage: 'posted', status: 'ok', attributes: expect.objectContaining({ [REPLAY_ID_ATTRIBUTE]: 'req-INV-1' }) });
    expect(records.find(spec.id, 'INV-1')).toBeUndefined();
    expect(mw.counts).toEqual({ accepted: 1, succeeded: 1, failed: 0, unknown: 0 });
  });

  it('fails again at the configured share, decided by the seed and the request id, and keeps the record for another try', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `INV-${i}`);
    const { records, scheduled, mw } = setUp(0.8, keys);
    for (const k of keys) mw.accept(ask(k));
    expect(mw.counts.failed + mw.counts.succeeded).toBe(200);
    expect(mw.counts.failed).toBeGreaterThan(20);
    expect(mw.counts.failed).toBeLessThan(60);
    expect(records.size).toBe(mw.counts.failed);
    expect(scheduled.filter((s) => s.hops.at(-1)!.status === 'error')).toHaveLength(mw.counts.failed);
    // The same seed and request id decide the same way.
    const again = setUp(0.8, keys);
    for (const k of keys) again.mw.accept(ask(k));
    expect(again.mw.counts).toEqual(mw.counts);
  });

  it('answers 404 naming the record it does not know', () => {
    const { scheduled, mw } = setUp(1, []);
    const answer = mw.accept(ask('INV-404'));
    expect(answer).toMatchObject({ status: 404, message: expect.stringContaining('INV-404') });
    expect(scheduled).toHaveLength(0);
    expect(mw.counts.unknown).toBe(1);
  });
});
