import { FINANCE_ATTR } from '@closewatch/contracts/finance';
import { type FinanceFields } from './finance-attributes';
import { type Attributes, newAttributes } from './otlp-span';

/**
 * The finance.* span attributes a hop row holds in its columns, each with its bit in
 * `hops.finance_attributes`. A span attribute whose value is exactly the column's text is not
 * stored again in `hops.attributes`: its bit is set instead, and the view `trace_spans` puts it
 * back from the column (migration 1763800008000 lists the same bits). Values that differ from
 * the column (an amount sent as a number, text with surrounding spaces, attributes inherited
 * from the resource) stay in `attributes` as sent, so the trace view shows every span
 * attribute exactly as it arrived. Order matters: a key's index is its bit.
 */
export const STORED_FINANCE_ATTRIBUTES: readonly { key: string; field: keyof FinanceFields }[] = [
  { key: FINANCE_ATTR.flow, field: 'flowId' },
  { key: FINANCE_ATTR.recordKey, field: 'recordKey' },
  { key: FINANCE_ATTR.recordType, field: 'recordType' },
  { key: FINANCE_ATTR.stage, field: 'stage' },
  { key: FINANCE_ATTR.system, field: 'system' },
  { key: FINANCE_ATTR.amount, field: 'amount' },
  { key: FINANCE_ATTR.currency, field: 'currency' },
  { key: FINANCE_ATTR.entity, field: 'entity' },
  { key: FINANCE_ATTR.period, field: 'period' },
  { key: FINANCE_ATTR.dataStatus, field: 'dataStatus' },
  { key: FINANCE_ATTR.mappingVersion, field: 'mappingVersion' },
  { key: FINANCE_ATTR.batchId, field: 'batchId' },
  { key: FINANCE_ATTR.errorClass, field: 'errorClass' },
];

/** Each stored key's bit. */
const BIT_OF: ReadonlyMap<string, number> = new Map(STORED_FINANCE_ATTRIBUTES.map(({ key }, bit) => [key, 1 << bit]));

export interface SplitAttributes {
  /** The span attributes not held by a column (all of them when `stored` is 0). */
  attributes: Attributes;
  /** Bits of the finance attributes held by the hop's columns. */
  stored: number;
}

/** Splits a finance span's attributes into what the hop's columns hold and the rest. */
export function splitStoredFinanceAttributes(attributes: Attributes, fields: FinanceFields): SplitAttributes {
  let stored = 0;
  STORED_FINANCE_ATTRIBUTES.forEach(({ key, field }, bit) => {
    const value = attributes[key];
    if (typeof value === 'string' && value === fields[field] && (field !== 'amount' || numericPrintsAsSent(value))) stored |= 1 << bit;
  });
  if (stored === 0) return { attributes, stored };
  const rest = newAttributes();
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined && (stored & (BIT_OF.get(key) ?? 0)) === 0) rest[key] = value;
  }
  return { attributes: rest, stored };
}

/** Whether PostgreSQL's numeric prints this decimal text back unchanged (no leading zeros, no -0). */
function numericPrintsAsSent(s: string): boolean {
  return /^-?(0|[1-9]\d*)(\.\d+)?$/.test(s) && !(s.startsWith('-') && !/[1-9]/.test(s));
}
