import { z } from 'zod';
import { CATALOG_IMPORT_MODES, FLOW_PATTERNS, IMPACT_AREAS, SYSTEM_KINDS, WORKFLOWS } from '@closewatch/contracts/catalog';
import { pageQuerySchema } from '../common/pagination';

const filter = (max: number) => z.string().trim().min(1, 'must not be empty').max(max).optional();
const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1')
  .optional()
  .default(false);

/** `GET /api/v1/systems`; unknown parameters are refused so a mistyped filter is not silently ignored. */
export const systemsQuerySchema = pageQuerySchema.extend({ kind: z.enum(SYSTEM_KINDS).optional() }).strict();
export type SystemsQuery = z.infer<typeof systemsQuerySchema>;

/** `GET /api/v1/flows` filters; `system` matches the source or the target, `q` the id or name. */
export const flowsQuerySchema = pageQuerySchema
  .extend({
    pattern: z.enum(FLOW_PATTERNS).optional(),
    workflow: z.enum(WORKFLOWS).optional(),
    system: filter(100),
    ownerTeam: filter(200),
    impact: z.enum(IMPACT_AREAS).optional(),
    entity: filter(100),
    q: filter(200),
  })
  .strict();
export type FlowsQuery = z.infer<typeof flowsQuerySchema>;

export const catalogExportQuerySchema = z
  .object({
    format: z.enum(['yaml', 'json']).default('yaml'),
    download: flag,
  })
  .strict();
export type CatalogExportQuery = z.infer<typeof catalogExportQuerySchema>;

export const catalogImportQuerySchema = z
  .object({
    mode: z.enum(CATALOG_IMPORT_MODES).default('merge'),
    dryRun: flag,
  })
  .strict();
export type CatalogImportQuery = z.infer<typeof catalogImportQuerySchema>;
