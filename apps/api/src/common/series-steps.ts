/** Most points one series answer carries. */
export const MAX_SERIES_POINTS = 1440;
/** Shortest step of a series. */
export const MIN_STEP_SECONDS = 10;

export interface SeriesSteps {
  /** Start of the first step (inclusive). */
  start: Date;
  /** End of the last step (exclusive): the first multiple of the step after now. */
  end: Date;
  count: number;
}

/**
 * Steps of a chart over the last `windowSeconds`, aligned to multiples of `stepSeconds` since
 * the epoch (so two refreshes draw the same buckets); the last step contains now.
 */
export function seriesSteps(now: Date, windowSeconds: number, stepSeconds: number): SeriesSteps {
  const stepMs = stepSeconds * 1000;
  const end = (Math.floor(now.getTime() / stepMs) + 1) * stepMs;
  const count = Math.max(1, Math.ceil(windowSeconds / stepSeconds));
  return { start: new Date(end - count * stepMs), end: new Date(end), count };
}

/** The step of a series: given, or the window in 60 steps; refused when it makes too many points. */
export function seriesStep(windowSeconds: number, stepSeconds: number | undefined): { stepSeconds: number } | { error: string; field: string } {
  const step = stepSeconds ?? Math.max(MIN_STEP_SECONDS, Math.ceil(windowSeconds / 60));
  if (step > windowSeconds) return { field: 'stepSeconds', error: 'must not be longer than windowSeconds' };
  if (Math.ceil(windowSeconds / step) > MAX_SERIES_POINTS) {
    return {
      field: 'stepSeconds',
      error: `makes more than ${MAX_SERIES_POINTS} points over windowSeconds; use at least ${Math.ceil(windowSeconds / MAX_SERIES_POINTS)}`,
    };
  }
  return { stepSeconds: step };
}
