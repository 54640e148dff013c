import { type PipeTransform } from '@nestjs/common';
import { type ZodType } from 'zod';
import { type ApiErrorDetail } from '@closewatch/contracts/errors';
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

export interface ZodPipeOptions {
  /**
   * Array indexes as `flows.0` instead of `flows[0]`. Only `POST /api/v1/ingest-keys` uses it:
   * its clients were given that notation (ingest-key-scope.int-spec.ts asserts it).
   */
  dottedIndexes?: boolean;
}

/** Validates a body, query or path parameters against a zod schema (parseOrThrow's error format). */
export class ZodPipe<T> implements PipeTransform<unknown, T> {
  constructor(
    private readonly schema: ZodType<T>,
    private readonly options: ZodPipeOptions = {},
  ) {}

  transform(value: unknown): T {
    const parsed = this.schema.safeParse(value ?? {});
    if (parsed.success) return parsed.data;
    const details = issueDetails(parsed.error);
    throw ApiError.validation(this.options.dottedIndexes ? details.map(withDottedIndexes) : details);
  }
}

function withDottedIndexes(d: ApiErrorDetail): ApiErrorDetail {
  return { ...d, field: d.field.replace(/\[(\d+)\]/g, (_, i: string, at: number) => (at === 0 ? i : `.${i}`)) };
}
