import { z } from 'zod';
import { type CloseCalendarDto, type ClosePeriodOverrideDto, type FxRatesDocumentDto } from './close';
import { CURRENCY_PATTERN, PERIOD_PATTERN } from './finance';
import { canonicalTimeZone, isTimeZone } from './time-zone';

/**
 * Validation of close calendars and FX rates, shared by `PUT /api/v1/close-calendars/:entity`,
 * the catalog document's `calendars:` and the dashboard's editor. Parsing canonicalises:
 * workweek and holidays sorted, the zone spelled as IANA spells it.
 */

/** Entity codes as finance systems write them: `DE01`, `us-east.1`. */
export const ENTITY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** `WD+5`, `WD-2`: at most 60 working days either side of the period's last day. */
export const WORKING_DAY_RULE_PATTERN = /^WD[+-]([1-9]|[1-5]\d|60)$/;
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const WEEKDAY = 'must be an ISO weekday, 1 (Monday) to 7 (Sunday)';
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
/** An instant with an explicit offset: the reader must not have to guess the zone. */
const OFFSET_INSTANT_PATTERN = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;
/** Rates: positive, at most 18 integer and 12 fraction digits (numeric(30,12) in PostgreSQL). */
export const RATE_PATTERN = /^\d{1,18}(\.\d{1,12})?$/;

/** Whether `YYYY-MM-DD` names a real day (2026-02-30 does not). */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE_PATTERN.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** `WD+5` → 5, `WD-2` → -2. */
const signedOffset = (rule: string) => (rule.startsWith('WD-') ? -1 : 1) * Number(rule.slice(3));

const isoDate = z.string().refine(isIsoDate, 'must be a date such as "2026-12-25"');
const rule = z.string().trim().regex(WORKING_DAY_RULE_PATTERN, 'must be a working-day rule such as "WD+5" or "WD-2" (N from 1 to 60)');
const offsetInstant = z
  .string()
  .trim()
  .refine((s) => {
    const m = OFFSET_INSTANT_PATTERN.exec(s);
    return m !== null && isIsoDate(m[1]!) && !Number.isNaN(Date.parse(s));
  }, 'must be an ISO instant with an offset, such as "2026-12-08T18:00:00+01:00"');

export const closePeriodOverrideSchema = z
  .object({
    closeStart: offsetInstant.nullish().transform((v) => v ?? null),
    deadline: offsetInstant.nullish().transform((v) => v ?? null),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (!o.closeStart && !o.deadline) ctx.addIssue({ code: 'custom', path: [], message: 'must set closeStart, deadline or both' });
    if (o.closeStart && o.deadline && Date.parse(o.closeStart) >= Date.parse(o.deadline)) {
      ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'must be after closeStart' });
    }
  }) satisfies z.ZodType<ClosePeriodOverrideDto, unknown>;

/** Record keys are checked here so the issue names the key (zod's own says "Invalid key in record"). */
function keys(record: Record<string, unknown>, pattern: RegExp, message: string, ctx: z.RefinementCtx): void {
  for (const key of Object.keys(record)) if (!pattern.test(key)) ctx.addIssue({ code: 'custom', path: [key], message });
}

function duplicates<T>(list: readonly T[], path: string, ctx: z.RefinementCtx): void {
  const first = new Map<T, number>();
  list.forEach((item, i) => {
    const seen = first.get(item);
    if (seen === undefined) first.set(item, i);
    else ctx.addIssue({ code: 'custom', path: [path, i], message: `duplicates ${path}[${seen}] (${String(item)})` });
  });
}

