import { type ReconPlan } from '@closewatch/recon/compile';
import { sideName, type Side } from '@closewatch/recon/definition';

/**
 * The raw field names of a side that carry numbers (compared numbers and amounts, the totals
 * amount, numeric key parts), before mappings rename them: what a CSV with a decimal comma must
 * convert.
 */
export function numericRawFields(plan: ReconPlan, side: Side): Set<string> {
  const names = new Set<string>();
  for (const f of plan.fields) if (f.decimal) names.add(sideName(f, side));
  for (const k of plan.keys) if (k.type === 'number') names.add(sideName(k, side));
  const raw = new Set<string>();
  for (const name of names) {
    const mapping = [...plan.mappings[side]].reverse().find((m) => (m.to ?? m.from) === name);
    raw.add(mapping ? mapping.from : name);
  }
  return raw;
}

/**
 * A number written with a decimal comma (`1.234,56`, `1 234,56`, `-12,5`) in the engine's form
 * (`1234.56`); text that is not such a number is returned as it is.
 */
export function fromDecimalComma(value: string): string {
  const t = value.trim();
  if (!/^[+-]?\d{1,3}([. \u00a0\u202f]?\d{3})*(,\d+)?$/.test(t) && !/^[+-]?\d+(,\d+)?$/.test(t)) return value;
  return t.replace(/[. \u00a0\u202f]/g, '').replace(',', '.');
}
