import { z } from 'zod';
import { SYNC_DATA_STATUSES } from '@closewatch/contracts/sync-health';
import { pageQuerySchema } from '../common/pagination';
import { onlyKnownParams, optionalParam, wholeNumberParam } from '../common/query-params';
import { MIN_STEP_SECONDS } from '../common/series-steps';

export const MIN_WINDOW_SECONDS = 60;
export const MAX_WINDOW_SECONDS = 30 * 86_400;

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
