import { z } from 'zod';
import { REPLAY_STATUSES } from '@closewatch/contracts/replays';
import { pageQuerySchema } from '../common/pagination';
import { enumListParam, optionalParam } from '../common/query-params';

export const replaysQuerySchema = pageQuerySchema
  .extend({
    flow: optionalParam(z.string().max(200)),
    status: optionalParam(enumListParam(REPLAY_STATUSES)),
    exceptionId: optionalParam(z.string().max(100)),
    recordKey: optionalParam(z.string().max(500)),
  })
  .strict();
export type ReplaysQuery = z.infer<typeof replaysQuerySchema>;
