import { z } from 'zod';
import { BREAK_CLASSIFICATIONS, RECON_BREAK_TYPES, RECON_RUN_STATUSES } from '@closewatch/contracts/recon';
import { FLOW_ID_PATTERN } from '@closewatch/contracts/catalog-schema';
import { pageQuerySchema } from '../common/pagination';

/** `a,b` or repeated `?x=a&x=b` as a list of allowed values. */
const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).min(1));

export const breaksQuerySchema = pageQuerySchema
  .extend({
    type: list(RECON_BREAK_TYPES).optional(),
    classification: list(BREAK_CLASSIFICATIONS).optional(),
    recordKey: z.string().trim().min(1).max(500).optional(),
    exception: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict();
export type BreaksQuery = z.infer<typeof breaksQuerySchema>;

/** `GET /api/v1/recon-runs/:runId/export`: the breaks' filters (no paging) and the format. */
export const breaksExportQuerySchema = breaksQuerySchema
  .omit({ limit: true, cursor: true })
  .extend({ format: z.enum(['csv', 'json'], { error: 'must be csv or json' }).default('json') })
  .strict();
export type BreaksExportQuery = z.infer<typeof breaksExportQuerySchema>;

export const reconListQuerySchema = pageQuerySchema.extend({ flow: z.string().regex(FLOW_ID_PATTERN, 'must be a flow id').optional() }).strict();
export type ReconListQuery = z.infer<typeof reconListQuerySchema>;

export const runHistoryQuerySchema = pageQuerySchema.extend({ status: list(RECON_RUN_STATUSES).optional() }).strict();
export type RunHistoryQuery = z.infer<typeof runHistoryQuerySchema>;

export const connectionListQuerySchema = pageQuerySchema.strict();
