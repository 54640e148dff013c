import { z } from 'zod';
import { PERIOD_PATTERN, STAGES } from '@closewatch/contracts/finance';
import { pageQuerySchema } from '../common/pagination';
import { emptyAsUndefined, onlyKnownParams, optionalParam } from '../common/query-params';

const text = (max: number) => z.string().trim().min(1).max(max);
const required = (max: number) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be given once, as text') })
      .trim()
      .min(1, 'is required')
      .max(max),
  );

export const RECORD_KEY_MAX = 500;

export const lineageQuerySchema = onlyKnownParams(z.object({ recordKey: required(RECORD_KEY_MAX) }));
export type LineageQuery = z.infer<typeof lineageQuerySchema>;

export const lineageExportQuerySchema = onlyKnownParams(
  z.object({ recordKey: required(RECORD_KEY_MAX), format: z.preprocess(emptyAsUndefined, z.enum(['csv', 'json']).default('csv')) }),
);
export type LineageExportQuery = z.infer<typeof lineageExportQuerySchema>;

const hopFilters = {
  flow: optionalParam(text(200)),
  recordKey: optionalParam(text(RECORD_KEY_MAX)),
  stage: optionalParam(z.enum(STAGES)),
  status: optionalParam(z.enum(['ok', 'error'])),
  system: optionalParam(text(200)),
  entity: optionalParam(text(100)),
  period: optionalParam(z.string().regex(PERIOD_PATTERN, 'must be an accounting period YYYY-MM')),
};

export const hopsQuerySchema = onlyKnownParams(pageQuerySchema.extend(hopFilters));
export type HopsQuery = z.infer<typeof hopsQuerySchema>;

/** `GET /api/v1/hops/export`: the lineage of every record in a filtered set (the hop list's filters). */
export const hopsExportQuerySchema = onlyKnownParams(
  z.object({ ...hopFilters, format: z.preprocess(emptyAsUndefined, z.enum(['csv', 'json'], { error: 'must be csv or json' }).default('csv')) }),
);
export type HopsExportQuery = z.infer<typeof hopsExportQuerySchema>;

export const runsQuerySchema = onlyKnownParams(
  pageQuerySchema.extend({
    flow: optionalParam(text(200)),
    status: optionalParam(z.enum(['started', 'succeeded', 'failed'])),
  }),
);
export type RunsQuery = z.infer<typeof runsQuerySchema>;

export const traceParamsSchema = z.object({
  traceId: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 hexadecimal characters')),
});
export type TraceParams = z.infer<typeof traceParamsSchema>;
