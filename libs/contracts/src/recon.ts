import { z } from 'zod';
import { FLOW_ID_PATTERN, isTimeZone, cronProblem, MONEY_PATTERN, canonicalMoney } from './catalog-schema';
import { CURRENCY_PATTERN, PERIOD_PATTERN, STAGES } from './finance';

/**
 * Reconciliation (docs/reconciliation.md): connections,
 * definitions, runs and their breaks. The definition's key, compare, totals and mappings are
 * validated by the engine (libs/recon compileRecon), which names the path of every problem;
 * the rest of the definition by `reconDefinitionSchema` below.
 */

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

export const RECON_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type ReconRunStatus = (typeof RECON_RUN_STATUSES)[number];
/** Statuses a run does not leave. */
export const RECON_FINAL_STATUSES = ['succeeded', 'failed', 'cancelled'] as const satisfies readonly ReconRunStatus[];

export const RECON_BREAK_TYPES = ['missing_in_target', 'unexpected_in_target', 'amount_mismatch', 'field_mismatch', 'duplicate_key'] as const;
export type ReconBreakType = (typeof RECON_BREAK_TYPES)[number];

/** Why a break exists, from the record's lineage (libs/recon classify.ts). Only `in_flight` is not an exception. */
export const BREAK_CLASSIFICATIONS = ['never_emitted', 'failed_at_hop', 'in_flight', 'posted_late', 'unexplained'] as const;
export type BreakClassificationKind = (typeof BREAK_CLASSIFICATIONS)[number];

/** What started a run. */
export const RECON_RUN_TRIGGERS = ['manual', 'schedule', 'retry', 'startup'] as const;
export type ReconRunTrigger = (typeof RECON_RUN_TRIGGERS)[number];

/** `merge` streams both sides through the sort-merge join; `bisect` checksums key ranges where both sides are PostgreSQL. */
export const RECON_MODES = ['merge', 'bisect'] as const;
export type ReconMode = (typeof RECON_MODES)[number];

