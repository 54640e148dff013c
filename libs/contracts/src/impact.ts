import { type ExceptionType, type Severity } from './exceptions';
import { type FlowSyncStatus } from './sync-health';

/**
 * Finance impact (docs/impact.md): amount at risk in cash-affecting flows by entity and currency,
 * over time, and whether each board metric can be trusted for a period. Amounts are exact
 * decimal strings; conversions use the FX rates on or before the period's last day.
 */

/** An amount in the reporting currency, or why it could not be converted (never a silent zero). */
export type ConvertedAmountDto =
  | { ok: true; currency: string; amount: string; rates: { date: string; base: string; quote: string; rate: string }[] }
  | { ok: false; currency: string; reason: 'missing_rate'; message: string };

/** The sum in the reporting currency of the amounts that could be converted; `complete` is false when any could not. */
export interface ConvertedTotalDto {
  currency: string;
  amount: string;
  complete: boolean;
  /** The source currencies without a rate (their amounts are left out of `amount`). */
  missingCurrencies: string[];
}

/** One exception behind an amount: enough to list it and link to `/exceptions/:id`. */
export interface ImpactExceptionLinkDto {
  id: string;
  type: ExceptionType;
  flow: string;
  amountAtRisk: string;
  currency: string;
  severity: Severity;
  firstSeenAt: string;
}

/** Most exceptions listed under one row; `exceptions` counts them all. */
export const IMPACT_EXCEPTION_LINKS = 20;

/** One entity and currency of `GET /api/v1/impact/cash`. */
export interface CashImpactRowDto {
  /** Null for exceptions without an entity. */
  entity: string | null;
  currency: string;
  /** Sum of the unresolved exceptions' amount at risk, in `currency`. */
  amount: string;
  converted: ConvertedAmountDto;
  /** Unresolved exceptions with an amount behind this row. */
  exceptions: number;
  /** The cash flows they belong to, sorted. */
  flows: string[];
  /** The largest amounts first, at most IMPACT_EXCEPTION_LINKS. */
  items: ImpactExceptionLinkDto[];
}

/** `GET /api/v1/impact/cash?period=&currency=&entity=`. */
export interface CashImpactResponse {
  period: string;
  entity: string | null;
  reportingCurrency: string;
  asOf: string;
  /** By entity (nulls last), then currency. */
  rows: CashImpactRowDto[];
  /** Per source currency over every row. */
  byCurrency: { currency: string; amount: string; exceptions: number; converted: ConvertedAmountDto }[];
  total: ConvertedTotalDto;
  exceptions: number;
}

export const CASH_SERIES_STEPS = ['hour', 'day'] as const;
export type CashSeriesStep = (typeof CASH_SERIES_STEPS)[number];

/** The amount open at one instant (the end of a step). */
export interface CashSeriesPointDto {
  at: string;
  byCurrency: { currency: string; amount: string; exceptions: number }[];
  total: ConvertedTotalDto;
}

/** `GET /api/v1/impact/cash/series?period=&from=&to=&step=&currency=&entity=`: oldest first. */
export interface CashSeriesResponse {
  period: string;
  entity: string | null;
  /** The board metric whose feeding flows the series counts (`/board-metrics/series`), else null (cash flows). */
  metric: string | null;
  reportingCurrency: string;
  step: CashSeriesStep;
  from: string;
  to: string;
  /** Every currency that appears in a point, sorted. */
  currencies: string[];
  points: CashSeriesPointDto[];
}

/** Why a board metric is not trustworthy; each names the flow and, where there is one, what to open. */
export const BOARD_METRIC_REASON_KINDS = [
  'flow_unhealthy',
  'recon_missing',
  'recon_not_run',
  'recon_failed',
  'recon_material_breaks',
  'material_exception',
] as const;
export type BoardMetricReasonKind = (typeof BOARD_METRIC_REASON_KINDS)[number];

export interface BoardMetricReasonDto {
  kind: BoardMetricReasonKind;
  flow: string;
  message: string;
  exceptionId: string | null;
  reconId: string | null;
  runId: string | null;
}

/** A reconciliation of a feeding flow and its latest finished run of the period. */
export interface FlowReconStateDto {
  reconId: string;
  name: string;
  state: 'reconciled' | 'not_run' | 'failed' | 'material_breaks';
  runId: string | null;
  finishedAt: string | null;
  /** Breaks of that run (all types), null without a run. */
  breaks: number | null;
}

export interface BoardMetricFlowDto {
  flow: string;
  name: string;
  health: { status: FlowSyncStatus; healthy: boolean; reason: string };
  /** At least one reconciliation, and each one's latest run of the period succeeded without material breaks. */
  reconciled: boolean;
  recons: FlowReconStateDto[];
  amountAtRisk: ConvertedTotalDto;
  exceptions: number;
}

export interface BoardMetricDto {
  metric: string;
  trustworthy: boolean;
  /** Empty when trustworthy. */
  reasons: BoardMetricReasonDto[];
  amountAtRisk: ConvertedTotalDto;
  /** Unresolved exceptions of the period on the feeding flows. */
  exceptions: number;
  flows: BoardMetricFlowDto[];
}

/** `GET /api/v1/impact/board-metrics?period=&currency=`: every metric named by a flow, sorted. */
export interface BoardMetricsResponse {
  period: string;
  reportingCurrency: string;
  asOf: string;
  items: BoardMetricDto[];
}
