import { type PlanCompare } from './compile';
import { decimalText, isDecimalLike, parseDecimal } from './decimal';
import { parseInstant } from './instant';
import { type JsonValue } from './json-value';

export interface CompareOutcome {
  equal: boolean;
  /** Numbers: target minus source, as a decimal string, when both are numbers. */
  difference?: string;
}

const EQUAL: CompareOutcome = { equal: true };
const DIFFERENT: CompareOutcome = { equal: false };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?\s*(Z|z|[+-]\d{2}(:?\d{2})?)?)?$/;

/**
 * Compares one field of a matched pair under its type and tolerance (compile.ts):
 * - null equals only null;
 * - numbers exactly, or within max(abs, rel × |source|) when a tolerance is given;
 * - dates as instants, within the window of `days` when given;
 * - text exactly, or ignoring case and/or whitespace (trimmed, inner runs as one space);
 * - uuids lower-cased;
 * - `auto`: decimals when both sides look like numbers, instants when both look like ISO
 *   dates, else text.
 * A value that does not parse as its type equals only the same raw text on the other side.
 */
export function compareField(spec: PlanCompare, source: JsonValue, target: JsonValue): CompareOutcome {
  const sNull = source === null;
  const tNull = target === null;
  if (sNull || tNull) return sNull && tNull ? EQUAL : DIFFERENT;
  // The same text or number is equal under every type (the common case, so decided first).
  if (source === target && typeof source !== 'object') return EQUAL;
  switch (spec.type) {
    case 'number':
      return compareNumbers(spec, source, target);
    case 'date':
      return compareDates(spec, source, target);
    case 'string':
      return compareText(spec, source, target);
    case 'uuid':
      return String(source).trim().toLowerCase() === String(target).trim().toLowerCase() ? EQUAL : DIFFERENT;
    case 'auto':
      if (isDecimalLike(source) && isDecimalLike(target)) return compareNumbers(spec, source, target);
      if (isIsoDate(source) && isIsoDate(target)) return compareDates(spec, source, target);
      return compareText(spec, source, target);
  }
}

function compareNumbers(spec: PlanCompare, source: JsonValue, target: JsonValue): CompareOutcome {
  if (typeof source === 'string' && source === target) return EQUAL;
  const s = parseDecimal(source);
  const t = parseDecimal(target);
  if (!s || !t) return String(source) === String(target) ? EQUAL : DIFFERENT;
  const diff = t.minus(s);
  if (diff.isZero()) return EQUAL;
  let allowed = spec.abs;
  if (spec.rel) {
    const relative = spec.rel.times(s.abs());
    if (!allowed || relative.gt(allowed)) allowed = relative;
  }
  const equal = allowed !== null && diff.abs().lte(allowed);
  return { equal, difference: decimalText(diff) };
}

function compareDates(spec: PlanCompare, source: JsonValue, target: JsonValue): CompareOutcome {
  const s = parseInstant(source);
  const t = parseInstant(target);
  if (s === null || s === undefined || t === null || t === undefined) return String(source) === String(target) ? EQUAL : DIFFERENT;
  return Math.abs(t - s) <= (spec.windowMicros ?? 0) ? EQUAL : DIFFERENT;
}

function compareText(spec: PlanCompare, source: JsonValue, target: JsonValue): CompareOutcome {
  const s = textOf(source);
  const t = textOf(target);
  if (s === t) return EQUAL;
  if (!spec.ignoreCase && !spec.ignoreWhitespace) return DIFFERENT;
  return normalizeText(spec, s) === normalizeText(spec, t) ? EQUAL : DIFFERENT;
}

function textOf(value: JsonValue): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function normalizeText(spec: PlanCompare, text: string): string {
  let out = text;
  if (spec.ignoreWhitespace) out = out.trim().replace(/\s+/g, ' ');
  if (spec.ignoreCase) out = out.toUpperCase().toLowerCase();
  return out;
}

function isIsoDate(value: JsonValue): boolean {
  return typeof value === 'string' && ISO_DATE.test(value.trim());
}
