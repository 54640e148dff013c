import { type PipeTransform } from '@nestjs/common';
import { type ZodType } from 'zod';
import { issueDetails } from '@closewatch/contracts/validation-issues';
import { ApiError } from './api-error';

/**
 * Parses or throws a 400 whose details name each field as people write it:
 * `flows[3].slo.maxLagSeconds`, each unknown key on its own, "is required" for a missing value.
 */
export function parseOrThrow<T>(schema: ZodType<T>, value: unknown, message?: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw ApiError.validation(issueDetails(parsed.error), message);
  return parsed.data;
}

/** Validates a body, query or path parameters against a zod schema (parseOrThrow's error format). */
export class ZodPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: ZodType<T>) {}

  transform(value: unknown): T {
    return parseOrThrow(this.schema, value ?? {});
  }
}