export const CONNECTION_KINDS = ['postgres'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

/** Connection names: lowercase, digits, `_` and `-` (a configured CLOSEWATCH_CONNECTION_ERP_EU is `erp_eu`). */
export const CONNECTION_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const RECON_ID_PATTERN = FLOW_ID_PATTERN;
/** Scope parameters are bound into queries as `:name`. */
export const SCOPE_PARAM_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** A scope period may be relative, resolved when the run starts in the schedule's time zone. */
export const RELATIVE_PERIODS = ['current', 'previous'] as const;

// ---------------------------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------------------------

export interface CreateConnectionRequest {
  name: string;
  kind: ConnectionKind;
  /** postgres://user:password@host:port/database; stored encrypted, never returned. */
  url: string;
}

export const createConnectionSchema = z
  .object({
    name: z.string().regex(CONNECTION_NAME_PATTERN, 'must be a lowercase name such as "erp" or "coupa_eu" (a-z, 0-9, "_", "-")'),
    kind: z.enum(CONNECTION_KINDS),
    url: z
      .string()
      .max(4000)
      .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must be a postgres:// URL'),
  })
  .strict();

export interface ConnectionDto {
  name: string;
  kind: ConnectionKind;
  /** `api`: created with POST /api/v1/connections (stored encrypted); `config`: from CLOSEWATCH_CONNECTION_<NAME>. */
  origin: 'api' | 'config';
  createdAt: string | null;
  updatedAt: string | null;
  /** Reconciliations whose source or target use it. */
  usedBy: string[];
}

export interface ConnectionTestResult {
  ok: boolean;
  latencyMs: number;
  serverVersion: string | null;
  /** Why the connection failed (the URL and its password are never part of it). */
  error: string | null;
}

// ---------------------------------------------------------------------------------------------
// Definitions
// ---------------------------------------------------------------------------------------------

/** A field on both sides (`"entity"`) or with a name per side. */
export type ReconFieldRef = string | { source: string; target: string };
export type ReconKeySpec =
  | ReconFieldRef
  | ({ source: string; target: string } & { type?: 'string' | 'number' | 'date' | 'uuid' })
  | { field: ReconFieldRef; type?: 'string' | 'number' | 'date' | 'uuid' };
export interface ReconTolerance {
  abs?: string;
  rel?: string;
  days?: number;
  ignoreCase?: boolean;
  ignoreWhitespace?: boolean;
}
export type ReconCompareSpec =
  | ReconFieldRef
  | (({ source: string; target: string } | { field: ReconFieldRef }) & {
      type?: 'auto' | 'string' | 'number' | 'amount' | 'date' | 'uuid';
      tolerance?: ReconTolerance;
      amount?: boolean;
    });
export interface ReconTotalsSpec {
  amount: ReconFieldRef;
  groupBy?: ReconFieldRef[];
}
export interface ReconFieldMapping {
  from: string;
  to?: string;
  trim?: boolean;
  nullIfEmpty?: boolean;
  upper?: boolean;
  lower?: boolean;
  minorUnits?: number | { currencyField: string };
}

export interface PostgresDataset {
  connector: 'postgres';
  connection: string;
  /** Exactly one read-only SELECT (checked by PostgreSQL's parser); scope parameters as `:period`, `:entity` are bound, or inlined only where the parser places them. */
  query: string;
}

export interface CsvDataset {
  connector: 'csv';
  /** A file under CLOSEWATCH_CSV_DIR (relative); may contain `:period`-style scope parameters. */
  path?: string;
  /** Or an uploaded file (POST /api/v1/recon-files). */
  file?: string;
  /** First line names the columns (default true); else `columns` does. */
  header?: boolean;
  columns?: string[];
  delimiter?: string;
  quote?: string;
  /** `,` for files written with a decimal comma: numeric fields are read with it. */
  decimalSeparator?: '.' | ',';
  encoding?: 'utf8' | 'latin1';
}

export type HttpPagination =
  | { type: 'none' }
  /** The next request carries `param=<value at path>` until the value is empty. */
  | { type: 'cursor'; param: string; path: string }
  /** The next request goes to the URL at `path` in the body (or the `Link: rel="next"` header with path `link-header`). */
  | { type: 'next-link'; path: string };

export interface HttpDataset {
  connector: 'http';
  /** http(s) URL; scope parameters (`:period`) in it are URL-encoded. */
  url: string;
  /** Dotted path to the array of records in each page (`data.items`); empty: the page is the array. */
  recordsPath?: string;
  pagination?: HttpPagination;
  /** Name of a header set from configuration (CLOSEWATCH_HTTP_HEADERS_<NAME>), e.g. an API token. */
  headers?: string;
  /** Safety limit on pages per run (default 10 000). */
  maxPages?: number;
}

export interface TelemetryDataset {
  connector: 'telemetry';
  /** The stage and system at which Closewatch saw the records, e.g. emitted in coupa. */
  stage: (typeof STAGES)[number];
  system: string;
  /** Default: the reconciliation's flow. */
  flow?: string;
}

export type ReconDataset = PostgresDataset | CsvDataset | HttpDataset | TelemetryDataset;

export interface ReconSchedule {
  cron: string;
  timezone: string;
}

/** `POST /api/v1/recons` and `PUT /api/v1/recons/:id` (the fixed shape, plus mappings, mode, recordKey). */
export interface ReconDefinitionBody {
  id: string;
  name: string;
  flow: string;
  description?: string | null;
  enabled?: boolean;
  source: ReconDataset;
  target: ReconDataset;
  key: ReconKeySpec[];
  compare?: ReconCompareSpec[];
  totals?: ReconTotalsSpec;
  mappings?: { source?: ReconFieldMapping[]; target?: ReconFieldMapping[] };
  /** Parameters bound into queries, paths and URLs; `period` may be `current` or `previous`. */
  scope?: Record<string, string>;
  schedule?: ReconSchedule | null;
  materiality?: { amount: string; currency: string } | null;
  /** Source name of the key field that is the record key in telemetry (default: the first key field). */
  recordKey?: string;
  mode?: ReconMode;
}

const name = z.string().trim().min(1, 'must name a field').max(200);
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

const postgresDataset = z
  .object({ connector: z.literal('postgres'), connection: z.string().regex(CONNECTION_NAME_PATTERN, 'must name a connection'), query: text(100_000) })
  .strict();

const csvDataset = z
  .object({
    connector: z.literal('csv'),
    path: text(1000).optional(),
    file: z
      .string()
      .regex(/^[a-f0-9-]{36}$/, 'must be a file id answered by POST /api/v1/recon-files')
      .optional(),
    header: z.boolean().optional(),
    columns: z.array(name).min(1).max(1000).optional(),
    delimiter: z.string().length(1, 'must be one character').optional(),
    quote: z.string().length(1, 'must be one character').optional(),
    decimalSeparator: z.enum(['.', ',']).optional(),
    encoding: z.enum(['utf8', 'latin1']).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if ((d.path === undefined) === (d.file === undefined)) ctx.addIssue({ code: 'custom', path: ['path'], message: 'give either path or file' });
    if (d.header === false && !d.columns) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'must name the columns of a file without a header line' });
    if (d.delimiter !== undefined && d.delimiter === d.quote) ctx.addIssue({ code: 'custom', path: ['quote'], message: 'must differ from the delimiter' });
  });

