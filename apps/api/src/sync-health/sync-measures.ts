import Decimal from 'decimal.js';
import { type ErrorClass } from '@closewatch/contracts/finance';
import {
  type ErrorClassRateDto,
  type MeasuresDataStatus,
  type MoneyTotalDto,
  SYNC_DATA_STATUSES,
  type SyncDataStatus,
  type SyncMeasuresDetailDto,
} from '@closewatch/contracts/sync-health';

/**
 * Rows the measure queries return for one flow, grouped by data status (and error class or
 * currency), so that measures for one data status or for all of them are sums of rows. Lag
 * percentiles cannot be summed: their rows come per data status and for `all`.
 */
export interface MinuteRow {
  dataStatus: SyncDataStatus;
  /** null for hops without an error class */
  errorClass: string | null;
  hops: number;
  errors: number;
  retries: number;
  deadLetters: number;
}
/** In-flight records of one data status and currency: count, past SLO, oldest, amount sum. */
export interface InFlightRow {
  dataStatus: SyncDataStatus;
  currency: string | null;
  count: number;
  pastSlo: number;
  oldest: Date | null;
  /** Exact decimal sum of the amounts, null when none of them has one. */
  amount: string | null;
}
/** Failed records (latest step failed, not posted, failing in the window) of one data status and currency. */
export interface FailedRow {
  dataStatus: SyncDataStatus;
  currency: string | null;
  count: number;
  amount: string | null;
}
export interface PostedRow {
  dataStatus: MeasuresDataStatus;
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}
export interface LastPostedRow {
  dataStatus: SyncDataStatus;
  at: Date;
}

export interface FlowMeasureRows {
  minutes: MinuteRow[];
  inFlight: InFlightRow[];
  failed: FailedRow[];
  posted: PostedRow[];
  lastPosted: LastPostedRow[];
  /** Ingest counters of the flow over the window (duplicates are known per flow only). */
  ingest: { hops: number; duplicates: number } | null;
}

export const emptyMeasureRows = (): FlowMeasureRows => ({
  minutes: [],
  inFlight: [],
  failed: [],
  posted: [],
  lastPosted: [],
  ingest: null,
});

export interface MeasureContext {
  now: Date;
  windowSeconds: number;
  /** Batch flows measure freshness from their last successful run. */
  freshnessFromRun: boolean;
  lastSuccessfulRunAt: Date | null;
}

/** The measures of one flow for one data status, or for all of them (`all`). */
export function measuresFor(rows: FlowMeasureRows, selection: MeasuresDataStatus, ctx: MeasureContext): SyncMeasuresDetailDto {
  const pick = <R extends { dataStatus: SyncDataStatus }>(list: R[]) => (selection === 'all' ? list : list.filter((r) => r.dataStatus === selection));
  const minutes = pick(rows.minutes);
  const hops = sum(minutes, (r) => r.hops);
  const errors = sum(minutes, (r) => r.errors);
  const errorsByClass = new Map<string, number>();
  for (const r of minutes) {
    if (r.errors > 0) errorsByClass.set(r.errorClass ?? 'unclassified', (errorsByClass.get(r.errorClass ?? 'unclassified') ?? 0) + r.errors);
  }

  const inFlight = pick(rows.inFlight);
  const oldest = inFlight.reduce<Date | null>((o, r) => (r.oldest && (!o || r.oldest < o) ? r.oldest : o), null);
  const posted = rows.posted.find((r) => r.dataStatus === selection);
  const lastPosted = pick(rows.lastPosted).reduce<Date | null>((l, r) => (!l || r.at > l ? r.at : l), null);
  const freshnessAt = ctx.freshnessFromRun ? ctx.lastSuccessfulRunAt : lastPosted;
  const recordsPosted = posted?.count ?? 0;
  const duplicates = selection === 'all' && rows.ingest ? rows.ingest.duplicates : selection === 'all' ? 0 : null;
  const deliveries = rows.ingest ? rows.ingest.hops + rows.ingest.duplicates : 0;

  return {
    dataStatus: selection,
    windowSeconds: ctx.windowSeconds,
    recordsPosted,
    throughputPerMinute: round2(recordsPosted / (ctx.windowSeconds / 60)),
    lagSeconds: { p50: roundLag(posted?.p50), p95: roundLag(posted?.p95), p99: roundLag(posted?.p99) },
    hops,
    errors,
    errorRate: rate(errors, hops),
    duplicates,
    duplicateRate: duplicates === null ? null : rate(duplicates, deliveries),
    retries: sum(minutes, (r) => r.retries),
    deadLetters: sum(minutes, (r) => r.deadLetters),
    inFlight: {
      count: sum(inFlight, (r) => r.count),
      pastSlo: sum(inFlight, (r) => r.pastSlo),
      oldestEmittedAt: oldest?.toISOString() ?? null,
      oldestAgeSeconds: oldest ? Math.max(0, Math.round((ctx.now.getTime() - oldest.getTime()) / 1000)) : null,
    },
    failedRecords: sum(pick(rows.failed), (r) => r.count),
    lastPostedAt: lastPosted?.toISOString() ?? null,
    freshnessSeconds: freshnessAt ? Math.max(0, Math.round((ctx.now.getTime() - freshnessAt.getTime()) / 1000)) : null,
    freshnessBasis: ctx.freshnessFromRun ? 'run' : 'posting',
    errorsByClass: [...errorsByClass.entries()]
      .map(([errorClass, n]): ErrorClassRateDto => ({ errorClass: errorClass as ErrorClass | 'unclassified', errors: n, rate: rate(n, hops) }))
      .sort((a, b) => b.errors - a.errors || a.errorClass.localeCompare(b.errorClass)),
    amountInFlight: moneyTotals(inFlight),
    amountFailed: moneyTotals(pick(rows.failed)),
  };
}

/** The data statuses a flow has measures for (hops in the window, postings, in flight or failed), in contract order. */
export function dataStatusesSeen(rows: FlowMeasureRows): SyncDataStatus[] {
  const seen = new Set<string>();
  for (const list of [rows.minutes, rows.inFlight, rows.failed]) for (const r of list) seen.add(r.dataStatus);
  for (const r of rows.posted) if (r.dataStatus !== 'all' && r.count > 0) seen.add(r.dataStatus);
  return SYNC_DATA_STATUSES.filter((s) => seen.has(s));
}

/**
 * Sums by currency, exact (decimal.js), currencies in alphabetical order; `records` counts the
 * records of that currency. Records without a currency or an amount are left out.
 */
export function moneyTotals(rows: readonly { currency: string | null; amount: string | null; count: number }[]): MoneyTotalDto[] {
  const by = new Map<string, { amount: Decimal; records: number }>();
  for (const r of rows) {
    if (r.currency === null || r.amount === null) continue;
    const cur = by.get(r.currency) ?? { amount: new Decimal(0), records: 0 };
    by.set(r.currency, { amount: cur.amount.plus(r.amount), records: cur.records + r.count });
  }
  return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, t]) => ({ currency, amount: t.amount.toFixed(), records: t.records }));
}

function sum<T>(rows: T[], f: (r: T) => number): number {
  return rows.reduce((s, r) => s + f(r), 0);
}

function rate(part: number, whole: number): number {
  return whole > 0 ? Math.min(1, part / whole) : 0;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Lag in seconds to the millisecond. */
function roundLag(n: number | null | undefined): number | null {
  return n === null || n === undefined ? null : Math.round(n * 1000) / 1000;
}
