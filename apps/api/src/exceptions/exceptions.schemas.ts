import { z } from 'zod';
import { AGE_BUCKETS, EXCEPTION_SORT_FIELDS, EXCEPTION_STATUSES, EXCEPTION_TYPES, SEVERITIES } from '@closewatch/contracts/exceptions';
import { CURRENCY_PATTERN, PERIOD_PATTERN } from '@closewatch/contracts/finance';
import { pageQuerySchema } from '../common/pagination';

/** `?flow=` (empty) means no filter, as dashboards send empty fields. */
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());
const text = (max: number) => z.string({ error: 'must be given once, as text' }).trim().min(1).max(max);

/**
 * One value or several, comma-separated or repeated (`status=open,acknowledged` or
 * `status=open&status=acknowledged`); an unknown value is reported on the parameter itself.
 */
export const oneOrMany = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .preprocess((v) => {
      if (v === '' || v === undefined) return undefined;
      const parts = (Array.isArray(v) ? v : [v])
        .flatMap((x) => String(x).split(','))
        .map((x) => x.trim())
        .filter(Boolean);
      return parts.length ? [...new Set(parts)] : undefined;
    }, z.array(z.string()).optional())
    .superRefine((given, ctx) => {
      const unknown = (given ?? []).filter((x) => !(values as readonly string[]).includes(x));
      if (unknown.length) ctx.addIssue({ code: 'custom', message: `must be one or more of ${values.join(', ')} (not ${unknown.join(', ')})` });
    })
    .transform((given) => given as T[number][] | undefined)
    .optional();

const SORTS = EXCEPTION_SORT_FIELDS.flatMap((f) => [f, `-${f}`] as const) as [string, ...string[]];

/** Filters shared by the list, the CSV export and (most of them) the aging report. */
export const exceptionFiltersSchema = z.object({
  type: oneOrMany(EXCEPTION_TYPES),
  flow: optional(text(200)),
  status: oneOrMany(EXCEPTION_STATUSES),
  severity: oneOrMany(SEVERITIES),
  recordKey: optional(text(500)),
  entity: optional(text(100)),
  period: optional(z.string().regex(PERIOD_PATTERN, 'must be an accounting period YYYY-MM')),
  currency: optional(z.string().regex(CURRENCY_PATTERN, 'must be an ISO 4217 code such as "USD"')),
  ageBucket: oneOrMany(AGE_BUCKETS),
  /** A user id or email, `me`, or `none` for unassigned exceptions. */
  assignee: optional(text(320)),
  overdue: optional(z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true')),
  /** Text contained in the record key (case-insensitive). */
  q: optional(text(200)),
  incident: optional(z.uuid({ error: 'must be an incident id' })),
});
export type ExceptionFiltersQuery = z.infer<typeof exceptionFiltersSchema>;

const sortSchema = optional(z.enum(SORTS, { error: `must be one of ${SORTS.join(', ')}` })).transform((v) => v ?? '-lastSeenAt');

export const exceptionsQuerySchema = pageQuerySchema.extend({ ...exceptionFiltersSchema.shape, sort: sortSchema }).strict();
export type ExceptionsQuery = z.infer<typeof exceptionsQuerySchema>;

export const exceptionsExportQuerySchema = exceptionFiltersSchema
  .extend({
    sort: sortSchema,
    format: optional(z.enum(['csv', 'json'], { error: 'must be csv or json' })).transform((v) => v ?? 'csv'),
    /** CSV only: one row per history event instead of one per exception (JSON always holds the history). */
    history: optional(z.enum(['true', 'false'], { error: 'must be true or false' })).transform((v) => v === 'true'),
  })
  .strict();
export type ExceptionsExportQuery = z.infer<typeof exceptionsExportQuerySchema>;

/** The aging report counts unresolved exceptions only, so it takes no status or age filters. */
export const agingQuerySchema = exceptionFiltersSchema.omit({ status: true, ageBucket: true, overdue: true }).strict();
export type AgingQuery = z.infer<typeof agingQuerySchema>;