const jsonPath = z
  .string()
  .max(500)
  .regex(/^[^.\s]*(\.[^.\s]+)*$/, 'must be a dotted path such as "meta.next_cursor"');

const httpDataset = z
  .object({
    connector: z.literal('http'),
    url: z
      .string()
      .max(4000)
      .regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL'),
    recordsPath: jsonPath.optional(),
    pagination: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('none') }).strict(),
        z.object({ type: z.literal('cursor'), param: text(200), path: jsonPath.min(1) }).strict(),
        z.object({ type: z.literal('next-link'), path: jsonPath.min(1) }).strict(),
      ])
      .optional(),
    headers: z.string().regex(CONNECTION_NAME_PATTERN, 'must name a configured header set (CLOSEWATCH_HTTP_HEADERS_<NAME>)').optional(),
    maxPages: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

const telemetryDataset = z
  .object({
    connector: z.literal('telemetry'),
    stage: z.enum(STAGES),
    system: text(100),
    flow: z.string().regex(FLOW_ID_PATTERN, 'must be a flow id').optional(),
  })
  .strict();

export const reconDatasetSchema = z.discriminatedUnion('connector', [postgresDataset, csvDataset, httpDataset, telemetryDataset], {
  error: 'must be a dataset with connector postgres, csv, http or telemetry',
});

const scopeSchema = z.record(z.string().regex(SCOPE_PARAM_PATTERN, 'scope parameters are names such as "period" or "entity"'), z.string().max(200));

const scheduleSchema = z
  .object({ cron: text(200), timezone: text(100).default('UTC') })
  .strict()
  .superRefine((s, ctx) => {
    const zoneOk = isTimeZone(s.timezone);
    if (!zoneOk) ctx.addIssue({ code: 'custom', path: ['timezone'], message: `is not an IANA time zone such as "Europe/Berlin": ${s.timezone}` });
    const problem = cronProblem(s.cron, zoneOk ? s.timezone : 'UTC');
    if (problem) ctx.addIssue({ code: 'custom', path: ['cron'], message: problem });
  });

const materialitySchema = z
  .object({
    amount: z
      .union([z.string().trim(), z.number().finite().transform(String)])
      .pipe(z.string().regex(MONEY_PATTERN, 'must be a non-negative decimal string such as "1000.00"'))
      .transform(canonicalMoney),
    currency: z.string().regex(CURRENCY_PATTERN, 'must be an ISO 4217 code such as "USD"'),
  })
  .strict();

/**
 * The definition around the engine's part: identity, flow, datasets, scope, schedule,
 * materiality. `key`, `compare`, `totals` and `mappings` pass through here and are validated by
 * compileRecon, which names paths such as `compare[2].tolerance.rel`.
 */
export const reconDefinitionSchema = z
  .object({
    id: z.string().regex(RECON_ID_PATTERN, 'must be a lowercase slug such as "coupa-oracle-invoices"'),
    name: text(200),
    flow: z.string().regex(FLOW_ID_PATTERN, 'must be a flow id from the catalog'),
    description: z.string().max(4000).nullish(),
    enabled: z.boolean().optional(),
    source: reconDatasetSchema,
    target: reconDatasetSchema,
    key: z.array(z.unknown()),
    compare: z.array(z.unknown()).optional(),
    totals: z.unknown().optional(),
    mappings: z.unknown().optional(),
    scope: scopeSchema.optional(),
    schedule: scheduleSchema.nullish(),
    materiality: materialitySchema.nullish(),
    recordKey: name.optional(),
    mode: z.enum(RECON_MODES).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const period = d.scope?.period;
    if (period !== undefined && !PERIOD_PATTERN.test(period) && !(RELATIVE_PERIODS as readonly string[]).includes(period)) {
      ctx.addIssue({ code: 'custom', path: ['scope', 'period'], message: 'must be an accounting period YYYY-MM, "current" or "previous"' });
    }
  });

