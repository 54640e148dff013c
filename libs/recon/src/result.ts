import { type JsonValue } from './json-value';
import { type KeyValue } from './key-encoding';

export const BREAK_TYPES = ['missing_in_target', 'unexpected_in_target', 'amount_mismatch', 'field_mismatch', 'duplicate_key'] as const;
export type BreakType = (typeof BREAK_TYPES)[number];

/** One compared field that differs in a matched pair. */
export interface FieldDifference {
  /** Source name of the field. */
  field: string;
  /** Target name of the field. */
  targetField: string;
  source: JsonValue;
  target: JsonValue;
  /** Numbers: target minus source, as a decimal string. */
  difference?: string;
}

/**
 * One break, JSON-ready (docs/reconciliation.md: `type`, `key` as an object of key fields under their
 * source names, the `source` and `target` values). `source`/`target` hold the row's key and
 * carried fields under that side's names, or null when the side has no row for the key.
 */
export interface ReconBreak {
  type: BreakType;
  key: Record<string, KeyValue>;
  source: Record<string, JsonValue> | null;
  target: Record<string, JsonValue> | null;
  /** amount_mismatch / field_mismatch: the fields that differ, with both values. */
  differences?: FieldDifference[];
  /** duplicate_key: the side with several rows for the key, and how many it has. */
  side?: 'source' | 'target';
  rows?: number;
  /**
   * The money the break puts in question, as a positive decimal string, when the definition
   * has a totals amount: a missing or unexpected row's amount, the size of an amount
   * difference, a mismatched row's source amount, the amount of a duplicate's extra rows.
   */
  amountAtRisk: string | null;
}

/** Count and amount of one group (`group` keys are the source names of totals.groupBy). */
export interface GroupTotal {
  group: Record<string, string | null>;
  rows: number;
  /** Exact sum as a decimal string; null without a totals amount. */
  amount: string | null;
}

export interface SideSummary {
  rows: number;
  /** One entry per group, sorted by group; a single `{}` group without groupBy. */
  totals: GroupTotal[];
  /** Rows whose totals amount is present but not a number (left out of the sums). */
  invalidAmounts: number;
}

/** One group compared across the sides: target minus source. */
export interface GroupComparison {
  group: Record<string, string | null>;
  source: { rows: number; amount: string | null };
  target: { rows: number; amount: string | null };
  rowsDifference: number;
  amountDifference: string | null;
  balanced: boolean;
}

/** The run `summary` (docs/reconciliation.md), plus the per-group comparison of totals. */
export interface ReconSummary {
  source: SideSummary;
  target: SideSummary;
  /** Keys with exactly one row on each side whose compared fields all agree. */
  matched: number;
  breaks: Record<BreakType, number>;
  groups: GroupComparison[];
}

export type BreakSinkFn = (batch: ReconBreak[]) => void | Promise<void>;

/** Rows read so far from each side. */
export interface ReconProgress {
  source: number;
  target: number;
}

export function emptyBreakCounts(): Record<BreakType, number> {
  return { missing_in_target: 0, unexpected_in_target: 0, amount_mismatch: 0, field_mismatch: 0, duplicate_key: 0 };
}
