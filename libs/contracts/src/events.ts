import { z } from 'zod';
import { CURRENCY_PATTERN, DATA_STATUSES, DECIMAL_PATTERN, ERROR_CLASSES, PERIOD_PATTERN, STAGES } from './finance';
import { isoInstant } from './instant';

const text = (max: number) => z.string().trim().min(1).max(max);
const decimal = z.union([
  z.string().regex(DECIMAL_PATTERN, 'must be a decimal string such as "1234.56"'),
  z
    .number()
    .finite()
    .transform((n) => String(n)),
]);

/** One business event (`POST /api/v1/events`, docs/semantic-conventions.md). `id` is the idempotency key. */
export const businessEventSchema = z
  .object({
    id: text(200),
    flow: text(200),
    recordKey: text(500),
    recordType: text(100).optional(),
    stage: z.enum(STAGES),
    system: text(200),
    occurredAt: isoInstant(),
    amount: decimal.optional().nullable(),
    currency: z.string().regex(CURRENCY_PATTERN, 'must be an ISO 4217 code such as "USD"').optional().nullable(),
    entity: text(100).optional().nullable(),
    period: z.string().regex(PERIOD_PATTERN, 'must be an accounting period YYYY-MM').optional().nullable(),
    dataStatus: z.enum(DATA_STATUSES).optional().nullable(),
    mappingVersion: text(100).optional().nullable(),
    batchId: text(200).optional().nullable(),
    traceId: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hex characters')
      .optional()
      .nullable(),
    error: z
      .object({
        class: z.enum(ERROR_CLASSES).optional().nullable(),
        code: text(200).optional().nullable(),
        message: z.string().max(4000).optional().nullable(),
      })
      .strict()
      .optional()
      .nullable(),
    attributes: z.record(z.string(), z.unknown()).optional().nullable(),
  })
  .strict()
  .refine((e) => e.amount == null || e.currency != null, { path: ['currency'], message: 'is required when amount is given' });

export type BusinessEvent = z.input<typeof businessEventSchema>;
export type ParsedBusinessEvent = z.output<typeof businessEventSchema>;

export const MAX_EVENTS_PER_REQUEST = 10_000;

export interface EventsRequest {
  events: BusinessEvent[];
}

export interface RejectedItem {
  index: number;
  errors: { field: string; message: string }[];
}

export interface EventsResponse {
  accepted: number;
  duplicates: number;
  rejected: RejectedItem[];
}
