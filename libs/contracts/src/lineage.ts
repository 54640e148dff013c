import { z } from 'zod';
import { EXCEPTION_STATUSES, EXCEPTION_TYPES, SEVERITIES } from './exceptions';
import { RECON_BREAK_TYPES, RECON_RUN_STATUSES, type BreakClassificationDto, type ReconBreakDto } from './recon';
import { type LineageResponse } from './telemetry';

/**
 * What `GET /api/v1/lineage?recordKey=` adds to the hops (docs/lineage-and-stats.md): the
 * traces behind the record, its exceptions and its reconciliation breaks. Each section holds at
 * most LINEAGE_SECTION_LIMIT items, newest first; `totals` says how many there are in all, so a
 * section is cut when its total is larger than its length.
 */
export const LINEAGE_SECTION_LIMIT = 200;

const isoTime = z.string().min(1);

/** One trace behind the record, from the record's hops that name it. */
export const lineageTraceSchema = z.object({
  traceId: z.string(),
  /** Time of the record's first and last hop in the trace. */
  firstAt: isoTime,
  lastAt: isoTime,
  /** The record's hops in the trace, and how many of them are errors. */
  hops: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  /** Flows and systems of those hops, in order of first appearance. */
  flows: z.array(z.string()),
  systems: z.array(z.string()),
});
export type LineageTraceDto = z.infer<typeof lineageTraceSchema>;

/** One exception raised for the record key (any type, any status). */
export const lineageExceptionSchema = z.object({
  id: z.string(),
  type: z.enum(EXCEPTION_TYPES),
  status: z.enum(EXCEPTION_STATUSES),
  severity: z.enum(SEVERITIES),
  flow: z.string(),
  cause: z.string().nullable(),
  title: z.string(),
  /** Exact decimal string, or null when not known. */
  amountAtRisk: z.string().nullable(),
  currency: z.string().nullable(),
  entity: z.string().nullable(),
  period: z.string().nullable(),
  occurrences: z.number().int().positive(),
  firstSeenAt: isoTime,
  lastSeenAt: isoTime,
  incidentId: z.string().nullable(),
});
export type LineageExceptionDto = z.infer<typeof lineageExceptionSchema>;

const classificationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('never_emitted'), exception: z.literal(true) }),
  z.object({
    kind: z.literal('failed_at_hop'),
    exception: z.literal(true),
    system: z.string(),
    stage: z.string(),
    errorClass: z.string().nullable(),
    occurredAt: isoTime,
  }),
  z.object({ kind: z.literal('in_flight'), exception: z.literal(false), since: isoTime, ageMs: z.number() }),
  z.object({ kind: z.literal('posted_late'), exception: z.literal(true), since: isoTime, postedAt: isoTime.nullable(), lagMs: z.number() }),
  z.object({ kind: z.literal('unexplained'), exception: z.literal(true) }),
]);

/** One reconciliation break of the record key: the break as stored, with its run and reconciliation. */
export const lineageBreakSchema = z.object({
  id: z.string(),
  reconId: z.string(),
  reconName: z.string(),
  runId: z.string(),
  runStatus: z.enum(RECON_RUN_STATUSES),
  flow: z.string(),
  type: z.enum(RECON_BREAK_TYPES),
  /** Key fields under their source names. */
  key: z.record(z.string(), z.string().nullable()),
  source: z.record(z.string(), z.unknown()).nullable(),
  target: z.record(z.string(), z.unknown()).nullable(),
  differences: z
    .array(z.object({ field: z.string(), targetField: z.string(), source: z.unknown(), target: z.unknown(), difference: z.string().optional() }))
    .nullable(),
  side: z.enum(['source', 'target']).nullable(),
  rows: z.number().int().nullable(),
  amountAtRisk: z.string().nullable(),
  currency: z.string().nullable(),
  classification: classificationSchema.nullable(),
  /** When the run that found it finished (started or queued while it is still running). */
  foundAt: isoTime,
  /** The exception the break raised, if any. */
  exceptionId: z.string().nullable(),
});
export type LineageBreakDto = z.infer<typeof lineageBreakSchema>;

export const lineageSectionsSchema = z.object({
  traces: z.array(lineageTraceSchema),
  exceptions: z.array(lineageExceptionSchema),
  breaks: z.array(lineageBreakSchema),
  /** How many of each exist for the record (larger than the section's length when it was cut). */
  totals: z.object({ traces: z.number().int(), exceptions: z.number().int(), breaks: z.number().int() }),
});
export type LineageSections = z.infer<typeof lineageSectionsSchema>;

/** The whole lineage answer: the fixed `{recordKey, hops}` with drift and trace ids, and the sections. */
export type LineageDetailResponse = LineageResponse & LineageSections;

// The break fields shared with the run's break list (`GET /api/v1/recon-runs/:runId/breaks`) keep its types.
type SameAs<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const breakFieldsAgree: SameAs<
  Pick<LineageBreakDto, 'type' | 'key' | 'side' | 'rows' | 'amountAtRisk' | 'currency' | 'exceptionId'>,
  Pick<ReconBreakDto, 'type' | 'key' | 'side' | 'rows' | 'amountAtRisk' | 'currency' | 'exceptionId'>
> = true;
const classificationAgrees: SameAs<z.infer<typeof classificationSchema>, BreakClassificationDto> = true;
void breakFieldsAgree;
void classificationAgrees;