const calendarFields = {
  timezone: z
    .string()
    .trim()
    .refine((tz) => (tz === 'UTC' || tz.includes('/')) && isTimeZone(tz), 'must be an IANA time zone such as "Europe/Berlin"'),
  workweek: z.array(z.number().int(WEEKDAY).min(1, WEEKDAY).max(7, WEEKDAY)).min(1, 'must name at least one working day').max(7).default([1, 2, 3, 4, 5]),
  holidays: z.array(isoDate).max(1000).default([]),
  closeStart: rule.default('WD-2'),
  deadline: rule,
  deadlineTime: z.string().trim().regex(TIME_PATTERN, 'must be a local time HH:MM such as "18:00"').default('18:00'),
  periods: z
    .record(z.string(), closePeriodOverrideSchema)
    .superRefine((periods, ctx) => keys(periods, PERIOD_PATTERN, 'must be a period YYYY-MM', ctx))
    .default({}),
};

type CalendarFields = z.output<z.ZodObject<typeof calendarFields>>;

/** Zod still runs this after non-fatal issues elsewhere, when transforms have not run: read defensively. */
function refineCalendar(c: Partial<CalendarFields>, ctx: z.RefinementCtx): void {
  duplicates(c.workweek ?? [], 'workweek', ctx);
  duplicates(c.holidays ?? [], 'holidays', ctx);
  if (typeof c.closeStart === 'string' && typeof c.deadline === 'string' && signedOffset(c.closeStart) > signedOffset(c.deadline)) {
    ctx.addIssue({ code: 'custom', path: ['closeStart'], message: `must not come after deadline (${c.deadline})` });
  }
}

function canonicalCalendar(c: CalendarFields): Omit<CloseCalendarDto, 'entity'> {
  return {
    timezone: canonicalTimeZone(c.timezone),
    workweek: [...c.workweek].sort((a, b) => a - b),
    holidays: [...c.holidays].sort(),
    closeStart: c.closeStart,
    deadline: c.deadline,
    deadlineTime: c.deadlineTime,
    periods: Object.fromEntries(Object.entries(c.periods).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

/** A calendar without its entity: the body of `PUT /api/v1/close-calendars/:entity`. */
export const closeCalendarBodySchema = z.object(calendarFields).strict().superRefine(refineCalendar).transform(canonicalCalendar);

export const entitySchema = z.string().regex(ENTITY_PATTERN, 'must be an entity code such as "DE01" (letters, digits, ".", "_", "-")');

/** A whole calendar: one item of the catalog document's `calendars:`. */
export const closeCalendarSchema = z
  .object({ entity: entitySchema, ...calendarFields })
  .strict()
  .superRefine(refineCalendar)
  .transform((c): CloseCalendarDto => ({ entity: c.entity, ...canonicalCalendar(c) })) satisfies z.ZodType<CloseCalendarDto, unknown>;

export const fxRatesDocumentSchema = z
  .object({
    date: isoDate,
    base: z.string().trim().regex(CURRENCY_PATTERN, 'must be an ISO 4217 code such as "USD"'),
    rates: z
      .record(
        z.string(),
        z
          .union([z.string().trim(), z.number().finite().transform(String)], { error: 'must be a decimal string such as "1.0842"' })
          .refine(
            (r) => RATE_PATTERN.test(r) && /[1-9]/.test(r),
            'must be a decimal string greater than zero, such as "1.0842" (at most 18 integer and 12 fraction digits)',
          ),
      )
      .superRefine((r, ctx) => keys(r, CURRENCY_PATTERN, 'must be an ISO 4217 code such as "EUR"', ctx))
      .refine((r) => Object.keys(r).length > 0, 'must name at least one quote currency')
      .refine((r) => Object.keys(r).length <= 500, 'must name at most 500 currencies'),
  })
  .strict()
  .superRefine((doc, ctx) => {
    if (doc.rates && doc.base && Object.hasOwn(doc.rates, doc.base))
      ctx.addIssue({ code: 'custom', path: ['rates', doc.base], message: 'must not quote the base currency against itself' });
  }) satisfies z.ZodType<FxRatesDocumentDto, unknown>;

export type CloseCalendarBodyInput = z.input<typeof closeCalendarBodySchema>;
