import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { type CatalogDocument, FLOW_PATTERNS, type FlowDto, type FlowSloDto, IMPACT_AREAS, SYSTEM_KINDS, type SystemDto, WORKFLOWS } from './catalog';
import { closeCalendarSchema } from './close-schema';
import { CURRENCY_PATTERN } from './finance';
import { canonicalTimeZone, isTimeZone } from './time-zone';

/**
 * Validation of systems, flows and the whole catalog document (docs/catalog.md), shared by
 * the api (CRUD and `PUT /api/v1/catalog`), the dashboard's editors and the simulator's demo
 * catalog. Parsing also canonicalises: optional fields become null, lists lose duplicates,
 * impacts follow their declared order, entities are sorted and money gets at least two decimals,
 * so a document that was exported and imported again compares equal field by field.
 */

/** Lowercase slugs such as `netsuite`, `oracle-fusion`, `coupa-to-oracle-invoices`. */
export const SYSTEM_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;
export const FLOW_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,199}$/;
const SLUG_MESSAGE = 'must be a lowercase slug such as "oracle-fusion" (a-z, 0-9, ".", "_", "-"; starting with a letter or digit)';

/** Materiality: non-negative, at most 16 integer and 4 fraction digits (numeric(20,4) in PostgreSQL). */
export const MONEY_PATTERN = /^\d{1,16}(\.\d{1,4})?$/;

/** A year: longer lags are configuration mistakes, and the value must fit a 32-bit integer. */
export const MAX_LAG_SECONDS = 366 * 24 * 3600;
export const MAX_GRACE_SECONDS = 31 * 24 * 3600;
/** The evaluator ticks every few seconds; a silence threshold below a minute would be noise. */
export const MIN_SILENCE_SECONDS = 60;

export { isTimeZone } from './time-zone';

