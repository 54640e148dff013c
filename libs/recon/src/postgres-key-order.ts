import { asPlan, type ReconPlan } from './compile';
import { type ReconDefinition, type Side, sideName } from './definition';

/**
 * The ORDER BY list that makes PostgreSQL return a side's rows in the engine's key order, for
 * a query wrapped as `SELECT * FROM (<query>) AS q ORDER BY <this>`: strings `COLLATE "C"`
 * (code point order), uuids lower-cased, numbers as numeric, dates as timestamptz, every part
 * `ASC NULLS LAST`. Key fields produced by a mapping are ordered by the mapped expression
 * (trim → btrim, upper, lower, nullIfEmpty → nullif). The engine still verifies the order; a
 * mapping SQL cannot reproduce exactly (minor units per currency) throws: sort such a side in
 * the engine instead (`sorted: false`).
 */
export function postgresKeyOrder(definition: ReconDefinition | ReconPlan, side: Side): string {
  const plan = asPlan(definition);
  return plan.keys
    .map((k) => {
      const name = sideName(k, side);
      const expr = mappedExpression(plan, side, name);
      switch (k.type) {
        case 'string':
          return `(${expr})::text COLLATE "C" ASC NULLS LAST`;
        case 'uuid':
          return `lower((${expr})::text) COLLATE "C" ASC NULLS LAST`;
        case 'number':
          return `(${expr})::numeric ASC NULLS LAST`;
        case 'date':
          return `(${expr})::timestamptz ASC NULLS LAST`;
      }
    })
    .join(', ');
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function mappedExpression(plan: ReconPlan, side: Side, name: string): string {
  const mapping = [...plan.mappings[side]].reverse().find((m) => (m.to ?? m.from) === name);
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