/** Optional body of `POST /api/v1/recons/:id/runs`: scope values that override the definition's for this run. */
export const startRunSchema = z
  .object({
    scope: scopeSchema.optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const period = d.scope?.period;
    if (period !== undefined && !PERIOD_PATTERN.test(period) && !(RELATIVE_PERIODS as readonly string[]).includes(period)) {
      ctx.addIssue({ code: 'custom', path: ['scope', 'period'], message: 'must be an accounting period YYYY-MM, "current" or "previous"' });
    }
  });
export type StartRunRequest = z.infer<typeof startRunSchema>;

export interface StartRunResponse {
  runId: string;
}

// ---------------------------------------------------------------------------------------------
// Runs and breaks
// ---------------------------------------------------------------------------------------------

export interface GroupTotalDto {
  /** Group values under the source names of totals.groupBy (`{currency: "USD", entity: "US01"}`). */
  group: Record<string, string | null>;
  rows: number;
  /** Exact sum as a decimal string; null without a totals amount. */
  amount: string | null;
}

export interface ReconSideSummaryDto {
  rows: number;
  totals: GroupTotalDto[];
  /** Rows whose totals amount is present but not a number (left out of the sums). */
  invalidAmounts: number;
}

export type BreakCountsDto = Record<ReconBreakType, number>;

/** The run summary, a fixed contract (docs/reconciliation.md). */
export interface ReconSummaryDto {
  source: ReconSideSummaryDto;
  target: ReconSideSummaryDto;
  matched: number;
  breaks: BreakCountsDto;
}

export interface GroupComparisonDto {
  group: Record<string, string | null>;
  source: { rows: number; amount: string | null };
  target: { rows: number; amount: string | null };
  rowsDifference: number;
  amountDifference: string | null;
  balanced: boolean;
}

export interface ReconRunErrorDto {
  /** `connection_failed`, `statement_timeout`, `read_only_violation`, `query_failed`, `invalid_input`, `http_failed`, `http_refused`, `http_too_large`, `file_failed`, `worker_lost`, … */
  code: string;
  message: string;
  /** Whether the retry policy retries it (a new run with `retryOf` set). */
  retryable: boolean;
}

export interface AmountDto {
  amount: string;
  currency: string;
}

/** `GET /api/v1/recon-runs/:runId`. `summary` is set once the run succeeded. */
export interface ReconRunDto {
  runId: string;
  reconId: string;
  flow: string;
  status: ReconRunStatus;
  trigger: ReconRunTrigger;
  mode: ReconMode;
  /** The scope the run used (the definition's, overridden by the request, relative periods resolved). */
  scope: Record<string, string>;
  attempt: number;
  retryOf: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** Rows read so far on each side (persisted every few thousand rows while running). */
  progress: { source: number; target: number; updatedAt: string | null };
  summary: ReconSummaryDto | null;
  /** Totals per group compared across the sides (target minus source). */
  groups: GroupComparisonDto[];
  /** matched ÷ the larger side's rows, in percent (2 decimals); null before the run succeeded. */
  matchedPct: number | null;
  /** Breaks by lineage classification. */
  classifications: Partial<Record<BreakClassificationKind, number>>;
  /** Amount at risk of the run's breaks, per currency. */
  amountAtRisk: AmountDto[];
  /** Whether the amount at risk in the materiality currency reached the definition's materiality. */
  material: boolean | null;
  /** Exceptions written and auto-resolved by the run; `skipped`: breaks beyond CLOSEWATCH_RECON_MAX_EXCEPTIONS that raised none. */
  exceptions: { raised: number; resolved: number; skipped: number };
  error: ReconRunErrorDto | null;
  cancelRequestedAt: string | null;
  /** Bisect mode only: checksums computed, segments confirmed equal, rows transferred. */
  bisect: { checksums: number; equalSegments: number; equalRows: number; leafSegments: number; transferred: { source: number; target: number } } | null;
  /**
   * Merge mode over two PostgreSQL datasets: the ranges of the first key field the run was read
   * in, each by a worker thread of its own (CLOSEWATCH_RECON_THREADS), `from` included and `to`
   * left out, null for an open end; null when each side was read whole.
   */
  keyRanges: ReconKeyRange[] | null;
}

