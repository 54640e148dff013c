import { z } from 'zod';
import { PERIOD_PATTERN } from './finance';
import { isoInstant } from './instant';

const count = z.number().int().min(0).optional().nullable();

/** One batch run report (`POST /api/v1/runs`, docs/semantic-conventions.md); idempotent on (flow, runId, status). */
export const runReportSchema = z
  .object({
    flow: z.string().trim().min(1).max(200),
    runId: z.string().trim().min(1).max(200),
    status: z.enum(['started', 'succeeded', 'failed']),
    startedAt: isoInstant().optional().nullable(),
    finishedAt: isoInstant().optional().nullable(),
    rowsRead: count,
    rowsWritten: count,
    rowsRejected: count,
    period: z.string().regex(PERIOD_PATTERN, 'must be an accounting period YYYY-MM').optional().nullable(),
    entity: z.string().trim().min(1).max(100).optional().nullable(),
    watermark: z.string().max(500).optional().nullable(),
    error: z
      .object({ code: z.string().max(200).optional().nullable(), message: z.string().max(4000).optional().nullable() })
      .strict()
      .optional()
      .nullable(),
  })
  .strict()
  .refine((r) => r.status === 'started' || r.finishedAt != null, { path: ['finishedAt'], message: 'is required when status is succeeded or failed' });

export type RunReport = z.input<typeof runReportSchema>;

export interface RunReportResponse {
  accepted: boolean;
  duplicate: boolean;
}
