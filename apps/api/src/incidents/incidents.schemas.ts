import { z } from 'zod';
import { INCIDENT_STATUSES } from '@closewatch/contracts/exceptions';
import { pageQuerySchema } from '../common/pagination';

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

export const incidentsQuerySchema = pageQuerySchema
  .extend({
    flow: z.preprocess(emptyAsUndefined, z.string({ error: 'must be given once, as text' }).trim().min(1).max(200).optional()),
    /** One status or several, comma-separated or repeated. */
    status: z.preprocess(
      (v) => {
        if (v === '' || v === undefined) return undefined;
        return [...new Set((Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean))];
      },
      z.array(z.enum(INCIDENT_STATUSES, { error: `must be one or more of ${INCIDENT_STATUSES.join(', ')}` })).min(1).optional(),
    ),
  })
  .strict();
export type IncidentsQuery = z.infer<typeof incidentsQuerySchema>;
