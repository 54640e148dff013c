import { currencyExponent } from './currency-exponent';
import { parseDecimal } from './decimal';
import { type FieldMapping } from './definition';

export type Row = Record<string, unknown>;
export type RowMapper = (row: Row) => Row;

const identity: RowMapper = (row) => row;

/**
 * A function that applies a side's field mappings to one row: every mapping reads `from` in
 * the raw row and writes `to` in a shallow copy (the raw row is never changed). Without
 * mappings the row is passed through as it is.
 */
export function rowMapper(mappings: readonly FieldMapping[] | undefined): RowMapper {
  if (!mappings || mappings.length === 0) return identity;
  const steps = mappings.map((m) => ({ from: m.from, to: m.to ?? m.from, apply: valueMapper(m) }));
  return (row) => {
    const out: Row = { ...row };
    for (const step of steps) out[step.to] = step.apply(row[step.from], row);
    return out;
  };
}

/** The value transformation of one mapping (nullIfEmpty, trim, upper/lower, minorUnits). */
export function valueMapper(m: FieldMapping): (value: unknown, row: Row) => unknown {
  const minor = m.minorUnits;
  return (value, row) => {
    let v = value;
    if (typeof v === 'string') {
      if (m.trim) v = (v as string).trim();
      if (m.nullIfEmpty && (v as string).trim() === '') return null;
      if (m.upper) v = (v as string).toUpperCase();
      else if (m.lower) v = (v as string).toLowerCase();
    }
    if (minor !== undefined && v !== null && v !== undefined) {
      const digits = typeof minor === 'number' ? minor : currencyExponent(row[minor.currencyField]);
      v = fromMinorUnits(v, digits);
    }
    return v;
  };
}

/**
 * An integer count of minor units as a decimal string with `digits` decimals (12345, 2 →
 * "123.45"). A value that is not a number is returned unchanged, for the comparison to flag.
 */
export function fromMinorUnits(value: unknown, digits: number): unknown {
  const d = parseDecimal(value);
  if (d === null || d === undefined) return value;
  const shifted = d.div(10 ** digits);
  return shifted.decimalPlaces() <= digits ? shifted.toFixed(digits) : shifted.toFixed();
}
