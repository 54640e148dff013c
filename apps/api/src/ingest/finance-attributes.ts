import {
  CURRENCY_PATTERN,
  DATA_STATUSES,
  type DataStatus,
  DECIMAL_PATTERN,
  ERROR_CLASSES,
  type ErrorClass,
  FINANCE_ATTR,
  PERIOD_PATTERN,
  type Stage,
  STAGES,
} from '@closewatch/contracts/finance';
import { type AttributeValue, type Attributes } from './otlp-span';

/** The finance step a span describes (the telemetry contract, docs/semantic-conventions.md), validated. */
export interface FinanceFields {
  flowId: string;
  recordKey: string;
  recordType: string | null;
  stage: Stage;
  system: string;
  amount: string | null;
  currency: string | null;
  entity: string | null;
  period: string | null;
  dataStatus: DataStatus | null;
  mappingVersion: string | null;
  batchId: string | null;
  errorClass: ErrorClass | null;
}

export type FinanceRead =
  /** No finance.flow + finance.record.key: a plain span, kept as trace context. */
  | { kind: 'plain' }
  | { kind: 'hop'; fields: FinanceFields }
  /** A finance span that cannot be used; `problem` names the attribute. */
  | { kind: 'invalid'; problem: string };

const SERVICE_NAME = 'service.name';

/**
 * Reads the finance.* attributes of a span; span-level values win over resource-level ones, and
 * finance.system defaults to the resource's service.name.
 */
export function readFinanceAttributes(span: Attributes, resource: Attributes): FinanceRead {
  const get = (name: string): AttributeValue | undefined => span[name] ?? resource[name] ?? undefined;
  const flowRaw = get(FINANCE_ATTR.flow);
  const keyRaw = get(FINANCE_ATTR.recordKey);
  if (flowRaw === undefined || keyRaw === undefined) return { kind: 'plain' };
  try {
    const stageText = text(get(FINANCE_ATTR.stage), FINANCE_ATTR.stage, 50);
    if (stageText === null) throw new Problem(`${FINANCE_ATTR.stage} is missing (one of ${STAGES.join(', ')})`);
    const stage = oneOf(stageText, STAGES, FINANCE_ATTR.stage);
    const amount = decimal(get(FINANCE_ATTR.amount));
    const currency = pattern(get(FINANCE_ATTR.currency), FINANCE_ATTR.currency, CURRENCY_PATTERN, 'an ISO 4217 code such as "USD"');
    if (amount !== null && currency === null) throw new Problem(`${FINANCE_ATTR.currency} is required when ${FINANCE_ATTR.amount} is given`);
    const system = text(span[FINANCE_ATTR.system] ?? resource[FINANCE_ATTR.system] ?? resource[SERVICE_NAME] ?? undefined, FINANCE_ATTR.system, 200);
    if (system === null) throw new Problem(`${FINANCE_ATTR.system} is missing and the resource has no ${SERVICE_NAME}`);
    return {
      kind: 'hop',
      fields: {
        flowId: required(flowRaw, FINANCE_ATTR.flow, 200),
        recordKey: required(keyRaw, FINANCE_ATTR.recordKey, 500),
        recordType: text(get(FINANCE_ATTR.recordType), FINANCE_ATTR.recordType, 100),
        stage,
        system,
        amount,
        currency,
        entity: text(get(FINANCE_ATTR.entity), FINANCE_ATTR.entity, 100),
        period: pattern(get(FINANCE_ATTR.period), FINANCE_ATTR.period, PERIOD_PATTERN, 'an accounting period YYYY-MM'),
        dataStatus: nullableOneOf(text(get(FINANCE_ATTR.dataStatus), FINANCE_ATTR.dataStatus, 50), DATA_STATUSES, FINANCE_ATTR.dataStatus),
        mappingVersion: text(get(FINANCE_ATTR.mappingVersion), FINANCE_ATTR.mappingVersion, 100),
        batchId: text(get(FINANCE_ATTR.batchId), FINANCE_ATTR.batchId, 200),
        errorClass: nullableOneOf(text(get(FINANCE_ATTR.errorClass), FINANCE_ATTR.errorClass, 50), ERROR_CLASSES, FINANCE_ATTR.errorClass),
      },
    };
  } catch (err) {
    if (err instanceof Problem) return { kind: 'invalid', problem: err.message };
    throw err;
  }
}

class Problem extends Error {}

function show(v: AttributeValue): string {
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** A scalar attribute as trimmed text; null when absent. */
function text(v: AttributeValue | undefined, name: string, max: number): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') throw new Problem(`${name} must be a string, not ${show(v)}`);
  const s = String(v).trim();
  if (s.length === 0) return null;
  if (s.length > max) throw new Problem(`${name} is longer than ${max} characters`);
  return s;
}

function required(v: AttributeValue, name: string, max: number): string {
  const s = text(v, name, max);
  if (s === null) throw new Problem(`${name} is empty`);
  return s;
}

function oneOf<T extends string>(s: string, values: readonly T[], name: string): T {
  if (!(values as readonly string[]).includes(s)) throw new Problem(`${name} ${show(s)} is not one of ${values.join(', ')}`);
  return s as T;
}

function nullableOneOf<T extends string>(s: string | null, values: readonly T[], name: string): T | null {
  return s === null ? null : oneOf(s, values, name);
}

function pattern(v: AttributeValue | undefined, name: string, re: RegExp, what: string): string | null {
  const s = text(v, name, 50);
  if (s !== null && !re.test(s)) throw new Problem(`${name} ${show(s)} is not ${what}`);
  return s;
}

/**
 * finance.amount as an exact decimal string: a decimal string is kept digit for digit; a double
 * or integer attribute is written in its shortest exact decimal form (at most 10 decimals).
 */
function decimal(v: AttributeValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Problem(`${FINANCE_ATTR.amount} ${show(v)} is not a finite number`);
    s = String(v);
    if (/e/i.test(s) || /\.\d{11,}$/.test(s)) s = v.toFixed(10).replace(/\.?0+$/, '');
  } else if (typeof v === 'string') {
    s = v.trim();
  } else {
    throw new Problem(`${FINANCE_ATTR.amount} must be a decimal string or a number, not ${show(v)}`);
  }
  if (!DECIMAL_PATTERN.test(s)) throw new Problem(`${FINANCE_ATTR.amount} ${show(v)} is not a decimal amount such as "1234.56"`);
  return s;
}
