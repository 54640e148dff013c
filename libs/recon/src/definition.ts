/**
 * A reconciliation definition as the engine sees it (docs/reconciliation.md): which
 * fields form the key, which are compared and with what tolerance, which totals are summed per
 * group, and how each side's fields are reshaped before any of that (mappings). A field given
 * as a plain string names the same field on both sides.
 *
 * The shapes accept the JSON of `POST /api/v1/recons` as it is: key entries `"entity"` or
 * `{"source": "inv_no", "target": "doc_ref"}`, compare entries `{"source", "target",
 * "tolerance"}`; properties the engine does not use (id, flow, connectors, schedule…) are
 * ignored. `compileRecon` (compile.ts) validates a definition and resolves it into a plan.
 */
export type FieldRef = string | FieldPair;

export interface FieldPair {
  source: string;
  target: string;
}

/** A field named either as a pair of side names or as `field` (a FieldRef). */
export type NamedField = FieldPair | { field: FieldRef };

/**
 * How a key part is ordered and matched. Strings by Unicode code point (= UTF-8 bytes, the
 * order of PostgreSQL `COLLATE "C"`), numbers numerically (exact decimals), dates by instant,
 * uuids lower-cased. Nulls sort after every value (PostgreSQL `ASC NULLS LAST`) and match
 * each other.
 */
export const KEY_TYPES = ['string', 'number', 'date', 'uuid'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** A key field; without `type` it is a string. */
export type KeySpec = FieldRef | (NamedField & { type?: KeyType });

/**
 * How a compared field is compared. `auto` (the default without a tolerance): numbers and
 * decimal strings as exact decimals, ISO dates as instants, anything else as text. `amount` is
 * a number whose difference is an `amount_mismatch` break (every other difference is a
 * `field_mismatch`).
 */
export const COMPARE_TYPES = ['auto', 'string', 'number', 'amount', 'date', 'uuid'] as const;
export type CompareType = (typeof COMPARE_TYPES)[number];

export interface Tolerance {
  /** Numbers: absolute difference allowed, as a decimal string. */
  abs?: string;
  /** Numbers: relative difference allowed, as a decimal string: 0.001 = 0.1 % of the source value. */
  rel?: string;
  /** Dates: days allowed between the two instants (may be fractional). */
  days?: number;
  /** Text: compare ignoring case. */
  ignoreCase?: boolean;
  /** Text: compare ignoring leading/trailing whitespace and treating inner runs as one space. */
  ignoreWhitespace?: boolean;
}

/**
 * A compared field. Without `type`: a field with `abs`/`rel` is a number, with `days` a date,
 * with a text option a string, the totals amount field an amount, anything else `auto`.
 * `amount: true` is the same as `type: "amount"`.
 */
export type CompareSpec = FieldRef | (NamedField & { type?: CompareType; tolerance?: Tolerance; amount?: boolean });

export interface TotalsSpec {
  /** The amount field summed on each side. */
  amount: FieldRef;
  /** Fields the counts and sums are grouped by (e.g. currency, entity, period). */
  groupBy?: FieldRef[];
}

/**
 * Reshapes one field of one side's rows before keys, comparisons and totals see them. `from`
 * is read from the raw row; the result is written to `to` (default: `from`), so a mapping can
 * rename. Steps run in this order: trim, nullIfEmpty, upper/lower, minorUnits.
 */
export interface FieldMapping {
  from: string;
  to?: string;
  /** Treat an empty or blank string as null, as CSV files mean it. */
  nullIfEmpty?: boolean;
  /** Remove leading and trailing whitespace from text. */
  trim?: boolean;
  upper?: boolean;
  lower?: boolean;
  /**
   * The value is an integer count of minor units (cents): divide by 10^digits. A number gives
   * the digits; `{currencyField}` takes them from the ISO 4217 exponent of the currency in that
   * raw field (JPY 0, USD 2, KWD 3, …).
   */
  minorUnits?: number | { currencyField: string };
}

export interface MappingsSpec {
  source?: FieldMapping[];
  target?: FieldMapping[];
}

export interface ReconDefinition {
  key: KeySpec[];
  compare?: CompareSpec[];
  totals?: TotalsSpec;
  mappings?: MappingsSpec;
}

export type Side = 'source' | 'target';

function refOf(spec: FieldRef | NamedField): FieldRef {
  if (typeof spec === 'string') return spec;
  if ('field' in spec) return spec.field;
  return spec;
}

export function sourceName(ref: FieldRef | NamedField): string {
  const r = refOf(ref);
  return typeof r === 'string' ? r : r.source;
}

export function targetName(ref: FieldRef | NamedField): string {
  const r = refOf(ref);
  return typeof r === 'string' ? r : r.target;
}

export function sideName(ref: FieldRef | NamedField, side: Side): string {
  return side === 'source' ? sourceName(ref) : targetName(ref);
}
