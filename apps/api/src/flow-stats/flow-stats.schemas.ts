import { z } from 'zod';
import { emptyAsUndefined, onlyKnownParams, optionalParam, wholeNumberParam } from '../common/query-params';

const seconds = (min: number, max: number, fallback: number) => z.preprocess(emptyAsUndefined, wholeNumberParam(min, max).default(fallback));

export const MIN_WINDOW_SECONDS = 60;
export const MAX_WINDOW_SECONDS = 86_400;
export const DEFAULT_STATS_WINDOW_SECONDS = 300;

export const statsQuerySchema = onlyKnownParams(z.object({ windowSeconds: seconds(MIN_WINDOW_SECONDS, MAX_WINDOW_SECONDS, DEFAULT_STATS_WINDOW_SECONDS) }));
export type StatsQuery = z.infer<typeof statsQuerySchema>;

/** Counters are kept per minute, so a step is whole minutes; a window holds at most 1440 steps. */
export const seriesQuerySchema = onlyKnownParams(
  z.object({
    flow: optionalParam(z.string().trim().min(1).max(200)),
    windowSeconds: seconds(MIN_WINDOW_SECONDS, MAX_WINDOW_SECONDS, 3600),
    stepSeconds: seconds(60, MAX_WINDOW_SECONDS, 60).refine((s) => s % 60 === 0, 'must be a whole number of minutes (a multiple of 60)'),
  }),
).refine((q) => q.stepSeconds <= q.windowSeconds, { path: ['stepSeconds'], message: 'must not be longer than windowSeconds' });
export type SeriesQuery = z.infer<typeof seriesQuerySchema>;
