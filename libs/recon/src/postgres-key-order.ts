import { asPlan, type ReconPlan } from './compile';
import { type KeyType, type ReconDefinition, type Side, sideName } from './definition';

/**
 * The ORDER BY list that makes PostgreSQL return a side's rows in the engine's key order, for
 * a query wrapped as `SELECT * FROM (<query>) AS q ORDER BY <this>`: strings `COLLATE "C"`
 * (code point order), uuids lower-cased, numbers as numeric, dates as timestamptz, every part
 * `ASC NULLS LAST`. Key fields produced by a mapping are ordered by the mapped expression
 * (trim → btrim, upper, lower, nullIfEmpty → nullif). The engine still verifies the order; a
 * mapping SQL cannot reproduce exactly (minor units per currency) throws: sort such a side in
 * the engine instead (`sorted: false`).
 */
export function postgresKeyOrder(definition: ReconDefinition | ReconPlan, side: Side, options: KeyOrderOptions = {}): string {
  const plan = asPlan(definition);
  return plan.keys.map((_, i) => `${postgresKeyExpression(plan, side, i, options)} ASC NULLS LAST`).join(', ');
}

/** How SQL orders a side's keys. */
export interface KeyOrderOptions {
  /**
   * Order string key fields read as they are (no mapping) by their columns' own collation instead
   * of `COLLATE "C"`, so that an index in that collation serves the ORDER BY and the range bounds.
   * Only for columns whose collation the caller has found to order strings as "C" does (e.g.
   * glibc's C.UTF-8, code point order: apps/api/src/recon/ranges/key-collation.ts); the engine
   * still verifies the order, so a collation that differs fails the run rather than its breaks.
   */
  ownCollation?: boolean;
}

/**
 * Key field `index` of a side as the SQL value the engine's order sorts by (postgresKeyOrder
 * without `ASC NULLS LAST`): text `COLLATE "C"`, lower-cased uuid text, numeric, timestamptz.
 */
export function postgresKeyExpression(plan: ReconPlan, side: Side, index: number, options: KeyOrderOptions = {}): string {
  const k = plan.keys[index]!;
  const name = sideName(k, side);
  const expr = mappedExpression(plan, side, name);
  switch (k.type) {
    case 'string':
      return options.ownCollation && !keyMapping(plan, side, name) ? quoteIdent(name) : `(${expr})::text COLLATE "C"`;
    case 'uuid':
      return `lower((${expr})::text) COLLATE "C"`;
    case 'number':
      return `(${expr})::numeric`;
    case 'date':
      return `(${expr})::timestamptz`;
  }
}

/**
 * A range of the first key field's values in the engine's order: from `from` (included) up to
 * `to` (left out); null for an open end. Null keys sort last, so the range open at its end takes
 * them (read by a statement of their own: postgresNullKey). Bounds are text in the key type's SQL
 * form (postgresKeyExpression).
 */
export interface KeyRange {
  from: string | null;
  to: string | null;
}

/**
 * The condition that keeps a side's rows whose first key field is not null and falls in `range`,
 * with the bounds as bind parameters numbered from `firstParam` (or as `param` writes them: literals
 * for a COPY, which takes no bind parameters). Every row of a key has the same
 * first field, so ranges that meet (one's `to` the next one's `from`) split a side's keys between
 * them without losing or repeating a key; the rows with a null first field are read apart
 * (postgresNullKey). Plain comparisons, so that PostgreSQL bounds an index scan with them (an
 * `OR … IS NULL` here made it scan the index from its start and filter).
 */
export function postgresKeyRange(
  plan: ReconPlan,
  side: Side,
  range: KeyRange,
  firstParam: number,
  param: (value: string, n: number) => string = (_value, n) => `$${n}`,
  options: KeyOrderOptions = {},
): { sql: string; values: string[] } {
  const expr = postgresKeyExpression(plan, side, 0, options);
  const cast = BOUND_CAST[plan.keys[0]!.type];
  const sql: string[] = [];
  const values: string[] = [];
  const bound = (value: string) => `${param(value, firstParam + values.push(value) - 1)}::${cast}`;
  if (range.from !== null) sql.push(`${expr} >= ${bound(range.from)}`);
  if (range.to !== null) sql.push(`${expr} < ${bound(range.to)}`);
  if (!sql.length) sql.push(`${expr} is not null`);
  return { sql: sql.join(' and '), values };
}

/** The condition that keeps a side's rows whose first key field is null (they sort after every range). */
export function postgresNullKey(plan: ReconPlan, side: Side, options: KeyOrderOptions = {}): string {
  return `${postgresKeyExpression(plan, side, 0, options)} is null`;
}

const BOUND_CAST: Record<KeyType, string> = { string: 'text', uuid: 'text', number: 'numeric', date: 'timestamptz' };

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The string key fields of a side read as they are (no mapping): the columns `ownCollation` orders by their own collation. */
export function postgresPlainStringKeys(plan: ReconPlan, side: Side): string[] {
  return plan.keys.filter((k) => k.type === 'string' && !keyMapping(plan, side, sideName(k, side))).map((k) => sideName(k, side));
}

/** The column of a side's rows that key field `index` is read from (before any mapping). */
export function postgresKeyColumn(plan: ReconPlan, side: Side, index: number): string {
  const name = sideName(plan.keys[index]!, side);
  return keyMapping(plan, side, name)?.from ?? name;
}

function keyMapping(plan: ReconPlan, side: Side, name: string) {
  return [...plan.mappings[side]].reverse().find((m) => (m.to ?? m.from) === name);
}

function mappedExpression(plan: ReconPlan, side: Side, name: string): string {
  const mapping = keyMapping(plan, side, name);
  if (!mapping) return quoteIdent(name);
  let expr = quoteIdent(mapping.from);
  if (mapping.trim) expr = `btrim((${expr})::text)`;
  if (mapping.nullIfEmpty) expr = `nullif(btrim((${expr})::text), '')`;
  if (mapping.upper) expr = `upper((${expr})::text)`;
  else if (mapping.lower) expr = `lower((${expr})::text)`;
  if (mapping.minorUnits !== undefined) {
    if (typeof mapping.minorUnits !== 'number') {
      throw new Error(`key field "${name}" is converted from minor units by currency, which SQL cannot order the same way; sort this side in the engine`);
    }
    expr = `(${expr})::numeric`;
  }
  return expr;
}
