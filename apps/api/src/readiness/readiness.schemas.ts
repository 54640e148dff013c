import { z } from 'zod';
import { entitySchema } from '@closewatch/contracts/close-schema';
import { PERIOD_PATTERN } from '@closewatch/contracts/finance';
import { READINESS_STATUSES } from '@closewatch/contracts/readiness';
import { pageQuerySchema } from '../common/pagination';

const period = z.string().regex(PERIOD_PATTERN, 'must be a period YYYY-MM such as "2026-11"');

/** `GET /api/v1/close/readiness`: without a period, the recent periods (CLOSEWATCH_READINESS_PERIODS). */
export const readinessListQuerySchema = pageQuerySchema
  .extend({ period: period.optional(), entity: entitySchema.optional(), status: z.enum(READINESS_STATUSES).optional() })
  .strict();
export type ReadinessListQuery = z.infer<typeof readinessListQuerySchema>;

/** `GET /api/v1/close/readiness/history`. */
export const readinessHistoryQuerySchema = pageQuerySchema.extend({ period: period.optional(), entity: entitySchema.optional() }).strict();
export type ReadinessHistoryQuery = z.infer<typeof readinessHistoryQuerySchema>;

/** `GET /api/v1/gates/close`: both are required. */
export const gateQuerySchema = z.object({ entity: entitySchema, period }).strict();
export type GateQuery = z.infer<typeof gateQuerySchema>;

/** `GET /api/v1/gates/close/calls`. */
export const gateCallsQuerySchema = readinessHistoryQuerySchema;
export type GateCallsQuery = ReadinessHistoryQuery;

/** `POST /api/v1/close/signoffs`: a note is required while the close is at risk. */
export const signOffBodySchema = z.object({ entity: entitySchema, period, note: z.string().trim().min(1).max(2000).optional() }).strict();
export type SignOffBody = z.infer<typeof signOffBodySchema>;

/** `GET /api/v1/close/signoffs`. */
export const signOffListQuerySchema = z
  .object({ entity: entitySchema.optional(), period: period.optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) })
  .strict();
export type SignOffListQuery = z.infer<typeof signOffListQuerySchema>;
