/** Most points one series answer carries. */
export const MAX_SERIES_POINTS = 1440;

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
