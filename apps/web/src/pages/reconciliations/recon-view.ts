import {
  type BreakClassificationDto,
  type BreakCountsDto,
  RECON_BREAK_TYPES,
  RECON_FINAL_STATUSES,
  type ReconBreakType,
  type ReconKeyRange,
  type ReconRunHistoryDto,
  type ReconRunStatus,
  keyRangeText,
} from '@closewatch/contracts/recon';
import { type Role } from '@closewatch/contracts/roles';

/** Roles that may start and cancel runs (POST /api/v1/recons/:id/runs, /recon-runs/:id/cancel). */
export const RECON_RUN_ROLES: readonly Role[] = ['admin', 'finance_ops', 'it_ops'];

export const BREAK_TYPE_LABEL: Record<ReconBreakType, string> = {
  missing_in_target: 'Missing in target',
  unexpected_in_target: 'Unexpected in target',
  amount_mismatch: 'Amount mismatch',
  field_mismatch: 'Field mismatch',
  duplicate_key: 'Duplicate key',
};

export function isFinal(status: ReconRunStatus): boolean {
  return (RECON_FINAL_STATUSES as readonly string[]).includes(status);
}

/** The break types with a non-zero count, in the contract's order. */
export function nonZeroBreaks(breaks: BreakCountsDto | null | undefined): { type: ReconBreakType; count: number }[] {
  if (!breaks) return [];
  return RECON_BREAK_TYPES.filter((t) => breaks[t] > 0).map((t) => ({ type: t, count: breaks[t] }));
}

/** How a break came about, from the record's lineage, as one line. */
export function classificationText(c: BreakClassificationDto | null): string {
  if (!c) return 'not classified';
  switch (c.kind) {
    case 'never_emitted':
      return 'Never emitted: the source system never sent it';
    case 'failed_at_hop':
      return `Failed at ${c.stage} in ${c.system}${c.errorClass ? ` (${c.errorClass})` : ''}`;
    case 'in_flight':
      return `In flight for ${formatDuration(c.ageMs)}, within the SLO`;
    case 'posted_late':
      return `Posted late${c.lagMs ? ` (after ${formatDuration(c.lagMs)})` : ''}`;
    case 'unexplained':
      return 'Unexplained: lineage shows no reason';
  }
}

/** `120 ms`, `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** A value of a source or target row as text (objects as JSON, null as a dash). */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Key fields as `inv_no=INV-001, entity=US01`. */
export function keyText(key: Record<string, string | null>): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}=${v ?? '∅'}`)
    .join(', ');
}

/** Group values as `currency=USD, entity=US01`, or `all` without a group. */
export function groupText(group: Record<string, string | null>): string {
  return Object.keys(group).length ? keyText(group) : 'all';
}

/**
 * Share of the expected rows read so far (0..1), expecting as many rows as the last finished
 * run read on that side; null when there is nothing to expect (the bar is then indeterminate).
 */
export function progressShare(read: number, expected: number | null | undefined): number | null {
  if (!expected || expected <= 0) return null;
  return Math.min(1, Math.max(0, read / expected));
}

export interface TrendPoint {
  runId: string;
  at: string;
  matchedPct: number;
  totalBreaks: number;
  breaks: BreakCountsDto;
}

/** Succeeded runs, oldest first, for the trend of matched % and break counts. */
export function trendPoints(history: readonly ReconRunHistoryDto[]): TrendPoint[] {
  return history
    .filter((r) => r.status === 'succeeded' && r.matchedPct !== null && r.breaks !== null)
    .map((r) => ({
      runId: r.runId,
      at: r.finishedAt ?? r.queuedAt,
      matchedPct: r.matchedPct ?? 0,
      totalBreaks: r.totalBreaks ?? 0,
      breaks: r.breaks as BreakCountsDto,
    }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** A difference as a decimal string is non-zero (`-0.00` and `0` are zero). */
export function isNonZeroDecimal(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && !/^[-+]?0*(\.0*)?$/.test(value);
}

/** A key or compared field of a definition: `entity`, or `inv_no → doc_ref` when the sides name it differently. */
export function fieldRefText(ref: unknown): string {
  if (typeof ref === 'string') return ref;
  if (ref && typeof ref === 'object') {
    const r = ref as { source?: unknown; target?: unknown; field?: unknown };
    if ('field' in r) return fieldRefText(r.field);
    if (typeof r.source === 'string' && typeof r.target === 'string') return r.source === r.target ? r.source : `${r.source} → ${r.target}`;
  }
  return JSON.stringify(ref);
}

/** The key ranges a run was read in, one per line. */
export function keyRangesText(ranges: readonly ReconKeyRange[]): string {
  return ranges.map((r, i) => `range ${i + 1}: ${keyRangeText(r)}`).join('\n');
}
