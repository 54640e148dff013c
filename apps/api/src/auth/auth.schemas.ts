import { z } from 'zod';
import { flowIdSchema } from '@closewatch/contracts/catalog-schema';
import { ROLES } from '@closewatch/contracts/roles';
import { INGEST_SCOPES } from './ingest-key.entity';

export const loginSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1000) }).strict();

export const newUserSchema = z
  .object({
    email: z.email().max(320),
    name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    password: z.string().min(8, 'must be at least 8 characters').max(1000),
  })
  .strict();

export const userChangesSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(ROLES).optional(),
    password: z.string().min(8, 'must be at least 8 characters').max(1000).optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

/** At most this many flows per key: the list is checked per item on the ingest path (as a Set). */
export const MAX_INGEST_KEY_FLOWS = 1000;

export const newIngestKeySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    scopes: z.array(z.enum(INGEST_SCOPES)).min(1).optional(),
    // null or absent: every flow. An empty list would be a key that can write nothing.
    flows: z
      .array(flowIdSchema)
      .min(1, 'must name at least one flow; leave it out for every flow')
      .max(MAX_INGEST_KEY_FLOWS)
      .transform((flows) => [...new Set(flows)].sort())
      .nullable()
      .optional(),
    expiresAt: z.iso
      .datetime({ offset: true })
      .refine((at) => Date.parse(at) > Date.now(), 'must be in the future')
      .nullable()
      .optional(),
  })
  .strict();

export type NewIngestKeyInput = z.output<typeof newIngestKeySchema>;
