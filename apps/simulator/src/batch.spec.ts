import { businessEventSchema } from '@closewatch/contracts/events';
import { runReportSchema } from '@closewatch/contracts/runs';
import { latestSlot, planBatchRun } from './batch';
import { finishedReport, startedReport } from './dispatch';
import { BATCH_FLOWS, type BatchFlowSpec } from './flows';
import { eventOfHop } from './transports/event-of-hop';

const nightly = BATCH_FLOWS.find((f) => f.id === 'netsuite-to-anaplan-actuals') as BatchFlowSpec;
const hourly = BATCH_FLOWS.find((f) => f.id === 'sap-to-powerbi-costed-actuals') as BatchFlowSpec;

describe(latestSlot.name, () => {
  it('answers the latest scheduled time at or before now, in UTC', () => {
    expect(latestSlot('0 2 * * *', new Date('2026-11-22T10:00:00Z')).toISOString()).toBe('2026-11-22T02:00:00.000Z');
    expect(latestSlot('0 2 * * *', new Date('2026-11-22T01:59:59Z')).toISOString()).toBe('2026-11-21T02:00:00.000Z');
    expect(latestSlot('0 2 * * *', new Date('2026-11-22T02:00:00Z')).toISOString()).toBe('2026-11-22T02:00:00.000Z');
    expect(latestSlot('15 * * * *', new Date('2026-12-01T00:10:00Z')).toISOString()).toBe('2026-11-30T23:15:00.000Z');
  });
});

describe(planBatchRun.name, () => {
  const slot = new Date('2026-11-22T02:00:00Z');

  it('plans an on-time run shortly after its slot, with rows, period, entity and a two-step actuals_batch record', () => {
    const p = planBatchRun(nightly, 'US01', slot, 1, 0);
    expect(p.fault).toBeNull();
    expect(p.runId).toBe('NS-ANAPLAN-US01-20261122-0200');
    expect(p.period).toBe('2026-11');
    expect(p.entity).toBe('US01');
    const delay = p.startAt!.getTime() - slot.getTime();
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThanOrEqual(nightly.graceSeconds * 1000);
    expect(p.finishAt!.getTime()).toBeGreaterThan(p.startAt!.getTime());
    expect(p.rowsWritten + p.rowsRejected).toBe(p.rowsRead);
    expect(p.hops.map((h) => `${h.stage}@${h.system}`)).toEqual(['emitted@netsuite', 'posted@anaplan']);
    expect(p.hops.every((h) => h.recordType === 'actuals_batch' && h.batchId === p.runId && h.currency === 'USD')).toBe(true);
    expect(p.hops[1]!.offsetMs).toBe(p.finishAt!.getTime() - p.startAt!.getTime());
    expect(planBatchRun(hourly, 'DE01', slot, 1, 0).hops.map((h) => h.stage)).toEqual(['emitted', 'published']);
  });

  it('is deterministic for seed, flow, entity and slot', () => {
    expect(planBatchRun(nightly, 'UK01', slot, 5, 0.5)).toEqual(planBatchRun(nightly, 'UK01', slot, 5, 0.5));
    expect(planBatchRun(nightly, 'UK01', slot, 5, 0).runId).not.toBe(planBatchRun(nightly, 'DE01', slot, 5, 0).runId);
  });

  it('late batch: the run starts after its grace period, or does not run at all', () => {
    const plans = Array.from({ length: 200 }, (_, seed) => planBatchRun(hourly, 'MX01', slot, seed, 1));
    expect(plans.every((p) => p.fault === 'late_batch')).toBe(true);
    const missing = plans.filter((p) => p.startAt === null);
    const late = plans.filter((p) => p.startAt !== null);
    expect(missing.length).toBeGreaterThan(50);
    expect(late.length).toBeGreaterThan(50);
    for (const p of missing) expect(p.finishAt).toBeNull();
    for (const p of late) expect(p.startAt!.getTime() - slot.getTime()).toBeGreaterThan(hourly.graceSeconds * 1000);
  });

  it('reports valid run reports and valid events', () => {
    for (const spec of BATCH_FLOWS) {
      const p = planBatchRun(spec, spec.entities[0]!, slot, 3, 0);
      expect(runReportSchema.safeParse(startedReport(p)).error?.issues ?? []).toEqual([]);
      const done = finishedReport(p);
      expect(runReportSchema.safeParse(done).error?.issues ?? []).toEqual([]);
      expect(done).toMatchObject({ status: 'succeeded', rowsRead: p.rowsRead, rowsWritten: p.rowsWritten, rowsRejected: p.rowsRejected });
      for (const h of p.hops) expect(businessEventSchema.safeParse(eventOfHop(h, slot)).error?.issues ?? []).toEqual([]);
    }
  });
});
