import { type Dec, parseDecimal } from './decimal';
import { COMPARE_TYPES, KEY_TYPES, type CompareType, type FieldMapping, type FieldPair, type KeyType, type ReconDefinition, type Side } from './definition';
import { type DefinitionIssue, ReconDefinitionError } from './errors';
import { MICROS_PER_DAY } from './instant';

/** A key part resolved: both side names and the type that orders it. */
export interface PlanKey extends FieldPair {
  type: KeyType;
}

/** A field carried with every row for comparisons, totals and break output. */
export interface PlanField extends FieldPair {
  /** Money or number: written to break output as a decimal string. */
  decimal: boolean;
}

/** A compared field resolved: its type, its tolerance in engine units, its slot in the projection. */
export interface PlanCompare extends FieldPair {
  type: Exclude<CompareType, 'amount'>;
  /** A difference is an `amount_mismatch` (else a `field_mismatch`). */
  amount: boolean;
  abs: Dec | null;
  rel: Dec | null;
  /** Date window in microseconds. */
  windowMicros: number | null;
  ignoreCase: boolean;
  ignoreWhitespace: boolean;
  /** Index of the field in `ReconPlan.fields`. */
  slot: number;
}

export interface PlanTotals {
  /** Slot of the summed amount in `ReconPlan.fields`. */
  amountSlot: number;
  /** Slots of the group fields in `ReconPlan.fields`, and their source names (group labels). */
  groupSlots: number[];
  groupNames: string[];
}

/** A validated definition, ready for the engine. */
export interface ReconPlan {
  /** Marks a compiled plan (a definition never has it). */
  readonly compiled: true;
  keys: PlanKey[];
  compares: PlanCompare[];
  /** Every non-key field a row carries: compared fields, then the totals amount and groups. */
  fields: PlanField[];
  totals: PlanTotals | null;
  mappings: Record<Side, FieldMapping[]>;
}

/**
 * Validates a definition and resolves it into a plan. Throws ReconDefinitionError listing
 * every problem with its path (`key[0].type`, `compare[2].tolerance.rel`), so an API can
 * answer 400 with field-level details. Accepts untrusted JSON.
 */
export function compileRecon(definition: ReconDefinition): ReconPlan {
  const issues: DefinitionIssue[] = [];
  const def = definition as unknown;
  if (!isObject(def)) throw new ReconDefinitionError([{ field: '', message: 'must be an object' }]);

  const keys = compileKeys(def.key, issues);
  const totalsInput = def.totals;
  const fields: PlanField[] = [];
  const slotOf = (pair: FieldPair, decimal: boolean): number => {
    const i = fields.findIndex((f) => f.source === pair.source && f.target === pair.target);
    if (i >= 0) {
      fields[i].decimal ||= decimal;
      return i;
    }
    fields.push({ ...pair, decimal });
    return fields.length - 1;
  };

  let totalsAmount: FieldPair | null = null;
  if (totalsInput !== undefined && totalsInput !== null) {
    if (!isObject(totalsInput)) issues.push({ field: 'totals', message: 'must be an object with amount and groupBy' });
    else totalsAmount = fieldRef(totalsInput.amount, 'totals.amount', issues);
  }

  const compares = compileCompares(def.compare, totalsAmount, slotOf, issues);

  let totals: PlanTotals | null = null;
  if (isObject(totalsInput) && totalsAmount) {
    const groupBy = totalsInput.groupBy ?? [];
    const groupPairs: FieldPair[] = [];
    if (!Array.isArray(groupBy)) issues.push({ field: 'totals.groupBy', message: 'must be an array of fields' });
    else
      groupBy.forEach((g, i) => {
        const pair = fieldRef(g, `totals.groupBy[${i}]`, issues);
        if (pair) groupPairs.push(pair);
      });
    totals = {
      amountSlot: slotOf(totalsAmount, true),
      groupSlots: groupPairs.map((p) => slotOf(p, false)),
      groupNames: groupPairs.map((p) => p.source),
    };
  }

  const mappings = compileMappings(def.mappings, issues);
  if (issues.length > 0) throw new ReconDefinitionError(issues);
  return { compiled: true, keys, compares, fields, totals, mappings };
}

