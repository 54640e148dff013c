import { CronExpressionParser } from 'cron-parser';
import { ENTITY_CURRENCY, type BatchFlowSpec } from './flows';
import { eventId, periodOf } from './journey';
import { type BatchRunPlan, type PlannedHop } from './model';
import { randomAmount } from './money';
import { Random } from './random';

/** The latest time at or before `now` when the cron schedule (UTC) expects a run. */
export function latestSlot(cron: string, now: Date): Date {
  const expr = CronExpressionParser.parse(cron, { currentDate: new Date(now.getTime() + 1000), tz: 'UTC' });
  return expr.prev().toDate();
}

function stamp(at: Date): string {
  // 2026-11-22T02:00:00.000Z -> 20261122-0200
  const iso = at.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}`;
}

/**
 * One batch run of a flow for one entity and schedule slot. Deterministic for (seed, flow,
 * entity, slot). With the late-batch fault the run starts well after its grace period, or
 * does not run at all (startAt null).
 */
export function planBatchRun(spec: BatchFlowSpec, entity: string, slot: Date, seed: number, faultRate: number): BatchRunPlan {
  const rng = new Random(`${seed}|${spec.id}|${entity}|${slot.toISOString()}`);
  const late = rng.chance(faultRate);
  const missing = late && rng.chance(0.5);
  const delaySeconds = late ? spec.graceSeconds + rng.int(Math.ceil(spec.graceSeconds / 2), spec.graceSeconds * 3) : rng.int(5, 90);
  const startAt = missing ? null : new Date(slot.getTime() + delaySeconds * 1000);
  const durationMs = rng.int(spec.durationSeconds.min, spec.durationSeconds.max) * 1000;
  const finishAt = startAt ? new Date(startAt.getTime() + durationMs) : null;
  const rowsRead = rng.int(spec.rows.min, spec.rows.max);
  const rowsRejected = rng.chance(0.2) ? rng.int(1, 12) : 0;
  const runId = `${spec.runPrefix}-${entity}-${stamp(slot)}`;
  const period = periodOf(slot);
  const currency = ENTITY_CURRENCY[entity] ?? 'USD';
  const amount = randomAmount(rng, spec.amount.min, spec.amount.max);
  const recordKey = `${spec.recordKeyPrefix}-${entity}-${stamp(slot)}`;
  const hop = (offsetMs: number, stage: PlannedHop['stage'], system: string, name: string, mapped: boolean): PlannedHop => ({
    offsetMs,
    flow: spec.id,
    recordKey,
    recordType: 'actuals_batch',
    stage,
    system,
    status: 'ok',
    amount,
    currency,
    entity,
    period,
    dataStatus: stage === 'emitted' ? 'preliminary' : 'posted',
    mappingVersion: mapped ? spec.mappingVersion : null,
    batchId: runId,
    error: null,
    name,
    durationMs: stage === 'emitted' ? Math.min(durationMs, rng.int(5_000, 30_000)) : rng.int(2_000, 20_000),
    attributes: { 'batch.rows.read': rowsRead, 'batch.rows.rejected': rowsRejected },
    call: null,
    resendOf: null,
    eventId: eventId(rng),
  });
  return {
    scenario: spec.scenario,
    flow: spec.id,
    transport: spec.transport,
    runId,
    entity,
    period,
    scheduledAt: slot,
    startAt,
    finishAt,
    rowsRead,
    rowsWritten: rowsRead - rowsRejected,
    rowsRejected,
    watermark: slot.toISOString(),
    fault: late ? 'late_batch' : null,
    hops: [hop(0, 'emitted', spec.sourceSystem, spec.sourceStep, false), hop(durationMs, spec.targetStage, spec.targetSystem, spec.targetStep, true)],
  };
}
