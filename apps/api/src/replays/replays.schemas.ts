import { z } from 'zod';
import { REPLAY_STATUSES } from '@closewatch/contracts/replays';
import { pageQuerySchema } from '../common/pagination';
import { enumListParam, onlyKnownParams, optionalParam, wholeNumberParam } from '../common/query-params';
import { MIN_STEP_SECONDS } from '../common/series-steps';

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO instant such as "2026-11-30T00:00:00Z"' });

/** `requestedBy` is the requester's email; `from` (inclusive) and `to` (exclusive) bound when requests were made. */
export const replaysQuerySchema = pageQuerySchema
  .extend({
    flow: optionalParam(z.string().max(200)),
    status: optionalParam(enumListParam(REPLAY_STATUSES)),
    exceptionId: optionalParam(z.string().max(100)),
    recordKey: optionalParam(z.string().max(500)),
    requestedBy: optionalParam(z.string().trim().toLowerCase().max(320)),
    from: optionalParam(instant),
    to: optionalParam(instant),
  })
  .strict();
export type ReplaysQuery = z.infer<typeof replaysQuerySchema>;

/** Most a replay success series looks back: 90 days. */
export const MAX_REPLAY_WINDOW_SECONDS = 90 * 86_400;

/** Without windowSeconds, the last 7 days; without stepSeconds, the window in 60 steps. */
export const replaySeriesQuerySchema = onlyKnownParams(
  z.object({
    flow: optionalParam(z.string().max(200)),
    windowSeconds: optionalParam(wholeNumberParam(3600, MAX_REPLAY_WINDOW_SECONDS)),
    stepSeconds: optionalParam(wholeNumberParam(MIN_STEP_SECONDS, MAX_REPLAY_WINDOW_SECONDS)),
  }),
);
export type ReplaySeriesQuery = z.infer<typeof replaySeriesQuerySchema>;
