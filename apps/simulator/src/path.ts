import { type DataStatus, type Stage } from '@closewatch/contracts/finance';

export type Range = readonly [min: number, max: number];

export interface HopTemplate {
  stage: Stage;
  system: string;
  name: string;
  /** Delay after the previous step, ms (min, max). */
  afterMs: Range;
  /** Processing time of the step, ms (min, max). */
  durationMs: Range;
  dataStatus: DataStatus | null;
  /** The step applies the flow's mapping (this and every later step carry its version). */
  mapped: boolean;
  /** The step is the delivery into the target: an HTTP call from the previous system. */
  call?: { method: string; url: string };
}

/** How a step differs from the usual one: other timings, or the delivery into the target as a POST to `post`. */
export interface StepOptions {
  afterMs?: Range;
  durationMs?: Range;
  post?: string;
}

/** One row of a flow's table of steps: stage, system, step name, the data status it sets (null: none), options. */
export type Step = readonly [stage: Stage, system: string, name: string, dataStatus: DataStatus | null, options?: StepOptions];

/** A quick hand-over between systems, and the usual processing time of a step (ms). */
export const QUICK: Range = [150, 900];
export const WORK: Range = [20, 250];
/** A delivery into the target waits for the deliverer's next poll or batch. */
export const DELIVERY_AFTER: Range = [300, 1800];

/**
 * Walks a flow's table of steps into its path: the first step starts the record, a delivery
 * follows after DELIVERY_AFTER and any other step after QUICK; every step takes WORK unless its
 * row says otherwise; the mapping applies from the transformed step on.
 */
export function pathOf(steps: readonly Step[]): HopTemplate[] {
  let mapped = false;
  return steps.map(([stage, system, name, dataStatus, options = {}], i) => {
    mapped ||= stage === 'transformed';
    const afterMs = options.afterMs ?? (i === 0 ? ([0, 0] as const) : options.post ? DELIVERY_AFTER : QUICK);
    const hop: HopTemplate = { stage, system, name, afterMs, durationMs: options.durationMs ?? WORK, dataStatus, mapped };
    if (options.post) hop.call = { method: 'POST', url: options.post };
    return hop;
  });
}
