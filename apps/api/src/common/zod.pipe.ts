import { type PipeTransform } from '@nestjs/common';
import { type ZodType } from 'zod';
import { ApiError } from './api-error';
import { zodDetails } from './to-api-error';

/** Validates a body or query against a zod schema; failures name every offending field. */
export class ZodPipe<T> implements PipeTransform<unknown, T> {
  constructor(
    private readonly schema: ZodType<T>,
    private readonly prefix = '',
  ) {}

  transform(value: unknown): T {
    const parsed = this.schema.safeParse(value ?? {});
    if (!parsed.success) throw ApiError.validation(zodDetails(parsed.error, this.prefix));
    return parsed.data;
  }
}