/** A range of the first key field's values: `from` included, `to` left out, null for an open end. */
export interface ReconKeyRange {
  from: string | null;
  to: string | null;
}

/** A key range in words: `from "A" up to "M"`, `from the first key`, `to the last`. */
export function keyRangeText(r: ReconKeyRange): string {
  return `${r.from === null ? 'from the first key' : `from ${JSON.stringify(r.from)}`} ${r.to === null ? 'to the last' : `up to ${JSON.stringify(r.to)}`}`;
}

/** One entry of `GET /api/v1/recons/:id/runs` (newest first): enough for a trend chart. */
export interface ReconRunHistoryDto {
  runId: string;
  status: ReconRunStatus;
  trigger: ReconRunTrigger;
  scope: Record<string, string>;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  sourceRows: number | null;
  targetRows: number | null;
  matched: number | null;
  matchedPct: number | null;
  breaks: BreakCountsDto | null;
  /** Sum of breaks of every type. */
  totalBreaks: number | null;
  error: ReconRunErrorDto | null;
}

export type BreakClassificationDto =
  | { kind: 'never_emitted'; exception: true }
  | { kind: 'failed_at_hop'; exception: true; system: string; stage: string; errorClass: string | null; occurredAt: string }
  | { kind: 'in_flight'; exception: false; since: string; ageMs: number }
  | { kind: 'posted_late'; exception: true; since: string; postedAt: string | null; lagMs: number }
  | { kind: 'unexplained'; exception: true };

/** `GET /api/v1/recon-runs/:runId/breaks`, in key order. */
export interface ReconBreakDto {
  id: string;
  type: ReconBreakType;
  /** Key fields under their source names. */
  key: Record<string, string | null>;
  /** The record key looked up in telemetry (the definition's recordKey field). */
  recordKey: string | null;
  source: Record<string, unknown> | null;
  target: Record<string, unknown> | null;
  differences: { field: string; targetField: string; source: unknown; target: unknown; difference?: string }[] | null;
  /** duplicate_key: the side with several rows and how many. */
  side: 'source' | 'target' | null;
  rows: number | null;
  amountAtRisk: string | null;
  currency: string | null;
  classification: BreakClassificationDto | null;
  /** The exception the break raised (none for in-flight breaks and before the run finished). */
  exceptionId: string | null;
}

/** Brief last run shown in the list of reconciliations. */
export interface ReconLastRunDto {
  runId: string;
  status: ReconRunStatus;
  queuedAt: string;
  finishedAt: string | null;
  matched: number | null;
  matchedPct: number | null;
  breaks: BreakCountsDto | null;
  totalBreaks: number | null;
  error: ReconRunErrorDto | null;
}

/** A definition as stored, with what the list and detail pages show next to it. */
export interface ReconDto extends ReconDefinitionBody {
  enabled: boolean;
  mode: ReconMode;
  scope: Record<string, string>;
  schedule: ReconSchedule | null;
  materiality: { amount: string; currency: string } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Next scheduled run (null without a schedule or when disabled). */
  nextRunAt: string | null;
  lastRun: ReconLastRunDto | null;
  /** The last run that finished successfully (may be the last run). */
  lastSucceededRun: ReconLastRunDto | null;
}

export interface ReconFileDto {
  file: string;
  bytes: number;
  createdAt: string;
}

// ---------------------------------------------------------------------------------------------
// Live events (socket.io, libs/contracts socket.ts)
// ---------------------------------------------------------------------------------------------

/** Rows read so far by a running reconciliation (throttled). */
export interface ReconProgressEvent {
  runId: string;
  reconId: string;
  source: number;
  target: number;
  at: string;
}

/** A run changed status (queued, running, finished); summary counts once it succeeded. */
export interface ReconRunEvent {
  runId: string;
  reconId: string;
  flow: string;
  status: ReconRunStatus;
  matched: number | null;
  breaks: BreakCountsDto | null;
  error: ReconRunErrorDto | null;
  at: string;
}
