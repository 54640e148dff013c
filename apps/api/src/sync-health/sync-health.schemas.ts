import { z } from 'zod';
import { SYNC_DATA_STATUSES } from '@closewatch/contracts/sync-health';
import { pageQuerySchema } from '../common/pagination';
import { onlyKnownParams, optionalParam, wholeNumberParam } from '../common/query-params';
import { MAX_SERIES_POINTS } from './series-steps';

export const MIN_WINDOW_SECONDS = 60;
export const MAX_WINDOW_SECONDS = 30 * 86_400;
export const MIN_STEP_SECONDS = 10;

const seconds = (min: number, max: number) => optionalParam(wholeNumberParam(min, max));

const dataStatus = optionalParam(z.enum(SYNC_DATA_STATUSES));

/** Without windowSeconds the configured default (CLOSEWATCH_HEALTH_WINDOW_SECONDS) applies. */
export const healthQuerySchema = onlyKnownParams(z.object({ windowSeconds: seconds(MIN_WINDOW_SECONDS, MAX_WINDOW_SECONDS), dataStatus }));
export type HealthQueryInput = z.infer<typeof healthQuerySchema>;

export const healthListQuerySchema = onlyKnownParams(
  z.object({ windowSeconds: seconds(MIN_WINDOW_SECONDS, MAX_WINDOW_SECONDS), dataStatus, ...pageQuerySchema.shape }),
);
export type HealthListQueryInput = z.infer<typeof healthListQuerySchema>;

/** Without stepSeconds the window is cut into 60 steps (at least MIN_STEP_SECONDS each). */
export const lagSeriesQuerySchema = onlyKnownParams(
  z.object({ windowSeconds: seconds(MIN_WINDOW_SECONDS, MAX_WINDOW_SECONDS), stepSeconds: seconds(MIN_STEP_SECONDS, MAX_WINDOW_SECONDS), dataStatus }),
);
export type LagSeriesQueryInput = z.infer<typeof lagSeriesQuerySchema>;

export const inFlightQuerySchema = onlyKnownParams(z.object({ ...pageQuerySchema.shape, dataStatus }));
export type InFlightQuery = z.infer<typeof inFlightQuerySchema>;

export const MAX_RECORD_KEY_LENGTH = 500;

/** The step of a lag series: given, or the window in 60 steps; refused when it makes too many points. */
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
