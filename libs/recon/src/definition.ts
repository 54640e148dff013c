/**
 * A reconciliation definition as the engine sees it (DESIGN.md, Reconciliation API): which
 * fields form the key, which are compared and with what tolerance, and which totals are
 * summed per group. A field given as a plain string names the same field on both sides.
 */
export type FieldRef = string | { source: string; target: string };

export interface Tolerance {
  /** Absolute difference allowed, as a decimal string (numbers). */
  abs?: string;
  /** Relative difference allowed, as a decimal string: 0.001 = 0.1 % of the source value. */
  rel?: string;
  /** Days allowed between two dates. */
  days?: number;
  /** Text: compare ignoring case. */
  ignoreCase?: boolean;
  /** Text: compare ignoring leading/trailing whitespace and runs of inner whitespace. */
  ignoreWhitespace?: boolean;
}

export interface CompareSpec {
  field: FieldRef;
  tolerance?: Tolerance;
  /** Whether a difference in this field is an `amount_mismatch` (else `field_mismatch`). */
  amount?: boolean;
}

export interface TotalsSpec {
  /** The amount field summed on each side. */
  amount: FieldRef;
  /** Fields the counts and sums are grouped by (e.g. currency, entity, period). */
  groupBy: FieldRef[];
}

export interface ReconDefinition {
  key: FieldRef[];
  compare: CompareSpec[];
  totals?: TotalsSpec;
}

export function sourceName(ref: FieldRef): string {
  return typeof ref === 'string' ? ref : ref.source;
}

export function targetName(ref: FieldRef): string {
  return typeof ref === 'string' ? ref : ref.target;
}