/** Why a cron expression (5 fields, or 6 with seconds) is unusable in this zone, or undefined. */
export function cronProblem(expression: string, timeZone = 'UTC'): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6) return `must be a cron expression with 5 or 6 fields, got ${fields.length}`;
  try {
    CronExpressionParser.parse(expression, { tz: timeZone }).next();
    return undefined;
  } catch (err) {
    return `is not a valid cron expression: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** `1000` → `1000.00`, `0.5` → `0.50`, `12.3400` → `12.34`, `007.1250` → `7.125`. */
export function canonicalMoney(amount: string): string {
  const [int = '0', frac = ''] = amount.split('.');
  const digits = int.replace(/^0+(?=\d)/, '');
  const trimmed = frac.replace(/0+$/, '');
  return `${digits}.${trimmed.padEnd(2, '0')}`;
}

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), text(max).nullish()).transform((v) => v ?? null);
const uniqueList = (item: z.ZodType<string>) =>
  z
    .array(item)
    .max(500)
    .nullish()
    .transform((v) => [...new Set(v ?? [])]);

const money = z
  .union([z.string().trim(), z.number().finite().transform(String)], { error: 'must be a decimal string such as "250000.00"' })
  .pipe(z.string().regex(MONEY_PATTERN, 'must be a non-negative decimal string such as "250000.00" (at most 16 integer and 4 fraction digits)'))
  .transform(canonicalMoney);

export const systemIdSchema = z.string().regex(SYSTEM_ID_PATTERN, SLUG_MESSAGE);
export const flowIdSchema = z.string().regex(FLOW_ID_PATTERN, SLUG_MESSAGE);

export const systemSchema = z
  .object({
    id: systemIdSchema,
    name: text(200),
    kind: z.enum(SYSTEM_KINDS),
    description: optionalText(2000),
  })
  .strict() satisfies z.ZodType<SystemDto, unknown>;

export const flowSloSchema = z
  .object({
    maxLagSeconds: z.number().int('must be a whole number of seconds').positive().max(MAX_LAG_SECONDS),
    scheduleCron: optionalText(200),
    scheduleTimezone: text(100).default('UTC'),
    graceSeconds: z.number().int('must be a whole number of seconds').min(0).max(MAX_GRACE_SECONDS).default(0),
    maxSilenceSeconds: z.number().int('must be a whole number of seconds').min(MIN_SILENCE_SECONDS).max(MAX_LAG_SECONDS).nullish(),
  })
  .strict()
  .superRefine((slo, ctx) => {
    const zoneOk = isTimeZone(slo.scheduleTimezone);
    if (!zoneOk)
      ctx.addIssue({ code: 'custom', path: ['scheduleTimezone'], message: `is not an IANA time zone such as "Europe/Berlin": ${slo.scheduleTimezone}` });
    if (slo.scheduleCron !== null) {
      const problem = cronProblem(slo.scheduleCron, zoneOk ? slo.scheduleTimezone : 'UTC');
      if (problem) ctx.addIssue({ code: 'custom', path: ['scheduleCron'], message: problem });
    }
    if (slo.scheduleCron !== null && slo.maxSilenceSeconds != null) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxSilenceSeconds'],
        message: 'applies to event flows only (a scheduled flow is watched by scheduleCron and graceSeconds)',
      });
    }
  })
  // Absent (not null) when off, so flows stored before the threshold existed compare equal.
  .transform(({ maxSilenceSeconds, ...slo }): FlowSloDto => ({
    ...slo,
    scheduleTimezone: canonicalTimeZone(slo.scheduleTimezone),
    ...(maxSilenceSeconds != null ? { maxSilenceSeconds } : {}),
  }));

export const materialitySchema = z
  .object({
    amount: money,
    currency: z.string().trim().regex(CURRENCY_PATTERN, 'must be an ISO 4217 code such as "USD"'),
  })
  .strict();

export const flowSchema = z
  .object({
    id: flowIdSchema,
    name: text(200),
    sourceSystem: systemIdSchema,
    targetSystem: systemIdSchema,
    pattern: z.enum(FLOW_PATTERNS),
    workflow: z.enum(WORKFLOWS),
    slo: flowSloSchema,
    ownerTeam: optionalText(200),
    alertRoute: optionalText(200),
    runbooks: z
      .record(
        z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be an error class such as "target_rejected", or "default"'),
        z
          .string()
          .trim()
          .max(2000)
          .regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'),
      )
      .nullish()
      .refine((v) => !v || Object.keys(v).length <= 100, 'names at most 100 error classes')
      // Undefined when empty (left out of answers and documents), so flows stored before runbooks existed compare equal; keys sorted.
      .transform((v) => (v && Object.keys(v).length ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : undefined)),
    replay: z
      .object({ receiver: text(200) })
      .strict()
      .nullish()
      .transform((v) => v ?? undefined),
    impacts: uniqueList(z.enum(IMPACT_AREAS)).transform((list) => IMPACT_AREAS.filter((a) => list.includes(a))),
    boardMetrics: uniqueList(text(100)),
    materiality: materialitySchema.nullish().transform((v) => v ?? null),
    entities: uniqueList(text(100)).transform((list) => [...list].sort()),
    description: optionalText(2000),
  })
  .strict()
  .superRefine((flow, ctx) => {
    // Zod still runs this refinement after non-fatal issues elsewhere (a number out of range),
    // when nested transforms have not run: read defensively.
    const impacts: readonly string[] = flow.impacts ?? [];
    const boardMetrics: readonly string[] = flow.boardMetrics ?? [];
    if (flow.pattern === 'batch' && flow.slo?.scheduleCron == null) {
      ctx.addIssue({ code: 'custom', path: ['slo', 'scheduleCron'], message: 'is required for batch flows (the expected run schedule)' });
    }
    const feedsBoard = impacts.includes('board_metric');
    if (feedsBoard && boardMetrics.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['boardMetrics'], message: 'must name at least one metric (e.g. ARR) when impacts include board_metric' });
    }
    if (!feedsBoard && boardMetrics.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['boardMetrics'], message: 'needs board_metric in impacts' });
    }
  }) satisfies z.ZodType<FlowDto, unknown>;

function duplicateIds(items: { id: string }[], list: string, ctx: z.RefinementCtx, field = 'id'): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const seen = first.get(item.id);
    if (seen === undefined) first.set(item.id, i);
    else ctx.addIssue({ code: 'custom', path: [list, i, field], message: `duplicates ${list}[${seen}].${field} "${item.id}"` });
  });
}

/** The whole catalog: `version: 1`, systems, flows and close calendars, each id (entity) once. */
export const catalogDocumentSchema = z
  .object({
    version: z.literal(1, 'must be 1'),
    systems: z
      .array(systemSchema)
      .max(10_000)
      .nullish()
      .transform((v) => v ?? []),
    flows: z
      .array(flowSchema)
      .max(50_000)
      .nullish()
      .transform((v) => v ?? []),
    calendars: z
      .array(closeCalendarSchema)
      .max(10_000)
      .nullish()
      .transform((v) => v ?? []),
  })
  .strict()
  .superRefine((doc, ctx) => {
    duplicateIds(doc.systems ?? [], 'systems', ctx);
    duplicateIds(doc.flows ?? [], 'flows', ctx);
    duplicateIds(
      (doc.calendars ?? []).map((c) => ({ id: c.entity })),
      'calendars',
      ctx,
      'entity',
    );
  }) satisfies z.ZodType<CatalogDocument, unknown>;

export type SystemInput = z.input<typeof systemSchema>;
export type FlowInput = z.input<typeof flowSchema>;
export type CatalogDocumentInput = z.input<typeof catalogDocumentSchema>;
