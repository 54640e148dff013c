import { z } from 'zod';
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

export const newIngestKeySchema = z
  .object({ name: z.string().trim().min(1).max(200), scopes: z.array(z.enum(INGEST_SCOPES)).min(1).optional() })
  .strict();
