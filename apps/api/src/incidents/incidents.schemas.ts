import { z } from 'zod';
import { INCIDENT_STATUSES } from '@closewatch/contracts/exceptions';
import { pageQuerySchema } from '../common/pagination';
import { oneOrMany } from '../exceptions/exceptions.schemas';

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

export const incidentsQuerySchema = pageQuerySchema
  .extend({
    flow: z.preprocess(emptyAsUndefined, z.string({ error: 'must be given once, as text' }).trim().min(1).max(200).optional()),
    /** One status or several, comma-separated or repeated. */
    status: oneOrMany(INCIDENT_STATUSES),
  })
  .strict();
export type IncidentsQuery = z.infer<typeof incidentsQuerySchema>;
