import { type PipeTransform } from '@nestjs/common';
import { type ZodType } from 'zod';
import { issueDetails } from '@closewatch/contracts/validation-issues';
import { ApiError } from './api-error';

/** Parses or throws a 400 whose details name each field as `flows[3].slo.maxLagSeconds`. */
export function parseOrThrow<T>(schema: ZodType<T>, value: unknown, message?: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw ApiError.validation(issueDetails(parsed.error), message);
  return parsed.data;
}

/** Like ZodPipe (zod.pipe.ts), with bracketed array paths and unknown keys named one by one. */
export class ZodPathsPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: ZodType<T>) {}

  transform(value: unknown): T {
    return parseOrThrow(this.schema, value ?? {});
  }
}
