import { type IngestStatsPoint } from '@closewatch/contracts/telemetry';

/** The steps of a series: `count` steps of `stepSeconds`, the last one holding `now`. */
export interface SeriesFrame {
  stepSeconds: number;
  /** epoch seconds of the first step's start */
  firstStart: number;
  count: number;
}

/**
 * Steps aligned to multiples of the step since the epoch (so a chart's buckets do not shift as
 * time passes), enough of them to cover the window, the last one being the current one.
 */
export function seriesFrame(now: Date, windowSeconds: number, stepSeconds: number): SeriesFrame {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const lastStart = Math.floor(nowSeconds / stepSeconds) * stepSeconds;
  const count = Math.ceil(windowSeconds / stepSeconds);
  return { stepSeconds, firstStart: lastStart - (count - 1) * stepSeconds, count };
}

/** Sums of the counters of one step, keyed by the step's start in epoch seconds. */
export interface StepSums extends Omit<IngestStatsPoint, 'at'> {
  stepStart: number;
}

/** One point per step of the frame, oldest first; steps with no counters are zeros. */
export function fillSeries(frame: SeriesFrame, sums: readonly StepSums[]): IngestStatsPoint[] {
  const byStart = new Map(sums.map((s) => [s.stepStart, s]));
  return Array.from({ length: frame.count }, (_, i) => {
    const start = frame.firstStart + i * frame.stepSeconds;
    const s = byStart.get(start);
    return {
      at: new Date(start * 1000).toISOString(),
      hops: s?.hops ?? 0,
      errors: s?.errors ?? 0,
      duplicates: s?.duplicates ?? 0,
      runs: s?.runs ?? 0,
      failedRuns: s?.failedRuns ?? 0,
    };
  });
}

export function frameEnd(frame: SeriesFrame): number {
  return frame.firstStart + frame.count * frame.stepSeconds;
}
