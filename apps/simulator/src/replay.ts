import { type RecordFlowSpec } from './flows';
import { eventId, hopOfStep, type RecordData } from './journey';
import { type PlannedHop, type RecordJourney } from './model';
import { type Random } from './random';

/** The hop attribute naming the replay request a step answers (DESIGN: `finance.replay.id`). */
export const REPLAY_ID_ATTRIBUTE = 'finance.replay.id';

/** Attributes of a failed attempt that a new attempt does not carry. */
const ATTEMPT_ATTRIBUTES = ['delivery.attempt'];

/** The step a failed record is sent again from: the step that failed, or the delivery into the target after a dead letter. */
export function restartStep(spec: RecordFlowSpec, failed: PlannedHop): number {
  const stage = failed.stage === 'failed' || failed.stage === 'dead_lettered' ? 'posted' : failed.stage;
  const i = spec.path.findIndex((t) => t.stage === stage);
  return i >= 0 ? i : spec.path.length - 1;
}

/** The first step of the record that failed, or undefined when none did. */
export function failedHop(journey: RecordJourney): PlannedHop | undefined {
  return journey.hops.find((h) => h.status === 'error');
}

/**
 * What the demo middleware sends when Closewatch asks it to replay a failed record: a
 * `replayed` step by the deliverer, then the rest of the flow's path from the step that failed
 * (all the way to the posting), or, when the replay fails, that same error again. Every step
 * carries `finance.replay.id`, so Closewatch links it to the request. Offsets are from the
 * replay's start. Throws when the record did not fail.
 */
export function planReplay(spec: RecordFlowSpec, journey: RecordJourney, replayRequestId: string, succeed: boolean, rng: Random): PlannedHop[] {
  const failed = failedHop(journey);
  if (!failed) throw new Error(`record ${journey.recordKey} of ${journey.flow} did not fail: nothing to replay`);
  const attributes: Record<string, string | number> = { ...failed.attributes, [REPLAY_ID_ATTRIBUTE]: replayRequestId };
  for (const a of ATTEMPT_ATTRIBUTES) delete attributes[a];
  const data: RecordData = {
    recordKey: journey.recordKey,
    amount: failed.amount,
    currency: failed.currency,
    entity: failed.entity,
    period: failed.period,
    attributes,
  };
  const from = restartStep(spec, failed);
  const mappedBefore = spec.path.slice(0, from).some((t) => t.mapped);
  let offsetMs = 0;
  const hops: PlannedHop[] = [
    {
      ...hopOfStep(spec, spec.path[from]!, data, offsetMs, mappedBefore || spec.path[from]!.mapped, rng),
      stage: 'replayed',
      system: spec.deliverer,
      name: `replay on request ${replayRequestId}`,
      dataStatus: null,
      call: null,
    },
  ];
  if (!succeed) {
    offsetMs += rng.int(200, 1200);
    hops.push({ ...failed, offsetMs, attributes: { ...attributes }, resendOf: null, eventId: eventId(rng), durationMs: rng.int(50, 400) });
    return hops;
  }
  let mapped = mappedBefore;
  for (const t of spec.path.slice(from)) {
    offsetMs += rng.int(t.afterMs[0], t.afterMs[1]);
    mapped ||= t.mapped;
    hops.push(hopOfStep(spec, t, data, offsetMs, mapped, rng));
  }
  return hops;
}
