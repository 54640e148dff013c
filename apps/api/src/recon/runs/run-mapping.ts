import {
  type AmountDto,
  type BreakCountsDto,
  type GroupComparisonDto,
  type ReconLastRunDto,
  type ReconMode,
  type ReconRunDto,
  type ReconRunErrorDto,
  type ReconRunHistoryDto,
  type ReconRunStatus,
  type ReconRunTrigger,
  type ReconSideSummaryDto,
} from '@closewatch/contracts/recon';

/** A recon_runs row as raw SQL returns it (bigint columns as text). */
export interface RunRow {
  id: string;
  recon_id: string;
  flow_id: string;
  status: ReconRunStatus;
  trigger: ReconRunTrigger;
  mode: ReconMode;
  requested_scope: Record<string, string>;
  scope: Record<string, string>;
  attempt: number;
  retry_of: string | null;
  queued_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  cancel_requested_at: Date | string | null;
  source_rows: string | number;
  target_rows: string | number;
  progress_at: Date | string | null;
  matched: string | number | null;
  missing_in_target: string | number | null;
  unexpected_in_target: string | number | null;
  amount_mismatch: string | number | null;
  field_mismatch: string | number | null;
  duplicate_key: string | number | null;
  summary: { source: ReconSideSummaryDto; target: ReconSideSummaryDto; groups: GroupComparisonDto[]; keyRanges?: ReconRunDto['keyRanges'] } | null;
  classifications: Record<string, number>;
  amount_at_risk: AmountDto[];
  material: boolean | null;
  bisect: ReconRunDto['bisect'];
  exceptions_raised: number;
  exceptions_resolved: number;
  exceptions_skipped: number;
  error_code: string | null;
  error_message: string | null;
  error_retryable: boolean | null;
}

const withInvalid = (s: ReconSideSummaryDto): ReconSideSummaryDto => ({ rows: s.rows, totals: s.totals, invalidAmounts: s.invalidAmounts ?? 0 });
const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

function breaksOf(r: RunRow): BreakCountsDto | null {
  if (r.matched === null) return null;
  return {
    missing_in_target: Number(r.missing_in_target ?? 0),
    unexpected_in_target: Number(r.unexpected_in_target ?? 0),
    amount_mismatch: Number(r.amount_mismatch ?? 0),
    field_mismatch: Number(r.field_mismatch ?? 0),
    duplicate_key: Number(r.duplicate_key ?? 0),
  };
}

function errorOf(r: RunRow): ReconRunErrorDto | null {
  return r.error_code === null ? null : { code: r.error_code, message: r.error_message ?? '', retryable: r.error_retryable === true };
}

/** matched ÷ the larger side's rows, in percent with 2 decimals (100 when both sides are empty). */
export function matchedPct(matched: number | null, sourceRows: number | null, targetRows: number | null): number | null {
  if (matched === null || sourceRows === null || targetRows === null) return null;
  const larger = Math.max(sourceRows, targetRows);
  return larger === 0 ? 100 : Math.round((matched / larger) * 10_000) / 100;
}

function durationMs(r: RunRow): number | null {
  return r.started_at && r.finished_at ? new Date(r.finished_at).getTime() - new Date(r.started_at).getTime() : null;
}

export function toRunDto(r: RunRow): ReconRunDto {
  const breaks = breaksOf(r);
  const summary =
    r.status === 'succeeded' && r.summary && breaks
      ? { source: withInvalid(r.summary.source), target: withInvalid(r.summary.target), matched: Number(r.matched), breaks }
      : null;
  return {
    runId: r.id,
    reconId: r.recon_id,
    flow: r.flow_id,
    status: r.status,
    trigger: r.trigger,
    mode: r.mode,
    scope: r.status === 'queued' ? r.requested_scope : r.scope,
    attempt: r.attempt,
    retryOf: r.retry_of,
    queuedAt: iso(r.queued_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    durationMs: durationMs(r),
    progress: { source: Number(r.source_rows), target: Number(r.target_rows), updatedAt: iso(r.progress_at) },
    summary,
    groups: summary ? (r.summary?.groups ?? []) : [],
    matchedPct: summary ? matchedPct(summary.matched, summary.source.rows, summary.target.rows) : null,
    classifications: r.classifications ?? {},
    amountAtRisk: r.amount_at_risk ?? [],
    material: r.material,
    exceptions: { raised: r.exceptions_raised, resolved: r.exceptions_resolved, skipped: r.exceptions_skipped },
    error: errorOf(r),
    cancelRequestedAt: iso(r.cancel_requested_at),
    bisect: r.bisect ?? null,
    keyRanges: r.summary?.keyRanges?.map(({ from, to }) => ({ from, to })) ?? null, // jsonb keeps keys in its own order
  };
}

export function toHistoryDto(r: RunRow): ReconRunHistoryDto {
  const succeeded = r.status === 'succeeded';
  const breaks = succeeded ? breaksOf(r) : null;
  const sourceRows = succeeded ? Number(r.source_rows) : null;
  const targetRows = succeeded ? Number(r.target_rows) : null;
  const matched = succeeded ? num(r.matched) : null;
  return {
    runId: r.id,
    status: r.status,
    trigger: r.trigger,
    scope: r.status === 'queued' ? r.requested_scope : r.scope,
    queuedAt: iso(r.queued_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    durationMs: durationMs(r),
    sourceRows,
    targetRows,
    matched,
    matchedPct: matchedPct(matched, sourceRows, targetRows),
    breaks,
    totalBreaks: breaks ? Object.values(breaks).reduce((a, b) => a + b, 0) : null,
    error: errorOf(r),
  };
}

export function toLastRunDto(r: RunRow): ReconLastRunDto {
  const h = toHistoryDto(r);
  return {
    runId: h.runId,
    status: h.status,
    queuedAt: h.queuedAt,
    finishedAt: h.finishedAt,
    matched: h.matched,
    matchedPct: h.matchedPct,
    breaks: h.breaks,
    totalBreaks: h.totalBreaks,
    error: h.error,
  };
}