function compileKeys(input: unknown, issues: DefinitionIssue[]): PlanKey[] {
  if (!Array.isArray(input) || input.length === 0) {
    issues.push({ field: 'key', message: 'must name at least one key field' });
    return [];
  }
  const keys: PlanKey[] = [];
  input.forEach((entry, i) => {
    const path = `key[${i}]`;
    const pair = fieldRef(entry, path, issues);
    let type: KeyType = 'string';
    if (isObject(entry) && entry.type !== undefined) {
      if (!KEY_TYPES.includes(entry.type as KeyType)) issues.push({ field: `${path}.type`, message: `must be one of ${KEY_TYPES.join(', ')}` });
      else type = entry.type as KeyType;
    }
    if (!pair) return;
    if (keys.some((k) => k.source === pair.source)) issues.push({ field: path, message: `key field "${pair.source}" is named twice` });
    keys.push({ ...pair, type });
  });
  return keys;
}

function compileCompares(
  input: unknown,
  totalsAmount: FieldPair | null,
  slotOf: (pair: FieldPair, decimal: boolean) => number,
  issues: DefinitionIssue[],
): PlanCompare[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) {
    issues.push({ field: 'compare', message: 'must be an array of fields' });
    return [];
  }
  const out: PlanCompare[] = [];
  input.forEach((entry, i) => {
    const path = `compare[${i}]`;
    const pair = fieldRef(entry, path, issues);
    const spec = isObject(entry) ? entry : {};
    const tol = spec.tolerance ?? {};
    if (!isObject(tol)) {
      issues.push({ field: `${path}.tolerance`, message: 'must be an object' });
      return;
    }
    let explicit: CompareType | undefined;
    if (spec.type !== undefined) {
      if (!COMPARE_TYPES.includes(spec.type as CompareType)) {
        issues.push({ field: `${path}.type`, message: `must be one of ${COMPARE_TYPES.join(', ')}` });
        return;
      }
      explicit = spec.type as CompareType;
    }
    if (spec.amount !== undefined && typeof spec.amount !== 'boolean') issues.push({ field: `${path}.amount`, message: 'must be true or false' });

    const abs = tolerance(tol.abs, `${path}.tolerance.abs`, issues);
    const rel = tolerance(tol.rel, `${path}.tolerance.rel`, issues);
    let windowMicros: number | null = null;
    if (tol.days !== undefined) {
      if (typeof tol.days !== 'number' || !Number.isFinite(tol.days) || tol.days < 0)
        issues.push({ field: `${path}.tolerance.days`, message: 'must be a number of days, 0 or more' });
      else windowMicros = Math.round(tol.days * MICROS_PER_DAY);
    }
    for (const flag of ['ignoreCase', 'ignoreWhitespace'] as const) {
      if (tol[flag] !== undefined && typeof tol[flag] !== 'boolean') issues.push({ field: `${path}.tolerance.${flag}`, message: 'must be true or false' });
    }
    const textOption = tol.ignoreCase === true || tol.ignoreWhitespace === true;
    const isTotalsAmount = !!pair && !!totalsAmount && pair.source === totalsAmount.source && pair.target === totalsAmount.target;

    let type: CompareType = explicit ?? 'auto';
    if (!explicit) {
      if (spec.amount === true || ((abs || rel || !(windowMicros !== null || textOption)) && isTotalsAmount)) type = 'amount';
      else if (abs || rel) type = 'number';
      else if (windowMicros !== null) type = 'date';
      else if (textOption) type = 'string';
    }
    const amount = type === 'amount' || spec.amount === true;
    const numeric = type === 'number' || type === 'amount';
    if ((abs || rel) && !numeric) issues.push({ field: `${path}.tolerance`, message: `abs and rel apply to numbers, not to a ${type} field` });
    if (windowMicros !== null && type !== 'date') issues.push({ field: `${path}.tolerance.days`, message: `days applies to dates, not to a ${type} field` });
    if (textOption && type !== 'string' && type !== 'auto')
      issues.push({ field: `${path}.tolerance`, message: `ignoreCase and ignoreWhitespace apply to text, not to a ${type} field` });
    if (amount && !numeric) issues.push({ field: `${path}.amount`, message: `an amount must be compared as a number, not as ${type}` });
    if (!pair) return;
    out.push({
      ...pair,
      type: type === 'amount' ? 'number' : textOption && type === 'auto' ? 'string' : type,
      amount,
      abs,
      rel,
      windowMicros,
      ignoreCase: tol.ignoreCase === true,
      ignoreWhitespace: tol.ignoreWhitespace === true,
      slot: slotOf(pair, numeric),
    });
  });
  return out;
}

function tolerance(value: unknown, path: string, issues: DefinitionIssue[]): Dec | null {
  if (value === undefined || value === null) return null;
  const d = typeof value === 'string' || typeof value === 'number' ? parseDecimal(value) : undefined;
  if (!d || d.isNegative()) {
    issues.push({ field: path, message: 'must be a decimal string, 0 or more (e.g. "0.01")' });
    return null;
  }
  return d;
}

function compileMappings(input: unknown, issues: DefinitionIssue[]): Record<Side, FieldMapping[]> {
  const out: Record<Side, FieldMapping[]> = { source: [], target: [] };
  if (input === undefined || input === null) return out;
  if (!isObject(input)) {
    issues.push({ field: 'mappings', message: 'must be an object with source and target lists' });
    return out;
  }
  for (const side of ['source', 'target'] as const) {
    const list = input[side];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      issues.push({ field: `mappings.${side}`, message: 'must be an array of mappings' });
      continue;
    }
    list.forEach((m, i) => {
      const path = `mappings.${side}[${i}]`;
      if (!isObject(m)) return issues.push({ field: path, message: 'must be an object' });
      if (!nonEmpty(m.from)) return issues.push({ field: `${path}.from`, message: 'must name a field' });
      if (m.to !== undefined && !nonEmpty(m.to)) issues.push({ field: `${path}.to`, message: 'must name a field' });
      for (const flag of ['nullIfEmpty', 'trim', 'upper', 'lower'] as const) {
        if (m[flag] !== undefined && typeof m[flag] !== 'boolean') issues.push({ field: `${path}.${flag}`, message: 'must be true or false' });
      }
      if (m.upper === true && m.lower === true) issues.push({ field: `${path}.upper`, message: 'upper and lower exclude each other' });
      const mu = m.minorUnits;
      if (mu !== undefined) {
        const okDigits = typeof mu === 'number' && Number.isInteger(mu) && mu >= 0 && mu <= 18;
        const okCurrency = isObject(mu) && nonEmpty(mu.currencyField);
        if (!okDigits && !okCurrency)
          issues.push({ field: `${path}.minorUnits`, message: 'must be a number of digits (0 to 18) or {"currencyField": "<field>"}' });
      }
      out[side].push(m as unknown as FieldMapping);
    });
  }
  return out;
}

/** A FieldRef (string, {source, target} or {field}) as a pair of side names, or null with an issue. */
function fieldRef(entry: unknown, path: string, issues: DefinitionIssue[]): FieldPair | null {
  if (nonEmpty(entry)) return { source: entry, target: entry };
  if (isObject(entry)) {
    if ('field' in entry) return fieldRef(entry.field, `${path}.field`, issues);
    const okSource = nonEmpty(entry.source);
    const okTarget = nonEmpty(entry.target);
    if (okSource && okTarget) return { source: entry.source as string, target: entry.target as string };
    if (!okSource) issues.push({ field: `${path}.source`, message: 'must name the source field' });
    if (!okTarget) issues.push({ field: `${path}.target`, message: 'must name the target field' });
    return null;
  }
  issues.push({ field: path, message: 'must be a field name or {"source", "target"}' });
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** A compiled plan as it is, or the definition compiled (throws ReconDefinitionError). */
export function asPlan(definition: ReconDefinition | ReconPlan): ReconPlan {
  return (definition as Partial<ReconPlan>).compiled === true ? (definition as ReconPlan) : compileRecon(definition as ReconDefinition);
}
